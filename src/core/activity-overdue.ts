/**
 * When a planned activity is overdue: one rule for every place that says so (an activity's badge on a
 * deal, an account or My day, and My day's counts), so they cannot disagree.
 *
 *   - A task is due on a calendar day (its start is only where that day is kept). It is overdue once that
 *     day has ended in the viewer's time zone, as Salesforce and HubSpot count it: a task due today is not
 *     overdue today, whatever the hour.
 *   - A visit, call, meeting, demo or e-mail happens at a time. It is overdue (waiting for its outcome) an
 *     hour after it started.
 *
 * Done and cancelled activities, and activities without a date, are never overdue.
 */

export type OverdueInput = { type: string; status: string; startAt: string | null | undefined };

/** How long after its start a timed activity still counts as under way. */
export const OVERDUE_GRACE_MS = 3_600_000;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day (`YYYY-MM-DD`) of an instant in a time zone; without `timeZone`, the runtime's own (in
 * the browser: the viewer's).
 */
export function calendarDay(at: Date, timeZone?: string): string {
  const key = timeZone ?? '';
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(key, f);
  }
  const parts = f.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whether `a` is overdue at `now`, for a viewer in `timeZone` (default: the runtime's own). */
export function isOverdue(a: OverdueInput, now: Date = new Date(), timeZone?: string): boolean {
  if (a.status !== 'planned' || !a.startAt) return false;
  const start = Date.parse(a.startAt);
  if (!Number.isFinite(start)) return false;
  if (a.type === 'task') return calendarDay(new Date(start), timeZone) < calendarDay(now, timeZone);
  return start < now.getTime() - OVERDUE_GRACE_MS;
}
