/** The shapes the process engine reasons about. Pure data: the server fills them, the web app shows them. */
import type { StageTool } from '../stage-tools.ts';

export type CriterionKind = 'checkbox' | 'stakeholder' | 'activity' | 'field' | 'document';
export type BuyingRole =
  | 'decision_maker'
  | 'economic_buyer'
  | 'technical_evaluator'
  | 'user'
  | 'coach'
  | 'gatekeeper';
export type Attitude = 'supporter' | 'neutral' | 'opponent';
export type FunnelState = 'searching' | 'in_funnel' | 'best';
export type Locale = 'en' | 'zh-CN';

export const BUYING_ROLES: readonly BuyingRole[] = [
  'decision_maker',
  'economic_buyer',
  'technical_evaluator',
  'user',
  'coach',
  'gatekeeper',
];
export const CRITERION_KINDS: readonly CriterionKind[] = [
  'checkbox',
  'stakeholder',
  'activity',
  'field',
  'document',
];

export type CriterionConfig = {
  role?: BuyingRole;
  met?: boolean;
  attitude?: Attitude;
  activityType?: string;
  field?: string;
};

export type Criterion = {
  id: string;
  labelEn: string;
  labelZh: string;
  hintEn?: string | null;
  hintZh?: string | null;
  kind: CriterionKind;
  config: CriterionConfig;
  requiresConfirmation: boolean;
};

export type Stage = {
  id: string;
  position: number;
  nameEn: string;
  nameZh: string;
  expectedDays: number;
  funnelState: FunnelState;
  tools: StageTool[];
  criteria: Criterion[];
  /** When the stage was retired (停用; src/core/process/retirement.ts); null or absent: active. */
  retiredAt?: string | null;
};

/** Everything about one deal the milestone and health rules look at. */
export type DealFacts = {
  stageId: string;
  status: 'open' | 'won' | 'lost' | 'no_decision';
  buyerStep: number | null;
  expectedCloseDate: string | null;
  createdAt: string;
  /** When the deal entered its current stage. */
  stageEnteredAt: string;
  /** Opportunity fields by API name (for `field` criteria). */
  fields: Record<string, unknown>;
  completions: { criterionId: string; confirmed: boolean; link: string | null }[];
  stakeholders: { contactId: string; role: BuyingRole; attitude: Attitude; met: boolean }[];
  /** Activity types done on the deal. */
  doneActivityTypes: string[];
  lastActivityAt: string | null;
};

export const label = (c: { labelEn: string; labelZh: string }, locale: Locale) =>
  locale === 'zh-CN' ? c.labelZh : c.labelEn;
export const stageName = (s: { nameEn: string; nameZh: string }, locale: Locale) =>
  locale === 'zh-CN' ? s.nameZh : s.nameEn;
