import { z } from 'zod';
import { isTimeZone } from '../../core/process/close-date.ts';

/**
 * The `timeZone` query parameter of the endpoints whose answer depends on what day it is for the viewer (deal
 * health's passed close date): organizations keep no time zone, so the web app sends the viewer's.
 */
export const timeZoneQuery = z
  .string()
  .max(64)
  .refine(isTimeZone)
  .optional()
  .describe(
    'The viewer’s IANA time zone (e.g. `Asia/Shanghai`): the expected close date has passed once that day has ended there. Default `UTC`.',
  );
