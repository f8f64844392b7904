import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, isoTimestamp, orgId, recordColumns } from './columns.ts';
import { forecastCategory, opportunityStatus } from './enums.ts';
import { organizations, teams, users } from './tenancy.ts';

/**
 * Pipeline science storage. The analytics read small summary tables instead of scanning the deals and
 * their stage history:
 *
 *   analytics_deals            one row per live (not deleted) deal: what the deal contributes to the
 *                              summaries, derived from opportunities, stage_periods and line items
 *   analytics_stage_summary    org × pipeline × owner × cohort month (deal created) × stage:
 *                              deals that reached the stage (and of those, won / closed), entered it,
 *                              completed stays and their total time, open stays
 *   analytics_outcome_summary  org × closed month × owner × pipeline × product (NULL = the deal itself,
 *                              whatever its products; the nil UUID = deals without a product, drizzle/0017;
 *                              else each product of the deal): won / lost / no-decision counts and amounts,
 *                              won cycle days
 *   analytics_cycle_summary    the same keys × cycle days: won deals (exact medians)
 *   analytics_open_summary     org × expected close month × owner × pipeline × stage × forecast category:
 *                              open deals and amount
 *
 * Triggers on opportunities, stage_periods and opportunity_line_items keep them exact in the transaction of
 * the write (drizzle/0006, 0008-0011): the deal's stored contribution is subtracted, recomputed from the raw
 * rows and added back — for small writes once per transaction, at commit (a queue table in the
 * `winpath_internal` schema), for statements touching over 1,000 deals at once. Bulk loads may switch the
 * triggers off for their transaction (`SET LOCAL winpath.analytics = 'off'`) and call
 * `winpath_analytics_rebuild(org)` (or `rebuildAnalytics`) at the end.
 */
export const analyticsDeals = pgTable(
  'analytics_deals',
  {
    opportunityId: uuid().primaryKey(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    ownerId: uuid().notNull(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    status: opportunityStatus().notNull(),
    forecastCategory: forecastCategory().notNull(),
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    createdMonth: date({ mode: 'string' }).notNull(),
    closedMonth: date({ mode: 'string' }),
    /** Month of the expected close date (open deals' forecast period). */
    closeMonth: date({ mode: 'string' }),
    /** Won deals: closed date minus created date (UTC), in days. */
    cycleDays: integer(),
    /** Distinct products on the deal. */
    products: uuid().array().notNull(),
    /**
     * Per stage the deal reached (every stage of a pipeline up to the furthest one it entered), in parallel
     * arrays: the stage, its pipeline, whether the deal entered it, completed stays, their total
     * milliseconds, open stays.
     */
    stageIds: uuid().array().notNull(),
    stagePipelineIds: uuid().array().notNull(),
    stageEntered: integer().array().notNull(),
    stageStays: integer().array().notNull(),
    stageMs: bigint({ mode: 'number' }).array().notNull(),
    stageOpen: integer().array().notNull(),
  },
  (t) => [index('analytics_deals_org_owner_idx').on(t.orgId, t.ownerId)],
);

export const analyticsStageSummary = pgTable(
  'analytics_stage_summary',
  {
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    pipelineId: uuid().notNull(),
    cohortMonth: date({ mode: 'string' }).notNull(),
    ownerId: uuid().notNull(),
    stageId: uuid().notNull(),
    reached: integer().notNull(),
    reachedWon: integer().notNull(),
    reachedClosed: integer().notNull(),
    entered: integer().notNull(),
    stays: integer().notNull(),
    stayMs: bigint({ mode: 'number' }).notNull(),
    openStays: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.pipelineId, t.cohortMonth, t.ownerId, t.stageId] })],
);

export const analyticsOutcomeSummary = pgTable(
  'analytics_outcome_summary',
  {
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    closedMonth: date({ mode: 'string' }).notNull(),
    ownerId: uuid().notNull(),
    pipelineId: uuid().notNull(),
    productId: uuid(),
    won: integer().notNull(),
    lost: integer().notNull(),
    noDecision: integer().notNull(),
    wonAmount: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    lostAmount: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    noDecisionAmount: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    wonCycleDays: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    unique('analytics_outcome_summary_key')
      .on(t.orgId, t.closedMonth, t.ownerId, t.pipelineId, t.productId)
      .nullsNotDistinct(),
  ],
);

export const analyticsCycleSummary = pgTable(
  'analytics_cycle_summary',
  {
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    closedMonth: date({ mode: 'string' }).notNull(),
    ownerId: uuid().notNull(),
    pipelineId: uuid().notNull(),
    productId: uuid(),
    cycleDays: integer().notNull(),
    won: integer().notNull(),
  },
  (t) => [
    unique('analytics_cycle_summary_key')
      .on(t.orgId, t.closedMonth, t.ownerId, t.pipelineId, t.productId, t.cycleDays)
      .nullsNotDistinct(),
  ],
);

export const analyticsOpenSummary = pgTable(
  'analytics_open_summary',
  {
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    closeMonth: date({ mode: 'string' }),
    ownerId: uuid().notNull(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    forecastCategory: forecastCategory().notNull(),
    deals: integer().notNull(),
    amount: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [
    unique('analytics_open_summary_key')
      .on(t.orgId, t.closeMonth, t.ownerId, t.pipelineId, t.stageId, t.forecastCategory)
      .nullsNotDistinct(),
  ],
);

/**
 * The stage order each pipeline had when the deals' contributions were computed ("reached" depends on
 * it); a reorder recomputes the pipeline's deals once, at commit.
 */
export const analyticsPipelineOrder = pgTable('analytics_pipeline_order', {
  pipelineId: uuid().primaryKey(),
  orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
  stageIds: uuid().array().notNull(),
});

/**
 * Quota for a period (inclusive dates). With a user: that person's quota; its team (optional) is the team
 * it counts toward in roll-ups (default: the user's team). With only a team: the team's own quota, which
 * replaces the sum of its members' quotas in roll-ups. A subject's live quotas do not overlap in time
 * (the subject: a person and the team it counts toward, or a team): see `quotas_no_overlap` below.
 */
export const quotas = pgTable(
  'quotas',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid(),
    teamId: uuid(),
    periodStart: date({ mode: 'string' }).notNull(),
    periodEnd: date({ mode: 'string' }).notNull(),
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    note: text(),
    ...recordColumns(),
  },
  (t) => [
    unique('quotas_org_id_id_key').on(t.orgId, t.id),
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'quotas_user_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.teamId],
      foreignColumns: [teams.orgId, teams.id],
      name: 'quotas_team_fk',
    }),
    check('quotas_has_subject', sql`num_nonnulls(${t.userId}, ${t.teamId}) >= 1`),
    check('quotas_period_order', sql`${t.periodEnd} >= ${t.periodStart}`),
    check('quotas_amount_non_negative', sql`${t.amount} >= 0`),
    index('quotas_user_idx').on(t.orgId, t.userId, t.periodStart),
    index('quotas_team_idx').on(t.orgId, t.teamId, t.periodStart),
    // No two live quotas of a subject overlap in time (drizzle/0022_quota_no_overlap.sql): they used to be
    // added up in every roll-up. The subject is the team of a team's own quota, and the person with the
    // team their quota counts toward (none: their own team) — a rep may carry a quota toward each of two
    // teams. Enforced by the exclusion constraint `quotas_no_overlap` (GiST over org, subject and the
    // inclusive date range, live rows only), which drizzle cannot declare: it lives in the migration only,
    // and replaces 0019's unique index on the exact period.
  ],
);

/**
 * A forecast call: a rep's for themselves, a manager's for a team they manage, with the system figure at
 * the time, the adjustment and a note. Append-only (a trigger refuses UPDATE and DELETE): the list is the
 * audit trail of who called what when.
 */
export const forecastSubmissions = pgTable(
  'forecast_submissions',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    period: text().notNull(),
    userId: uuid(),
    teamId: uuid(),
    submittedBy: uuid().notNull(),
    systemAmount: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    adjustment: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    amount: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'forecast_submissions_user_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.teamId],
      foreignColumns: [teams.orgId, teams.id],
      name: 'forecast_submissions_team_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.submittedBy],
      foreignColumns: [users.orgId, users.id],
      name: 'forecast_submissions_by_fk',
    }),
    check('forecast_submissions_one_subject', sql`num_nonnulls(${t.userId}, ${t.teamId}) = 1`),
    check('forecast_submissions_period_format', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'`),
    index('forecast_submissions_period_idx').on(t.orgId, t.period, t.createdAt),
  ],
);

/** Weekly snapshot of each owner's forecast for the current and next periods (months and quarters). */
export const forecastSnapshots = pgTable(
  'forecast_snapshots',
  {
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    weekStart: date({ mode: 'string' }).notNull(),
    period: text().notNull(),
    ownerId: uuid().notNull(),
    deals: integer().notNull(),
    pipeline: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    bestCase: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    commit: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    closed: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    weighted: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    historical: numeric({ precision: 20, scale: 2, mode: 'number' }).notNull(),
    takenAt: isoTimestamp().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.weekStart, t.period, t.ownerId] }),
    index('forecast_snapshots_period_idx').on(t.orgId, t.period, t.weekStart),
  ],
);
