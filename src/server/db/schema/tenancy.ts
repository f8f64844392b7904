import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  foreignKey,
  index,
  jsonb,
  type PgTableExtraConfigValue,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, isoTimestamp, orgId, recordColumns } from './columns.ts';
import { locale, userRole, userStatus } from './enums.ts';

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    slug: text().notNull(),
    name: text().notNull(),
    defaultCurrency: text().notNull().default('CNY'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organizations_slug_key').on(t.slug),
    check('organizations_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`),
    check('organizations_currency_format', sql`${t.defaultCurrency} ~ '^[A-Z]{3}$'`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    /** Imported users may have no e-mail: they own history but cannot sign in until invited. */
    email: text(),
    name: text().notNull(),
    role: userRole().notNull().default('rep'),
    status: userStatus().notNull().default('active'),
    locale: locale().notNull().default('en'),
    teamId: uuid(),
    passwordHash: text(),
    externalId: text(),
    ...recordColumns(),
  },
  // Explicit return types break the users <-> teams type cycle (each references the other).
  (t): PgTableExtraConfigValue[] => [
    unique('users_org_id_id_key').on(t.orgId, t.id),
    uniqueIndex('users_org_email_key').on(t.orgId, sql`lower(${t.email})`).where(sql`${t.email} IS NOT NULL`),
    uniqueIndex('users_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
    foreignKey({
      columns: [t.orgId, t.teamId],
      foreignColumns: [teams.orgId, teams.id],
      name: 'users_team_fk',
    }),
    check('users_email_format', sql`${t.email} IS NULL OR ${t.email} ~ '^[^@\\s]+@[^@\\s]+$'`),
  ],
);

export const teams = pgTable(
  'teams',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    managerId: uuid(),
    parentId: uuid(),
    externalId: text(),
    ...recordColumns(),
  },
  (t): PgTableExtraConfigValue[] => [
    unique('teams_org_id_id_key').on(t.orgId, t.id),
    uniqueIndex('teams_org_external_id_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
    foreignKey({
      columns: [t.orgId, t.managerId],
      foreignColumns: [users.orgId, users.id],
      name: 'teams_manager_fk',
    }),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id], name: 'teams_parent_fk' }),
    check('teams_not_own_parent', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    index('teams_parent_idx').on(t.orgId, t.parentId),
    index('teams_manager_idx').on(t.orgId, t.managerId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the raw value never reaches the database. */
    tokenHash: text().primaryKey(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    createdAt: createdAt(),
    expiresAt: isoTimestamp().notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'sessions_user_fk',
    }).onDelete('cascade'),
    index('sessions_user_idx').on(t.orgId, t.userId),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    name: text().notNull(),
    /** sha256 of the token: tokens are 256-bit random, so a fast hash is enough and keeps lookups O(1). */
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: isoTimestamp(),
    revokedAt: isoTimestamp(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'api_tokens_user_fk',
    }).onDelete('cascade'),
  ],
);

/** Append-only log of security events; a trigger rejects UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orgId: uuid().references(() => organizations.id, { onDelete: 'cascade' }),
    actorId: uuid(),
    event: text().notNull(),
    ip: text(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [index('audit_log_org_at_idx').on(t.orgId, t.at)],
);
