// Pure helpers of the insights dashboards: month and period choices, labels, the shapes the charts draw
// from the analytics answers, the team roll-up order, and who may call a forecast.
import type { DrillQuery } from '../../core/analytics/drill.ts';
import { NO_PRODUCT } from '../../core/analytics/model.ts';
import {
  addMonths,
  MONTH_PATTERN,
  monthRange,
  parsePeriod,
  quarterOf,
} from '../../core/analytics/periods.ts';

/** `2026-11` → `Nov 2026` / `2026年11月`. */
export function formatMonth(month: string, locale: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

/** A month (`2026-11`) or a quarter: `Q4 2026` / `2026年第4季度`. */
export function formatPeriod(period: string, locale: string): string {
  const p = parsePeriod(period);
  if (p.kind === 'month') return formatMonth(period, locale);
  const q = period.slice(6);
  const y = period.slice(0, 4);
  return locale.startsWith('zh') ? `${y}年第${q}季度` : `Q${q} ${y}`;
}

export type Option = { value: string; label: string };

/** How far back the month choices reach at least (before the first deal is known, or a young organization). */
export const MONTHS_BACK = 35;
/** …and at most: a stray date decades back (a typo in an import) must not make the list endless. */
export const MONTHS_BACK_MAX = 30 * 12;

/**
 * The months a range can start or end in, newest first: every month from the first one with deals
 * (`first`, as far back as imported history goes) or the earliest month of `keep` (the range in the URL)
 * to the current one — at least three years, at most thirty — and the months of `keep` wherever they are
 * (ahead of today, or beyond thirty years), so the boxes always show what the charts show.
 */
export function monthOptions(
  current: string,
  locale: string,
  opts: { first?: string | null; keep?: readonly string[] } = {},
): Option[] {
  const keep = (opts.keep ?? []).filter((m) => MONTH_PATTERN.test(m));
  // Months as YYYY-MM compare as text: the earliest wanted, but not before the floor.
  const earliest = [
    addMonths(current, -MONTHS_BACK),
    ...(opts.first ? [opts.first] : []),
    ...keep,
  ].sort()[0]!;
  const start = [earliest, addMonths(current, -MONTHS_BACK_MAX)].sort()[1]!;
  return [...new Set([...monthRange(start, current), ...keep])]
    .sort()
    .reverse()
    .map((m) => ({ value: m, label: formatMonth(m, locale) }));
}

/**
 * Forecast and quota periods: quarters (last four to next two), then months (last six to next six), plus
 * the periods of `keep` (the one in the URL) wherever they are, so a linked view shows its period in the box.
 */
export function periodOptions(
  current: string,
  locale: string,
  opts: { keep?: readonly string[] } = {},
): { group: string; items: Option[] }[] {
  const q = quarterOf(current);
  const keep = opts.keep ?? [];
  const around: string[] = [];
  for (let i = -4; i <= 2; i++) around.push(quarterOf(addMonths(parsePeriod(q).months[0]!, i * 3)));
  // YYYY-Qn and YYYY-MM both sort as text.
  const quarters = [...new Set([...around, ...keep.filter((k) => /^\d{4}-Q[1-4]$/.test(k))])].sort();
  const months = [
    ...new Set([
      ...monthRange(addMonths(current, -6), addMonths(current, 6)),
      ...keep.filter((k) => MONTH_PATTERN.test(k)),
    ]),
  ].sort();
  return [
    { group: 'quarter', items: quarters.map((p) => ({ value: p, label: formatPeriod(p, locale) })) },
    { group: 'month', items: months.map((p) => ({ value: p, label: formatPeriod(p, locale) })) },
  ];
}

/** The deal list behind a figure. */
export function drillHref(q: DrillQuery): string {
  return `/opportunities?${new URLSearchParams(q).toString()}`;
}

/** `0.4213` → `42%` (null: `—`). */
export function formatRate(r: number | null | undefined, locale: string, digits = 0): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(r);
}

/** `12.5` → `12.5` days; null `—`. */
export function formatDays(d: number | null | undefined, locale: string): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(d);
}

/** A group's label: owners without a team and deals without a product have none, `none` says so. */
/**
 * An analytic grouped by pipeline with each row named in the reader's language: the server labels a
 * pipeline by its name, the app shows a zh-CN reader its Chinese name (`pipelineName`). Other data as is.
 */
export function withPipelineNames<T>(data: T, names: ReadonlyMap<string, string>): T {
  const rows = (data as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows) || names.size === 0) return data;
  return {
    ...data,
    rows: rows.map((r: { key?: string | null }) => {
      const name = r.key ? names.get(r.key) : undefined;
      return name === undefined ? r : { ...r, label: name };
    }),
  };
}

export const labelOf = (row: { key: string | null; label: string | null }, none: string) =>
  row.label ?? (row.key === null || row.key === NO_PRODUCT ? none : row.key);

/** What a group without a label is called: deals without a product by product, owners without a team otherwise. */
export const noneLabelKey = (groupBy: string) =>
  groupBy === 'product' ? 'insights.noProduct' : 'insights.noTeam';

export type WinRateRow = {
  key: string | null;
  label: string | null;
  won: number;
  lost: number;
  noDecision: number;
  winRate: number | null;
};

/**
 * The stacked bars of win rates, best first (ECharts draws a horizontal category axis bottom-up, so the
 * lists are reversed for it by the chart): won, lost and no-decision counts per group.
 */
export function winRateBars(rows: readonly WinRateRow[], none: string, byMonth: boolean) {
  const ordered = byMonth
    ? [...rows]
    : [...rows].sort((a, b) => (b.winRate ?? -1) - (a.winRate ?? -1) || b.won + b.lost - (a.won + a.lost));
  return {
    keys: ordered.map((r) => r.key),
    labels: ordered.map((r) => labelOf(r, none)),
    won: ordered.map((r) => r.won),
    lost: ordered.map((r) => r.lost),
    noDecision: ordered.map((r) => r.noDecision),
    rates: ordered.map((r) => r.winRate),
  };
}

export type RollupRow = { key: string | null; parentId: string | null };

/**
 * Team rows in tree order (each parent before its children, siblings in the given order) with their depth
 * among the rows shown; rows whose parent is not shown are roots.
 */
export function rollupOrder<T extends RollupRow>(rows: readonly T[]): (T & { depth: number })[] {
  const shown = new Set(rows.map((r) => r.key));
  const children = new Map<string | null, T[]>();
  for (const r of rows) {
    const parent = r.parentId && shown.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: (T & { depth: number })[] = [];
  const seen = new Set<string | null>();
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      out.push({ ...r, depth });
      if (r.key !== null) walk(r.key, depth + 1);
    }
  };
  walk(null, 0);
  // A cycle in the data would leave rows unvisited: show them at the top level rather than lose them.
  for (const r of rows) if (!seen.has(r.key)) out.push({ ...r, depth: 0 });
  return out;
}

/** Teams someone manages: those whose manager they are, and every team below those. */
export function managedTeamIds(
  userId: string,
  teams: readonly { id: string; parentId: string | null; managerId: string | null }[],
): Set<string> {
  const out = new Set(teams.filter((t) => t.managerId === userId).map((t) => t.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams)
      if (t.parentId && out.has(t.parentId) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
  }
  return out;
}

/**
 * Whether the signed-in user may call the forecast of a row: reps and managers for themselves (owner rows),
 * managers for teams they manage, admins for any team; viewers and enablement never.
 */
export function canCall(
  me: { id: string; role: string },
  row: { key: string | null },
  groupBy: 'owner' | 'team',
  managed: ReadonlySet<string>,
): boolean {
  if (me.role === 'viewer' || me.role === 'enablement' || row.key === null) return false;
  if (groupBy === 'owner') return row.key === me.id;
  return me.role === 'admin' || managed.has(row.key);
}

export type AccuracySnapshot = {
  weekStart: string;
  commit: number;
  closed: number;
  weighted: number;
  historical: number;
  commitAccuracy: number | null;
  weightedAccuracy: number | null;
};
export type AccuracyRow = { period: string; actualWon: number; snapshots: AccuracySnapshot[] };

/** One period's weekly snapshots as lines (commit call = commit + closed, weighted, historical) beside the actual. */
export function accuracySeries(row: AccuracyRow) {
  const snaps = [...row.snapshots].sort((a, b) => (a.weekStart < b.weekStart ? -1 : 1));
  return {
    weeks: snaps.map((s) => s.weekStart),
    call: snaps.map((s) => s.commit + s.closed),
    weighted: snaps.map((s) => s.weighted),
    historical: snaps.map((s) => s.historical),
    actual: snaps.map(() => row.actualWon),
  };
}

/** The month span of a range, for labels: `Jan 2026 – Dec 2026`. */
export function rangeLabel(from: string, to: string, locale: string): string {
  return from === to
    ? formatMonth(from, locale)
    : `${formatMonth(from, locale)} – ${formatMonth(to, locale)}`;
}

/** A URL parameter that must be a month, else the fallback. */
export function monthParam(v: string | null, fallback: string): string {
  return v && MONTH_PATTERN.test(v) ? v : fallback;
}

/** A URL parameter that must be a month or a quarter, else the fallback. */
export function periodParam(v: string | null, fallback: string): string {
  return v && /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(v) ? v : fallback;
}
