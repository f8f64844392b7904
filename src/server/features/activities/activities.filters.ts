import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { overdueCutoffs } from '../../../core/activity-overdue.ts';
import { isTimeZone } from '../../../core/process/close-date.ts';
import type { CustomFilter } from '../../crud/resource.ts';

const activity = sql.raw('"activities"');

// An instant, optionally followed by the viewer's IANA time zone in brackets (RFC 9557's suffix):
// `2026-03-05T05:00:00Z[Asia/Shanghai]`. One parameter, so the day of a task is read where the viewer is.
const ZONED = /^(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))(?:\[([A-Za-z0-9_+\-/]{1,64})\])?$/;

const zonedInstant = z
  .string()
  .max(100)
  .regex(ZONED)
  .transform((s) => {
    const [, at, timeZone] = ZONED.exec(s)!;
    return { now: new Date(at!), timeZone: timeZone ?? 'UTC' };
  })
  .refine((v) => Number.isFinite(v.now.getTime()) && isTimeZone(v.timeZone));

/** Planned activities on either side of the overdue rule's two cutoffs, at the filter's instant and zone. */
function sideOfCutoffs(value: unknown, overdue: boolean) {
  const { now, timeZone } = value as { now: Date; timeZone: string };
  const { tasksBefore, timedBefore } = overdueCutoffs(now, timeZone);
  const cmp = sql.raw(overdue ? '<' : '>=');
  return sql`(${activity}.status = 'planned' AND (
    (${activity}.type = 'task' AND ${activity}.start_at ${cmp} ${tasksBefore.toISOString()}::timestamptz)
    OR (${activity}.type <> 'task' AND ${activity}.start_at ${cmp} ${timedBefore.toISOString()}::timestamptz)))`;
}

const ZONED_EXAMPLE = '`2026-03-05T05:00:00Z[Asia/Shanghai]`; default UTC';

export const activityFilters: Record<string, CustomFilter> = {
  toDebriefAt: {
    schema: zonedInstant,
    description:
      `Activities waiting for their debrief at this instant (optionally with the viewer’s time zone in brackets, ${ZONED_EXAMPLE}): ` +
      'planned, and their time has passed — a task once its due day has ended in that zone, any other activity ' +
      'an hour after it started (the overdue badge’s rule)',
    where: (value) => sideOfCutoffs(value, true),
  },
  upcomingAt: {
    schema: zonedInstant,
    description:
      `The complement of \`toDebriefAt\` among planned activities with a date (same format, ${ZONED_EXAMPLE}): ` +
      'tasks due that day or later, other activities that started less than an hour before or later',
    where: (value) => sideOfCutoffs(value, false),
  },
};
