import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  BUYING_ROLES,
  type BuyingRole,
  CRITERION_KINDS,
  type CriterionConfig,
  type CriterionKind,
} from '../../../core/process/model.ts';
import { createdAt, id, isoTimestamp, orgId, recordColumns } from './columns.ts';
import { contacts, opportunities, pipelineStages } from './sales.ts';
import { users } from './tenancy.ts';

/**
 * The sales process engine: milestone criteria per stage (exit criteria with the evidence each needs),
 * what has been completed on each deal, the stage periods of each deal (entered/left, by whom, override),
 * and the buying team (stakeholders) of each deal.
 */
export const criterionKind = pgEnum('criterion_kind', CRITERION_KINDS as [CriterionKind, ...CriterionKind[]]);
export const buyingRole = pgEnum('buying_role', BUYING_ROLES as [BuyingRole, ...BuyingRole[]]);
export const attitude = pgEnum('stakeholder_attitude', ['supporter', 'neutral', 'opponent']);

export const milestoneCriteria = pgTable(
  'milestone_criteria',
  {
    id: id(),
    orgId: orgId(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    position: integer().notNull(),
    labelEn: text().notNull(),
    labelZh: text().notNull(),
    /** What to do when the criterion is unmet: the suggestion deal health shows. */
    hintEn: text(),
    hintZh: text(),
    kind: criterionKind().notNull(),
    config: jsonb().$type<CriterionConfig>().notNull().default({}),
    /** A second person (not the one who completed it) must confirm it. */
    requiresConfirmation: boolean().notNull().default(false),
  },
  (t) => [
    unique('milestone_criteria_org_id_id_key').on(t.orgId, t.id),
    foreignKey({
      columns: [t.orgId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.orgId, pipelineStages.pipelineId, pipelineStages.id],
      name: 'milestone_criteria_stage_fk',
    }).onDelete('cascade'),
    index('milestone_criteria_stage_idx').on(t.orgId, t.stageId, t.position),
  ],
);

/** A checkbox or document criterion completed on a deal (the other kinds are evaluated from live data). */
export const criterionCompletions = pgTable(
  'criterion_completions',
  {
    orgId: orgId(),
    opportunityId: uuid().notNull(),
    criterionId: uuid().notNull(),
    completedBy: uuid().notNull(),
    completedAt: createdAt(),
    note: text(),
    link: text(),
    confirmedBy: uuid(),
    confirmedAt: isoTimestamp(),
  },
  (t) => [
    uniqueIndex('criterion_completions_key').on(t.opportunityId, t.criterionId),
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'completions_opportunity_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.criterionId],
      foreignColumns: [milestoneCriteria.orgId, milestoneCriteria.id],
      name: 'completions_criterion_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.completedBy],
      foreignColumns: [users.orgId, users.id],
      name: 'completions_by_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.confirmedBy],
      foreignColumns: [users.orgId, users.id],
      name: 'completions_confirmed_fk',
    }),
    check('completions_second_person', sql`${t.confirmedBy} IS NULL OR ${t.confirmedBy} <> ${t.completedBy}`),
    index('criterion_completions_org_idx').on(t.orgId, t.opportunityId),
  ],
);

/**
 * One row per stay of a deal in a stage: when it entered and left, who moved it, why, and whether a gate
 * was overridden (with the criteria that were unmet at the time). The open period has left_at NULL.
 */
export const stagePeriods = pgTable(
  'stage_periods',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orgId: orgId(),
    opportunityId: uuid().notNull(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    enteredAt: isoTimestamp().notNull(),
    leftAt: isoTimestamp(),
    enteredBy: uuid(),
    fromStageId: uuid(),
    reason: text(),
    override: boolean().notNull().default(false),
    unmetAtEntry: jsonb().$type<{ criterionId: string; label: string }[]>(),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'stage_periods_opportunity_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.orgId, pipelineStages.pipelineId, pipelineStages.id],
      name: 'stage_periods_stage_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.enteredBy],
      foreignColumns: [users.orgId, users.id],
      name: 'stage_periods_by_fk',
    }),
    check('stage_periods_order', sql`${t.leftAt} IS NULL OR ${t.leftAt} >= ${t.enteredAt}`),
    check('stage_periods_override_reason', sql`NOT ${t.override} OR btrim(coalesce(${t.reason}, '')) <> ''`),
    // At most one open period per deal: a deal is in exactly one stage at a time.
    uniqueIndex('stage_periods_one_open_key').on(t.opportunityId).where(sql`${t.leftAt} IS NULL`),
    index('stage_periods_opportunity_idx').on(t.orgId, t.opportunityId, t.enteredAt),
    index('stage_periods_stage_idx').on(t.orgId, t.pipelineId, t.stageId, t.enteredAt),
  ],
);

export const stakeholders = pgTable(
  'stakeholders',
  {
    id: id(),
    orgId: orgId(),
    opportunityId: uuid().notNull(),
    contactId: uuid().notNull(),
    role: buyingRole().notNull(),
    attitude: attitude().notNull().default('neutral'),
    /** 1 (little) to 5 (decisive) */
    influence: integer().notNull().default(3),
    met: boolean().notNull().default(false),
    notes: text(),
    ...recordColumns(),
  },
  (t) => [
    unique('stakeholders_org_id_id_key').on(t.orgId, t.id),
    uniqueIndex('stakeholders_role_key').on(t.opportunityId, t.contactId, t.role),
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'stakeholders_opportunity_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.contactId],
      foreignColumns: [contacts.orgId, contacts.id],
      name: 'stakeholders_contact_fk',
    }).onDelete('cascade'),
    check('stakeholders_influence_range', sql`${t.influence} BETWEEN 1 AND 5`),
    index('stakeholders_opportunity_idx').on(t.orgId, t.opportunityId),
  ],
);
