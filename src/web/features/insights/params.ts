// The dashboards' filters live in the URL (a view can be linked and survives a reload): the month range,
// the pipeline, the grouping, the forecast period and whether roll-ups are per person or per team.
import { useSearchParams } from 'react-router';
import { addMonths, quarterOf } from '../../../core/analytics/periods.ts';
import { localMonth } from '../../lib/format.ts';
import { monthParam, periodParam } from '../../lib/insights.ts';

export const GROUPINGS = ['owner', 'team', 'pipeline', 'product', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export type Rollup = 'owner' | 'team';

/**
 * The groupings a viewer may pick. Someone who sees only their own deals (a rep, presales) is not offered
 * Team: the row would carry the team's name over their own figures, and the forecast and quota tabs show a
 * team only to whoever sees all of it.
 */
export function groupingsFor(role: string): readonly Grouping[] {
  return role === 'rep' || role === 'presales' ? GROUPINGS.filter((g) => g !== 'team') : GROUPINGS;
}

/** The grouping in the URL when the viewer may pick it, else the fallback (a linked view of another role). */
export function readGrouping(raw: string | null, allowed: readonly Grouping[], fallback: Grouping): Grouping {
  return (allowed as readonly string[]).includes(raw ?? '') ? (raw as Grouping) : fallback;
}

export type InsightParams = {
  from: string;
  to: string;
  /** '' = every pipeline (the funnel then shows the default one). */
  pipeline: string;
  groupBy: Grouping;
  period: string;
  rollup: Rollup;
};

const UUID = /^[0-9a-f-]{36}$/i;

export function useInsightParams(defaults: {
  groupBy: Grouping;
  rollup: Rollup;
  groupings: readonly Grouping[];
}) {
  const [params, setParams] = useSearchParams();
  const current = localMonth();
  const to = monthParam(params.get('to'), current);
  const fromRaw = monthParam(params.get('from'), addMonths(to, -11));
  const groupBy = readGrouping(params.get('groupBy'), defaults.groupings, defaults.groupBy);
  const rollup =
    params.get('rollup') === 'owner' || params.get('rollup') === 'team'
      ? (params.get('rollup') as Rollup)
      : defaults.rollup;
  const pipeline = params.get('pipeline') ?? '';
  // A range the wrong way round is read the right way round.
  const [first, last] = [fromRaw, to].sort() as [string, string];
  const value: InsightParams = {
    from: first,
    to: last,
    pipeline: UUID.test(pipeline) ? pipeline : '',
    groupBy,
    period: periodParam(params.get('period'), quarterOf(current)),
    rollup,
  };
  const set = (patch: Partial<InsightParams>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return { value, set, search: params.toString(), current };
}
