/**
 * The drill-down: which deals are behind a figure of the pipeline analytics, as filters of the deal list
 * (`GET /api/v1/opportunities`, and the web app's opportunities page with the same URL parameters). Each
 * function mirrors the definition of its figure (src/core/analytics/reference.ts); an API test holds the
 * list's count and amounts equal to the dashboard's figures.
 */
import type { ForecastCategory, GroupBy, RollupGroupBy, VelocityGroupBy } from './model.ts';
import { lastDayOfMonth, parsePeriod } from './periods.ts';

/** Deal-list filters, as query parameters. */
export type DrillQuery = Record<string, string>;

export type Outcome = 'won' | 'lost' | 'no_decision';
const CLOSED: readonly Outcome[] = ['won', 'lost', 'no_decision'];

/** Closed in the months `from`–`to` (inclusive; closed dates are calendar dates). */
export function closedInMonths(from: string, to: string): DrillQuery {
  return { closedAtFrom: `${from}-01`, closedAtTo: lastDayOfMonth(to) };
}

/** Created in the months `from`–`to`, in UTC (the funnel's cohort); microseconds are the database's precision. */
export function createdInMonths(from: string, to: string): DrillQuery {
  return { createdAtFrom: `${from}-01T00:00:00.000Z`, createdAtTo: `${lastDayOfMonth(to)}T23:59:59.999999Z` };
}

/**
 * The deals of one group key. Range analytics (win rates, cycle time, velocity) group by the owner's own
 * team; roll-ups (forecast, quotas, coverage) by the team's whole subtree. A null key (owners without a
 * team) has no filter: the answer is null, and the figure is not a link.
 */
function groupFilter(
  groupBy: GroupBy | VelocityGroupBy | RollupGroupBy,
  key: string | null,
  teams: 'own' | 'subtree',
): DrillQuery | null {
  if (groupBy === 'none') return {};
  if (key === null) return null;
  switch (groupBy) {
    case 'owner':
      return { ownerId: key };
    case 'team':
      return teams === 'own' ? { ownerTeamId: key } : { ownerTeamTreeId: key };
    case 'pipeline':
      return { pipelineId: key };
    case 'product':
      return { productId: key };
    case 'month':
      return closedInMonths(key, key);
  }
}

/** Win rates and cycle time: deals of a group closed in the range with some outcomes (default all). */
export function closedDealsDrill(q: {
  groupBy: GroupBy | 'none';
  key: string | null;
  from: string;
  to: string;
  pipelineId?: string;
  outcomes?: readonly Outcome[];
}): DrillQuery | null {
  const group = groupFilter(q.groupBy, q.key, 'own');
  if (!group) return null;
  return {
    status: (q.outcomes ?? CLOSED).join(','),
    ...closedInMonths(q.from, q.to),
    ...(q.pipelineId ? { pipelineId: q.pipelineId } : {}),
    // A month group narrows the range to itself (inside the range, as the rows are).
    ...group,
  };
}

/** Velocity: the open deals of a group (any close date). */
export function openDealsDrill(q: {
  groupBy: VelocityGroupBy;
  key: string | null;
  pipelineId?: string;
}): DrillQuery | null {
  const group = groupFilter(q.groupBy, q.key, 'own');
  if (!group) return null;
  return { status: 'open', ...(q.pipelineId ? { pipelineId: q.pipelineId } : {}), ...group };
}

/** Funnel: deals created in the range that reached a stage, optionally only those won or closed. */
export function funnelDrill(q: {
  stageId: string;
  from: string;
  to: string;
  outcome?: 'won' | 'closed';
}): DrillQuery {
  return {
    reachedStageId: q.stageId,
    ...createdInMonths(q.from, q.to),
    ...(q.outcome === 'won' ? { status: 'won' } : q.outcome === 'closed' ? { status: CLOSED.join(',') } : {}),
  };
}

/** Forecast and coverage figures of a period. */
export type PeriodFigure =
  | 'open'
  | Exclude<ForecastCategory, 'closed' | 'omitted'>
  /** The commit category including open deals a rep marked closed. */
  | 'commit'
  | 'won';

const FORECAST_OPEN: readonly ForecastCategory[] = ['pipeline', 'best_case', 'commit', 'closed'];

/**
 * Forecast, quota and coverage: a row's deals in a period. `open` is every open deal expected to close in
 * it (omitted excluded: the forecast's deals and the coverage's open pipeline), a category its open deals
 * (commit with those marked closed), `won` the deals won in it. Team rows roll up their subtree.
 */
export function periodDrill(q: {
  period: string;
  groupBy: RollupGroupBy | 'none';
  key: string | null;
  figure: PeriodFigure;
}): DrillQuery | null {
  const group = q.groupBy === 'none' ? {} : groupFilter(q.groupBy, q.key, 'subtree');
  if (!group) return null;
  const p = parsePeriod(q.period);
  if (q.figure === 'won') return { status: 'won', closedAtFrom: p.start, closedAtTo: p.end, ...group };
  const categories =
    q.figure === 'open'
      ? FORECAST_OPEN
      : q.figure === 'commit'
        ? (['commit', 'closed'] as const)
        : [q.figure];
  return {
    status: 'open',
    forecastCategory: categories.join(','),
    expectedCloseDateFrom: p.start,
    expectedCloseDateTo: p.end,
    ...group,
  };
}

/** The filter keys a drill-down can set (the deal list honours them from its URL). */
export const DRILL_KEYS = [
  'status',
  'ownerId',
  'ownerTeamId',
  'ownerTeamTreeId',
  'pipelineId',
  'productId',
  'reachedStageId',
  'forecastCategory',
  'closedAtFrom',
  'closedAtTo',
  'createdAtFrom',
  'createdAtTo',
  'expectedCloseDateFrom',
  'expectedCloseDateTo',
] as const;
