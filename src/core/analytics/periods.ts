/**
 * Calendar periods of the analytics and the forecast, in UTC: months (`2026-11`) and quarters
 * (`2026-Q4`). Dates are ISO `YYYY-MM-DD` strings.
 */

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

export type Period = {
  key: string;
  kind: 'month' | 'quarter';
  /** First and last day, inclusive. */
  start: string;
  end: string;
  /** The months it spans, `YYYY-MM`. */
  months: string[];
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM` of an ISO date or timestamp (timestamps in UTC). */
export function monthOf(iso: string): string {
  return iso.length <= 10 ? iso.slice(0, 7) : new Date(iso).toISOString().slice(0, 7);
}

/** UTC calendar date of a timestamp. */
export function dateOf(iso: string): string {
  return iso.length <= 10 ? iso : new Date(iso).toISOString().slice(0, 10);
}

export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  return `${yy}-${pad((((m % 12) + 12) % 12) + 1)}`;
}

/** The months from `from` to `to`, inclusive (empty when `to` is before `from`). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function lastDayOfMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

export function parsePeriod(key: string): Period {
  if (!PERIOD_PATTERN.test(key)) throw new Error(`not a period: ${key}`);
  if (key.includes('Q')) {
    const first = `${key.slice(0, 4)}-${pad((Number(key.slice(6)) - 1) * 3 + 1)}`;
    const months = [first, addMonths(first, 1), addMonths(first, 2)];
    return { key, kind: 'quarter', start: `${first}-01`, end: lastDayOfMonth(months[2]!), months };
  }
  return { key, kind: 'month', start: `${key}-01`, end: lastDayOfMonth(key), months: [key] };
}

export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** Whole days from `a` to `b` (dates). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Days two inclusive date ranges share. */
export function overlapDays(aStart: string, aEnd: string, bStart: string, bEnd: string): number {
  const start = aStart > bStart ? aStart : bStart;
  const end = aEnd < bEnd ? aEnd : bEnd;
  return end < start ? 0 : daysBetween(start, end) + 1;
}

/** A quota for [start, end] counted in a period: prorated by the days they share. */
export function proratedQuota(
  q: { periodStart: string; periodEnd: string; amount: number },
  p: Period,
): number {
  const shared = overlapDays(q.periodStart, q.periodEnd, p.start, p.end);
  if (shared === 0) return 0;
  return (q.amount * shared) / (daysBetween(q.periodStart, q.periodEnd) + 1);
}

/** Monday (UTC) of the week of `now`. */
export function weekStart(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The periods a weekly snapshot covers: this month and the next two, this quarter and the next. */
export function snapshotPeriods(now: Date): string[] {
  const month = now.toISOString().slice(0, 7);
  const quarter = quarterOf(month);
  const nextQuarter = quarterOf(addMonths(parsePeriod(quarter).months[2]!, 1));
  return [month, addMonths(month, 1), addMonths(month, 2), quarter, nextQuarter];
}
