import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
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
import { IMPORT_ENTITIES, type ImportEntity, type ImportMapping } from '../../../core/import/mapping.ts';
import type { ProblemParams } from '../../../core/import/problems.ts';
import { createdAt, id, isoTimestamp, orgId } from './columns.ts';
import { organizations, users } from './tenancy.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const importEntity = pgEnum(
  'import_entity',
  IMPORT_ENTITIES as unknown as [ImportEntity, ...ImportEntity[]],
);
export const importStatus = pgEnum('import_status', ['running', 'completed', 'failed']);

/**
 * Files uploaded for the import wizard, kept in the database (not on a disk the next server may not
 * have) until their import is done; a housekeeping pass removes them after 7 days.
 */
export const importFiles = pgTable(
  'import_files',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    createdBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('import_files_org_id_id_key').on(t.orgId, t.id),
    foreignKey({
      columns: [t.orgId, t.createdBy],
      foreignColumns: [users.orgId, users.id],
      name: 'import_files_by_fk',
    }),
    index('import_files_org_idx').on(t.orgId, t.createdAt),
  ],
);

export type ImportCounts = {
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Records created for unmatched references (--create-missing), per kind. */
  created: Record<string, number>;
};

/**
 * One import of one file: what it is (organization, entity, the file's SHA-256, the mapping) and how far
 * it got. `rows_done` counts the source rows whose outcome (inserted, updated, unchanged or failed) is
 * committed; every batch commits its rows together with this progress, so a run resumed after a crash
 * skips exactly those rows.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    entity: importEntity().notNull(),
    fileId: uuid(),
    fileName: text().notNull(),
    fileSha256: text().notNull(),
    mapping: jsonb().$type<ImportMapping>().notNull(),
    /** The file's header row (the error report repeats it). */
    headers: text().array().notNull().default(sql`'{}'::text[]`),
    /** SHA-256 of the mapping and options: a resumed run must read the file the same way. */
    mappingSha256: text().notNull(),
    createMissing: boolean().notNull().default(false),
    status: importStatus().notNull().default('running'),
    /** Data rows of the file, once read to the end. */
    rowsTotal: integer(),
    rowsDone: integer().notNull().default(0),
    /** The file's size and how much of it is committed: progress before the row count is known. */
    bytesTotal: bigint({ mode: 'number' }).notNull().default(0),
    bytesDone: bigint({ mode: 'number' }).notNull().default(0),
    counts: jsonb()
      .$type<ImportCounts>()
      .notNull()
      .default({ inserted: 0, updated: 0, unchanged: 0, failed: 0, created: {} }),
    /** Why the whole import stopped (a file that cannot be read, a lost connection …). */
    error: text(),
    actorId: uuid(),
    startedAt: createdAt(),
    updatedAt: isoTimestamp().notNull().default(sql`now()`),
    finishedAt: isoTimestamp(),
  },
  (t) => [
    unique('import_jobs_org_id_id_key').on(t.orgId, t.id),
    foreignKey({
      columns: [t.orgId, t.actorId],
      foreignColumns: [users.orgId, users.id],
      name: 'import_jobs_actor_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.fileId],
      foreignColumns: [importFiles.orgId, importFiles.id],
      name: 'import_jobs_file_fk',
    })
      // The migration says ON DELETE SET NULL (file_id): only the file reference, not the organization.
      .onDelete('set null'),
    index('import_jobs_resume_idx').on(t.orgId, t.entity, t.fileSha256, t.mappingSha256),
    index('import_jobs_org_idx').on(t.orgId, t.startedAt),
  ],
);

/** The rows an import could not take, with the reason: the downloadable error report. */
export const importErrors = pgTable(
  'import_errors',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orgId: orgId(),
    jobId: uuid().notNull(),
    /** The spreadsheet row (the header is row 1). */
    row: integer().notNull(),
    field: text(),
    column: text(),
    value: text(),
    /** The problem in English (what the CLI and text-only clients show). */
    message: text().notNull(),
    /** The problem as data, so the wizard and the report word it in the user's language (null: older rows). */
    code: text(),
    params: jsonb().$type<ProblemParams>(),
    /** The row's cells as read (on the first error of a row), so the report can be fixed and re-imported. */
    cells: text().array(),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.jobId],
      foreignColumns: [importJobs.orgId, importJobs.id],
      name: 'import_errors_job_fk',
    }).onDelete('cascade'),
    index('import_errors_job_idx').on(t.jobId, t.row),
  ],
);

/** Mappings saved by name for reuse (the wizard's "saved mappings"); the CLI reads the same JSON. */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    entity: importEntity().notNull(),
    mapping: jsonb().$type<ImportMapping>().notNull(),
    createdBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('import_mappings_org_id_id_key').on(t.orgId, t.id),
    uniqueIndex('import_mappings_name_key').on(t.orgId, t.entity, sql`lower(${t.name})`),
    foreignKey({
      columns: [t.orgId, t.createdBy],
      foreignColumns: [users.orgId, users.id],
      name: 'import_mappings_by_fk',
    }),
  ],
);
