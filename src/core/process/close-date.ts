import { calendarDay } from '../activity-overdue.ts';

/**
 * When a deal's expected close date has passed: one rule for the deal health the server computes (the
 * `close_date_passed` warning, its score) and for the warnings the web app draws itself (the board's card,
 * the deal lists, My day), so a card never shows a score with the penalty beside a date without the mark.
 *
 * An expected close date is a calendar day with no time zone: the day the buyer is expected to sign. It has
 * passed once that day has ended where the sales team lives — in the organization's time zone, if it had one;
 * organizations have none yet (`organizations` in the tenancy schema), so in the viewer's time zone, the day
 * on the salesperson's own calendar. Not UTC: in Shanghai the UTC day turns at 08:00, in New York at 19:00 or
 * 20:00, and a date would "pass" in the middle of the working day it names.
 */

/** Today's date (`YYYY-MM-DD`) for the sales team in `timeZone`; without it, the runtime's own (the browser's). */
export function salesToday(now: Date = new Date(), timeZone?: string): string {
  return calendarDay(now, timeZone);
}

/** Whether `expectedCloseDate` (`YYYY-MM-DD`) has passed on `today` (from `salesToday`). */
export function closeDatePassed(expectedCloseDate: string | null | undefined, today: string): boolean {
  return !!expectedCloseDate && expectedCloseDate < today;
}

/** Whether `name` is an IANA time zone this runtime knows (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
