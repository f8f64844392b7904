// The analytics, forecast and quota reads of the dashboards (shapes from src/core/analytics/model.ts).
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RolledCall } from '../../../core/analytics/calls.ts';
import type {
  CycleTimeRow,
  ForecastFigures,
  ForecastRow,
  FunnelStage,
  QuotaRow,
  TimeInStageRow,
  VelocityRow,
  WinRateRow,
} from '../../../core/analytics/model.ts';
import { api } from '../../lib/api.ts';
import { type AccuracyRow, withPipelineNames } from '../../lib/insights.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { usePipelines } from '../../lib/queries.ts';

export type Range = { from: string; to: string };
type Totals<R> = Omit<R, 'key' | 'label'>;

export type WinRates = Range & { groupBy: string; rows: WinRateRow[]; total: Totals<WinRateRow> };
export type CycleTime = Range & { groupBy: string; rows: CycleTimeRow[]; total: Totals<CycleTimeRow> };
export type Funnel = Range & { pipelineId: string; stages: FunnelStage[] };
export type TimeInStage = Range & { pipelineId: string; stages: TimeInStageRow[] };
export type Velocity = Range & { groupBy: string; rows: VelocityRow[]; total: Totals<VelocityRow> };
export type QuotaReport = {
  period: string;
  start: string;
  end: string;
  groupBy: 'owner' | 'team';
  rows: QuotaRow[];
  total: Omit<QuotaRow, 'key' | 'label' | 'parentId'>;
};
export type Submission = {
  id: number;
  period: string;
  userId: string | null;
  teamId: string | null;
  subjectName: string | null;
  submittedBy: { id: string; name: string | null };
  systemAmount: number;
  adjustment: number;
  amount: number;
  note: string | null;
  createdAt: string;
};
export type ForecastReport = {
  period: string;
  start: string;
  end: string;
  groupBy: 'owner' | 'team';
  /** `submission`: the row's own latest call; `latestCall`: that, or for a team the roll-up below it. */
  rows: (ForecastRow & { submission: Submission | null; latestCall: RolledCall | null })[];
  total: ForecastFigures;
  totalCall: RolledCall | null;
};
export type Accuracy = { kind: 'month' | 'quarter'; from: string; to: string; rows: AccuracyRow[] };

type Params = Record<string, string | undefined>;

/** Every dashboard read is keyed under `insights`, so a forecast call or a quota change refreshes them. */
export function useInsight<T>(path: string, params: Params, enabled = true) {
  const { pipelines } = usePipelines();
  const { i18n } = useTranslation();
  const byPipeline = params.groupBy === 'pipeline';
  const names = useMemo(
    () => new Map(byPipeline ? pipelines.map((p) => [p.id, pipelineName(p, i18n.language)]) : []),
    [byPipeline, pipelines, i18n.language],
  );
  const select = useCallback((d: T) => withPipelineNames(d, names), [names]);
  return useQuery({
    queryKey: ['insights', path, params],
    queryFn: ({ signal }) => api.get<T>(path, params, signal),
    staleTime: 60_000,
    enabled,
    select,
  });
}
