import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { StageTool } from '../../../core/stage-tools.ts';
import { createdAt, id, isoTimestamp, orgId, recordColumns } from './columns.ts';
import {
  accountTier,
  activityStatus,
  activityType,
  companySize,
  forecastCategory,
  funnelState,
  opportunityStatus,
} from './enums.ts';
import { organizations, users } from './tenancy.ts';

/**
 * Search support. `name` is searched with pg_trgm (3+ characters); most Chinese company short names are two
 * characters, which trigrams cannot serve, so every searchable table also keeps the set of character pairs
 * of its lower-cased name (`winpath_bigrams`, defined in the first migration) in a GIN-indexed array.
 */
const searchBigrams = (col: string) =>
  text()
    .array()
    .generatedAlwaysAs(sql.raw(`winpath_bigrams(${col})`));

const tenantKeys = (name: string, t: { orgId: unknown; id: unknown }) =>
  // biome-ignore lint/suspicious/noExplicitAny: drizzle column types vary per table
  unique(`${name}_org_id_id_key`).on(t.orgId as any, t.id as any);

/**
 * The recycle bin's rows, and nothing else: its list (deleted in the last 30 days), a restore (one deletion
 * batch) and the housekeeping purge read deleted rows of one organization, which without this index means
 * scanning every live row. Live rows are not in it, so it costs writes nothing but the predicate.
 */
const recycleBinIndex = (name: string, t: { orgId: AnyPgColumn; deletedAt: AnyPgColumn }) =>
  index(`${name}_deleted_idx`).on(t.orgId, t.deletedAt).where(sql`${t.deletedAt} IS NOT NULL`);

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    industry: text(),
    size: companySize(),
    website: text(),
    parentId: uuid(),
    tier: accountTier().notNull().default('standard'),
    ownerId: uuid().notNull(),
    externalId: text(),
    nameBigrams: searchBigrams('name'),
    /**
     * The name's reference key (`src/core/import/normalize.ts`), for the duplicate check. Computed in Node,
     * where the one normaliser lives, so SQL cannot generate it: NULL means not computed yet (rows written
     * by bulk paths, or whose name changed under them; a trigger clears it then), filled before each check.
     */
    nameKey: text(),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('accounts', t),
    recycleBinIndex('accounts', t),
    foreignKey({
      columns: [t.orgId, t.ownerId],
      foreignColumns: [users.orgId, users.id],
      name: 'accounts_owner_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.parentId],
      foreignColumns: [t.orgId, t.id],
      name: 'accounts_parent_fk',
    }),
    check('accounts_not_own_parent', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    check('accounts_name_not_blank', sql`btrim(${t.name}) <> ''`),
    index('accounts_owner_idx').on(t.orgId, t.ownerId),
    index('accounts_parent_idx').on(t.orgId, t.parentId),
    index('accounts_name_sort_idx').on(t.orgId, t.name, t.id),
    index('accounts_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('accounts_name_bigrams_idx').using('gin', t.nameBigrams),
    index('accounts_name_key_idx').on(t.orgId, t.nameKey).where(sql`${t.deletedAt} IS NULL`),
    index('accounts_name_key_missing_idx').on(t.orgId).where(sql`${t.nameKey} IS NULL`),
    uniqueIndex('accounts_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    accountId: uuid(),
    ownerId: uuid().notNull(),
    name: text().notNull(),
    title: text(),
    department: text(),
    email: text(),
    phone: text(),
    externalId: text(),
    nameBigrams: searchBigrams('name'),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('contacts', t),
    recycleBinIndex('contacts', t),
    foreignKey({
      columns: [t.orgId, t.ownerId],
      foreignColumns: [users.orgId, users.id],
      name: 'contacts_owner_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.accountId],
      foreignColumns: [accounts.orgId, accounts.id],
      name: 'contacts_account_fk',
    }),
    check('contacts_name_not_blank', sql`btrim(${t.name}) <> ''`),
    index('contacts_account_idx').on(t.orgId, t.accountId),
    index('contacts_owner_idx').on(t.orgId, t.ownerId),
    index('contacts_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('contacts_name_bigrams_idx').using('gin', t.nameBigrams),
    uniqueIndex('contacts_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
  ],
);

export const products = pgTable(
  'products',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    family: text(),
    listPrice: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull().default(0),
    currency: text().notNull().default('CNY'),
    active: boolean().notNull().default(true),
    externalId: text(),
    nameBigrams: searchBigrams('name'),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('products', t),
    recycleBinIndex('products', t),
    check('products_price_non_negative', sql`${t.listPrice} >= 0`),
    check('products_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    index('products_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('products_name_bigrams_idx').using('gin', t.nameBigrams),
    uniqueIndex('products_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
  ],
);

export const pipelines = pgTable(
  'pipelines',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** The name in Chinese, for zh-CN readers; null: they read `name` (never '', see pipelinesResource). */
    nameZh: text(),
    description: text(),
    isDefault: boolean().notNull().default(false),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('pipelines', t),
    recycleBinIndex('pipelines', t),
    uniqueIndex('pipelines_one_default_key')
      .on(t.orgId)
      .where(sql`${t.isDefault} AND ${t.deletedAt} IS NULL`),
  ],
);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: id(),
    orgId: orgId(),
    pipelineId: uuid().notNull(),
    position: integer().notNull(),
    nameEn: text().notNull(),
    nameZh: text().notNull(),
    probability: integer().notNull(),
    /** The buyer's purchasing step this sales stage serves. */
    buyerStepEn: text(),
    buyerStepZh: text(),
    funnelState: funnelState().notNull().default('in_funnel'),
    expectedDays: integer().notNull().default(30),
    guidanceEn: text(),
    guidanceZh: text(),
    /** Tools and templates for the stage (src/core/stage-tools.ts). */
    tools: jsonb().$type<StageTool[]>().notNull().default([]),
    /**
     * When an admin retired the stage (停用): it takes no new deals and leaves the board, while the deals
     * that were in it keep it, so history and analytics stay true. Null: active. See stage-retirement.
     */
    retiredAt: isoTimestamp(),
  },
  (t) => [
    unique('pipeline_stages_org_pipeline_id_key').on(t.orgId, t.pipelineId, t.id),
    unique('pipeline_stages_position_key').on(t.pipelineId, t.position),
    foreignKey({
      columns: [t.orgId, t.pipelineId],
      foreignColumns: [pipelines.orgId, pipelines.id],
      name: 'pipeline_stages_pipeline_fk',
    }).onDelete('cascade'),
    check('pipeline_stages_probability_range', sql`${t.probability} BETWEEN 0 AND 100`),
    check('pipeline_stages_position_positive', sql`${t.position} >= 1`),
    check('pipeline_stages_expected_days_range', sql`${t.expectedDays} BETWEEN 1 AND 3650`),
  ],
);

export const opportunities = pgTable(
  'opportunities',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    accountId: uuid().notNull(),
    ownerId: uuid().notNull(),
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull().default(0),
    currency: text().notNull().default('CNY'),
    expectedCloseDate: date({ mode: 'string' }),
    status: opportunityStatus().notNull().default('open'),
    closeReason: text(),
    closedAt: date({ mode: 'string' }),
    forecastCategory: forecastCategory().notNull().default('pipeline'),
    nextStep: text(),
    /** The buyer's current purchasing step (position in the pipeline), as the seller judges it. */
    buyerStep: integer(),
    /** The customer's key need (关键需求), in their words. */
    keyNeed: text(),
    competitor: text(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    externalId: text(),
    nameBigrams: searchBigrams('name'),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('opportunities', t),
    recycleBinIndex('opportunities', t),
    foreignKey({
      columns: [t.orgId, t.accountId],
      foreignColumns: [accounts.orgId, accounts.id],
      name: 'opportunities_account_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.ownerId],
      foreignColumns: [users.orgId, users.id],
      name: 'opportunities_owner_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.orgId, pipelineStages.pipelineId, pipelineStages.id],
      name: 'opportunities_stage_fk',
    }),
    check('opportunities_amount_non_negative', sql`${t.amount} >= 0`),
    check('opportunities_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('opportunities_closed_consistent', sql`(${t.status} = 'open') = (${t.closedAt} IS NULL)`),
    check('opportunities_name_not_blank', sql`btrim(${t.name}) <> ''`),
    check('opportunities_buyer_step_positive', sql`${t.buyerStep} IS NULL OR ${t.buyerStep} >= 1`),
    index('opportunities_owner_idx').on(t.orgId, t.ownerId, t.status),
    index('opportunities_account_idx').on(t.orgId, t.accountId),
    index('opportunities_stage_idx').on(t.orgId, t.pipelineId, t.stageId),
    index('opportunities_close_idx').on(t.orgId, t.expectedCloseDate, t.id),
    index('opportunities_created_idx').on(t.orgId, t.createdAt, t.id),
    // The default list order (recently changed first).
    index('opportunities_updated_idx').on(t.orgId, t.updatedAt, t.id),
    index('opportunities_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('opportunities_name_bigrams_idx').using('gin', t.nameBigrams),
    uniqueIndex('opportunities_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
  ],
);

export const opportunityLineItems = pgTable(
  'opportunity_line_items',
  {
    id: id(),
    orgId: orgId(),
    opportunityId: uuid().notNull(),
    productId: uuid().notNull(),
    quantity: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull().default(1),
    unitPrice: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'line_items_opportunity_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.productId],
      foreignColumns: [products.orgId, products.id],
      name: 'line_items_product_fk',
    }),
    check('line_items_quantity_positive', sql`${t.quantity} > 0`),
    check('line_items_price_non_negative', sql`${t.unitPrice} >= 0`),
    index('line_items_opportunity_idx').on(t.orgId, t.opportunityId),
  ],
);

/** The deal team: users who work a deal besides its owner (and so can see it). */
export const opportunityMembers = pgTable(
  'opportunity_members',
  {
    orgId: orgId(),
    opportunityId: uuid().notNull(),
    userId: uuid().notNull(),
    role: text().notNull().default('member'),
  },
  (t) => [
    primaryKey({ columns: [t.opportunityId, t.userId] }),
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'members_opportunity_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'members_user_fk',
    }).onDelete('cascade'),
    index('members_user_idx').on(t.orgId, t.userId),
  ],
);

/** Field-level history of every opportunity change, written in the same transaction as the change. */
export const opportunityHistory = pgTable(
  'opportunity_history',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orgId: orgId(),
    opportunityId: uuid().notNull(),
    actorId: uuid(),
    at: createdAt(),
    field: text().notNull(),
    oldValue: jsonb(),
    newValue: jsonb(),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'history_opportunity_fk',
    }).onDelete('cascade'),
    index('history_opportunity_idx').on(t.orgId, t.opportunityId, t.at),
  ],
);

export const activities = pgTable(
  'activities',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    type: activityType().notNull(),
    status: activityStatus().notNull().default('planned'),
    subject: text().notNull(),
    startAt: isoTimestamp(),
    durationMinutes: integer(),
    goal: text(),
    outcome: text(),
    notes: text(),
    ownerId: uuid().notNull(),
    accountId: uuid(),
    opportunityId: uuid(),
    externalId: text(),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('activities', t),
    recycleBinIndex('activities', t),
    foreignKey({
      columns: [t.orgId, t.ownerId],
      foreignColumns: [users.orgId, users.id],
      name: 'activities_owner_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.accountId],
      foreignColumns: [accounts.orgId, accounts.id],
      name: 'activities_account_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'activities_opportunity_fk',
    }),
    check(
      'activities_duration_range',
      sql`${t.durationMinutes} IS NULL OR ${t.durationMinutes} BETWEEN 0 AND 10080`,
    ),
    index('activities_owner_idx').on(t.orgId, t.ownerId, t.startAt),
    index('activities_opportunity_idx').on(t.orgId, t.opportunityId),
    index('activities_account_idx').on(t.orgId, t.accountId),
    uniqueIndex('activities_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
  ],
);

export const activityParticipants = pgTable(
  'activity_participants',
  {
    orgId: orgId(),
    activityId: uuid().notNull(),
    contactId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.contactId] }),
    foreignKey({
      columns: [t.orgId, t.activityId],
      foreignColumns: [activities.orgId, activities.id],
      name: 'participants_activity_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.contactId],
      foreignColumns: [contacts.orgId, contacts.id],
      name: 'participants_contact_fk',
    }).onDelete('cascade'),
    index('participants_contact_idx').on(t.orgId, t.contactId),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    body: text().notNull(),
    ownerId: uuid().notNull(),
    accountId: uuid(),
    contactId: uuid(),
    opportunityId: uuid(),
    ...recordColumns(),
  },
  (t) => [
    tenantKeys('notes', t),
    recycleBinIndex('notes', t),
    foreignKey({
      columns: [t.orgId, t.ownerId],
      foreignColumns: [users.orgId, users.id],
      name: 'notes_owner_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.accountId],
      foreignColumns: [accounts.orgId, accounts.id],
      name: 'notes_account_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.contactId],
      foreignColumns: [contacts.orgId, contacts.id],
      name: 'notes_contact_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.opportunityId],
      foreignColumns: [opportunities.orgId, opportunities.id],
      name: 'notes_opportunity_fk',
    }),
    check('notes_body_not_blank', sql`btrim(${t.body}) <> ''`),
    check('notes_has_parent', sql`num_nonnulls(${t.accountId}, ${t.contactId}, ${t.opportunityId}) >= 1`),
    index('notes_opportunity_idx').on(t.orgId, t.opportunityId),
    index('notes_account_idx').on(t.orgId, t.accountId),
    index('notes_contact_idx').on(t.orgId, t.contactId),
  ],
);
