// The dashboards' filters live in the URL (a view can be linked and survives a reload): the month range,
// the pipeline, the grouping, the forecast period and whether roll-ups are per person or per team.
import { useSearchParams } from 'react-router';
import { addMonths, quarterOf } from '../../../core/analytics/periods.ts';
import { localMonth } from '../../lib/format.ts';
import { monthParam, periodParam } from '../../lib/insights.ts';

export const GROUPINGS = ['owner', 'team', 'pipeline', 'product', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export type Rollup = 'owner' | 'team';

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

export function useInsightParams(defaults: { groupBy: Grouping; rollup: Rollup }) {
  const [params, setParams] = useSearchParams();
  const current = localMonth();
  const to = monthParam(params.get('to'), current);
  const fromRaw = monthParam(params.get('from'), addMonths(to, -11));
  const groupBy = (GROUPINGS as readonly string[]).includes(params.get('groupBy') ?? '')
    ? (params.get('groupBy') as Grouping)
    : defaults.groupBy;
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
