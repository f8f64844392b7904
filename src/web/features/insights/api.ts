// The analytics, forecast and quota reads of the dashboards (shapes from src/core/analytics/model.ts).
import { useQuery } from '@tanstack/react-query';
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
import type { AccuracyRow } from '../../lib/insights.ts';

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
  rows: (ForecastRow & { submission: Submission | null })[];
  total: ForecastFigures;
};
export type Accuracy = { kind: 'month' | 'quarter'; from: string; to: string; rows: AccuracyRow[] };

type Params = Record<string, string | undefined>;

/** Every dashboard read is keyed under `insights`, so a forecast call or a quota change refreshes them. */
export function useInsight<T>(path: string, params: Params, enabled = true) {
  return useQuery({
    queryKey: ['insights', path, params],
    queryFn: ({ signal }) => api.get<T>(path, params, signal),
    staleTime: 60_000,
    enabled,
  });
}
