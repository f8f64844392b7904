// Record shapes as the API returns them, derived from the server's tables (types only: nothing of the
// server reaches the web bundle). Hidden columns never leave the server, so they are left out here too.

import type { StageTool } from '../../core/stage-tools.ts';
import type { quotas } from '../../server/db/schema/analytics.ts';
import type {
  accountTier,
  activityStatus,
  activityType,
  companySize,
  forecastCategory,
  opportunityStatus,
  userRole,
} from '../../server/db/schema/enums.ts';
import type {
  accounts,
  activities,
  contacts,
  notes,
  opportunities,
  pipelines,
  products,
} from '../../server/db/schema/sales.ts';
import type { teams, users } from '../../server/db/schema/tenancy.ts';

type Hidden = 'orgId' | 'nameBigrams' | 'nameKey' | 'passwordHash';
type Out<T extends { $inferSelect: object }> = Omit<T['$inferSelect'], Hidden>;

export type Account = Out<typeof accounts>;
export type Contact = Out<typeof contacts>;
export type Opportunity = Out<typeof opportunities> & {
  lineItems?: { productId: string; quantity: number; unitPrice: number }[];
  members?: { userId: string; role: string }[];
};
export type Activity = Out<typeof activities> & { participantContactIds?: string[] };
export type Note = Out<typeof notes>;
export type Product = Out<typeof products>;
/** `canSignIn` comes with /users rows (derived: an e-mail and a password are set), not with /auth/me. */
export type User = Out<typeof users> & { canSignIn?: boolean };
export type Team = Out<typeof teams>;
export type Quota = Out<typeof quotas>;
export type Stage = {
  id: string;
  position: number;
  nameEn: string;
  nameZh: string;
  probability: number;
  tools?: StageTool[];
  /** When the stage was retired (停用): it takes no new deals (src/core/process/retirement.ts); null: active. */
  retiredAt?: string | null;
};
export type Pipeline = Out<typeof pipelines> & { stages: Stage[] };

export type AccountTier = (typeof accountTier.enumValues)[number];
export type CompanySize = (typeof companySize.enumValues)[number];
export type OpportunityStatus = (typeof opportunityStatus.enumValues)[number];
export type ForecastCategory = (typeof forecastCategory.enumValues)[number];
export type ActivityType = (typeof activityType.enumValues)[number];
export type ActivityStatus = (typeof activityStatus.enumValues)[number];
export type Role = (typeof userRole.enumValues)[number];
export type Locale = 'en' | 'zh-CN';

// The same values at runtime, checked against the server's enums by the compiler.
export const ACCOUNT_TIERS = [
  'strategic',
  'key',
  'growth',
  'standard',
] as const satisfies readonly AccountTier[];
export const COMPANY_SIZES = [
  '1-49',
  '50-249',
  '250-999',
  '1000-4999',
  '5000+',
] as const satisfies readonly CompanySize[];
export const OPPORTUNITY_STATUSES = [
  'open',
  'won',
  'lost',
  'no_decision',
] as const satisfies readonly OpportunityStatus[];
export const FORECAST_CATEGORIES = [
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
] as const satisfies readonly ForecastCategory[];
export const ACTIVITY_TYPES = [
  'visit',
  'call',
  'meeting',
  'demo',
  'email',
  'task',
] as const satisfies readonly ActivityType[];
export const ACTIVITY_STATUSES = [
  'planned',
  'done',
  'cancelled',
] as const satisfies readonly ActivityStatus[];
export const ROLES = [
  'admin',
  'manager',
  'rep',
  'presales',
  'enablement',
  'viewer',
] as const satisfies readonly Role[];

export type Me = {
  user: { id: string; name: string; email: string | null; role: Role; locale: Locale };
  organization: { id: string; slug: string; name: string; defaultCurrency: string };
};

export type ListPage<T> = { items: T[]; nextCursor: string | null };

export type HistoryEntry = {
  id: number;
  at: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  actor: { id: string; name: string } | null;
};

export type BoardItem = {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  ownerId: string;
  ownerName: string;
  amount: number;
  currency: string;
  expectedCloseDate: string | null;
  nextStep: string | null;
  forecastCategory: ForecastCategory;
  stageId: string;
  version: number;
  updatedAt: string;
  /** Server-side deal health (see GET /opportunities/:id/health). */
  health?: {
    score: number;
    warnings: { code: string; severity: 'info' | 'warning' | 'critical'; message: string }[];
  } | null;
};
