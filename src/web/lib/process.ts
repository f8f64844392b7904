// The sales process engine as the deal page reads it: the stage path with milestone checklists, deal
// health, and the buying team (stakeholders). Shapes mirror GET /opportunities/:id/process and /health.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  Attitude,
  BuyingRole,
  CriterionConfig,
  CriterionKind,
  FunnelState,
} from '../../core/process/model.ts';
import type { StageTool } from '../../core/stage-tools.ts';
import { api, listAll } from './api.ts';
import { viewerTimeZone } from './time-zone.ts';

export type { Attitude, BuyingRole, CriterionKind, FunnelState };
export const BUYING_ROLES = [
  'decision_maker',
  'economic_buyer',
  'technical_evaluator',
  'user',
  'coach',
  'gatekeeper',
] as const satisfies readonly BuyingRole[];
export const ATTITUDES = ['supporter', 'neutral', 'opponent'] as const satisfies readonly Attitude[];
export const FUNNEL_STATES = ['searching', 'in_funnel', 'best'] as const satisfies readonly FunnelState[];
export const CRITERION_KINDS = [
  'checkbox',
  'document',
  'stakeholder',
  'activity',
  'field',
] as const satisfies readonly CriterionKind[];
export const ATTITUDE_COLOR: Record<Attitude, string> = {
  supporter: 'teal',
  neutral: 'gray',
  opponent: 'red',
};

export type Person = { id: string; name: string } | null;
export type Tool = StageTool;
export type ProcessCriterion = {
  id: string;
  labelEn: string;
  labelZh: string;
  hintEn: string | null;
  hintZh: string | null;
  kind: CriterionKind;
  config: CriterionConfig;
  requiresConfirmation: boolean;
  met: boolean;
  completion: {
    by: Person;
    at: string;
    note: string | null;
    link: string | null;
    confirmedBy: Person;
    confirmedAt: string | null;
  } | null;
};
export type ProcessStage = {
  id: string;
  position: number;
  nameEn: string;
  nameZh: string;
  buyerStepEn: string | null;
  buyerStepZh: string | null;
  funnelState: FunnelState;
  probability: number;
  expectedDays: number | null;
  guidanceEn: string | null;
  guidanceZh: string | null;
  tools: Tool[];
  status: 'done' | 'current' | 'upcoming';
  criteria: ProcessCriterion[];
};
export type StagePeriod = {
  stageId: string;
  enteredAt: string;
  leftAt: string | null;
  enteredBy: Person;
  fromStageId: string | null;
  reason: string | null;
  override: boolean;
  unmetAtEntry: unknown;
};
export type ProcessView = {
  opportunityId: string;
  pipelineId: string;
  stageId: string;
  evidencedStageId: string;
  buyerStep: number | null;
  canOverride: boolean;
  ownerId: string;
  /** The owner's line manager chain: the input of the confirmation rule (core/process/confirmation.ts). */
  ownerManagerIds: string[];
  stages: ProcessStage[];
  history: StagePeriod[];
};
export type Severity = 'info' | 'warning' | 'critical';
export type HealthWarning = {
  code: string;
  severity: Severity;
  message: string;
  suggestion: string;
  tools: Tool[];
};
export type Health = { score: number; evidencedStageId: string; warnings: HealthWarning[] };
export type Stakeholder = {
  id: string;
  opportunityId: string;
  contactId: string;
  role: BuyingRole;
  attitude: Attitude;
  influence: number;
  met: boolean;
  notes: string | null;
  version: number;
};

export const processKeys = {
  process: (id: string) => ['opportunities', 'process', id] as const,
  health: (id: string) => ['opportunities', 'health', id] as const,
  stakeholders: (id: string) => ['stakeholders', 'deal', id] as const,
};

export const SEVERITY_COLOR: Record<Severity, string> = { info: 'blue', warning: 'orange', critical: 'red' };
export const scoreColor = (score: number) => (score >= 80 ? 'teal' : score >= 60 ? 'yellow' : 'red');
/** The text of a bilingual pair in the UI's language. */
export const pick = (lang: string, en: string | null | undefined, zh: string | null | undefined) =>
  (lang.startsWith('zh') ? zh || en : en || zh) ?? '';

export function useProcess(id: string) {
  return useQuery({
    queryKey: processKeys.process(id),
    queryFn: ({ signal }) => api.get<ProcessView>(`/opportunities/${id}/process`, undefined, signal),
  });
}

export function useHealth(id: string, lang: string) {
  return useQuery({
    queryKey: [...processKeys.health(id), lang],
    queryFn: ({ signal }) =>
      api.get<Health>(`/opportunities/${id}/health`, { timeZone: viewerTimeZone() }, signal),
  });
}

export function useStakeholders(id: string) {
  return useQuery({
    queryKey: processKeys.stakeholders(id),
    queryFn: ({ signal }) => listAll<Stakeholder>('/stakeholders', { opportunityId: id }, { signal }),
  });
}

/** After evidence changes (a criterion, a stakeholder, an activity, a field), the process reads are stale. */
export function useRefreshProcess() {
  const qc = useQueryClient();
  return useCallback(
    (id: string) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: processKeys.process(id) }),
        qc.invalidateQueries({ queryKey: processKeys.health(id) }),
        qc.invalidateQueries({ queryKey: processKeys.stakeholders(id) }),
        qc.invalidateQueries({ queryKey: ['opportunities', 'board'] }),
        qc.invalidateQueries({ queryKey: ['home'] }),
      ]).then(() => undefined),
    [qc],
  );
}
