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

/**
 * The instant the calendar day `day` (`YYYY-MM-DD`) begins in `timeZone` (default: the runtime's own): the
 * first instant whose `calendarDay` is `day` or later. Usually its midnight; where a daylight-saving change
 * skips midnight, the first hour the day has. Found by bisection over the ±14 h the world's offsets span.
 */
export function dayStart(day: string, timeZone?: string): Date {
  const key = `${timeZone ?? ''}|${day}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return new Date(known);
  const noonUtc = Date.parse(`${day}T12:00:00Z`);
  let lo = noonUtc - 40 * 3_600_000; // surely the day before, in every zone
  let hi = noonUtc + 14 * 3_600_000; // surely `day` or later, in every zone
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (calendarDay(new Date(mid), timeZone) < day) lo = mid;
    else hi = mid;
  }
  // Every badge of a list asks for the same day: remember it (bounded; a long-open tab moves on).
  if (dayStarts.size > 500) dayStarts.clear();
  dayStarts.set(key, hi);
  return new Date(hi);
}
const dayStarts = new Map<string, number>();

/**
 * The two instants that divide overdue from not yet, at `now` for a viewer in `timeZone`: a planned task is
 * overdue when it starts before `tasksBefore` (the start of the viewer's today: its due day has ended), any
 * other planned activity when it starts before `timedBefore` (an hour ago). `isOverdue` decides by them,
 * and a list filtered server-side ("To debrief", `toDebriefAt`) compares the stored start with them in SQL,
 * so the list, the badges and the counts agree.
 */
export function overdueCutoffs(now: Date, timeZone?: string): { tasksBefore: Date; timedBefore: Date } {
  return {
    tasksBefore: dayStart(calendarDay(now, timeZone), timeZone),
    timedBefore: new Date(now.getTime() - OVERDUE_GRACE_MS),
  };
}

/**
 * Whether `a` is overdue at `now`, for a viewer in `timeZone` (default: the runtime's own). An overdue
 * activity is one "to debrief": its time has passed and no outcome is recorded (recording one marks it done).
 */
export function isOverdue(
  a: OverdueInput,
  now: Date = new Date(),
  timeZone?: string,
  cutoffs = overdueCutoffs(now, timeZone),
): boolean {
  if (a.status !== 'planned' || !a.startAt) return false;
  const start = Date.parse(a.startAt);
  if (!Number.isFinite(start)) return false;
  return start < (a.type === 'task' ? cutoffs.tasksBefore : cutoffs.timedBefore).getTime();
}
