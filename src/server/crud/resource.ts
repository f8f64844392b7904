import { getTableColumns, getTableName, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { constraintFields } from '../http/errors.ts';

/**
 * Columns that never leave the server. `deletedBatch` does: records deleted together share it, so a
 * recycle bin can show what went with what (and restore it through the record whose deletion took it).
 */
const HIDDEN = new Set(['orgId', 'nameBigrams', 'nameKey', 'passwordHash']);
export const SYSTEM_FIELDS = new Set([
  'id',
  'orgId',
  'version',
  'createdAt',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'deletedBatch',
  'nameBigrams',
  'nameKey',
]);

/** A list filter beyond a column's value; `where` gets the parsed value and the actor. */
export type CustomFilter = {
  schema: z.ZodType;
  description: string;
  where: (value: unknown, actor: Actor) => SQL;
};

export type FilterKind = 'uuid' | 'enum' | 'text' | 'boolean' | 'date' | 'number' | 'timestamp';
export type Row = Record<string, unknown>;

/** What a write hook gets: the transaction, the actor, the time, and the validated input. */
export type WriteContext = { tx: DbOrTx; actor: Actor; now: Date; input: Row };

export type ResourceDef = {
  /** URL segment and table name, e.g. `accounts`. */
  name: string;
  /** Human name used in messages, e.g. `account`. */
  label: string;
  table: PgTable;
  /** Client-writable fields (create); PATCH accepts any subset. */
  writable: readonly string[];
  /** Zod overrides for fields (stricter formats, lengths). */
  fieldSchemas?: Record<string, z.ZodType>;
  /** NOT NULL columns the server fills when a create leaves them out (e.g. the default pipeline). */
  serverDefaults?: readonly string[];
  /** Columns hooks may set that clients may not (e.g. `passwordHash`, derived from `password`). */
  internalFields?: readonly string[];
  /** Include the item extras in list rows too (small, always-wanted children such as pipeline stages). */
  extrasInList?: boolean;
  /** Extra write-only or nested input fields, e.g. `lineItems` or `password`. */
  extraInput?: Record<string, z.ZodType>;
  /** Extra output fields computed in SQL on item reads (e.g. line items), with their schema. */
  itemExtras?: Record<string, { sql: SQL; schema: z.ZodType }>;
  filters: Record<string, FilterKind>;
  /**
   * Filters that are not a column's value (deals whose owner is in a team subtree, that reached a stage…):
   * the query parameter's schema and the SQL condition on the resource's table (referred to by its name,
   * as the visibility predicates do). They narrow the visible rows; visibility is applied as always.
   */
  customFilters?: Record<string, CustomFilter>;
  sorts: readonly string[];
  defaultSort: string;
  /** Name search (pg_trgm for 3+ characters, character pairs for 2). */
  searchable: boolean;
  /** SQL limiting rows to what the actor may see; undefined means the whole organization. */
  visibility: (actor: Actor) => SQL | undefined;
  /** Who may write: everyone who may write sales records, or admins only (reference data). */
  writeAccess: 'sales' | 'admin';
  /**
   * For a foreign key or unique index over several fields, the field its violation is reported on, by
   * constraint name (by default the last of its fields: a deal's stage over `pipelineId, stageId`).
   */
  constraintFields?: Record<string, string>;
  /**
   * The 409 problem a create or change may answer, where it carries more than the common Problem (an
   * account's possible duplicates), for the OpenAPI document.
   */
  writeConflict?: z.ZodObject;
  /**
   * A restore that may be told something (accounts: `allowDuplicate`): its optional JSON body, and the 409
   * problem it may then answer, for the route and the OpenAPI document. Without it a restore takes no body.
   */
  restore?: { body: z.ZodObject; conflict?: z.ZodObject };
  /** Soft-deleting a record soft-deletes these children in the same batch (and restore brings them back). */
  cascade?: { resource: () => Resource; column: string }[];
  hooks?: {
    /**
     * Upkeep before a create, change or restore opens its transaction, committed whatever the write's outcome
     * (derived data the write's checks read, e.g. accounts' name keys): it holds no connection while
     * another waits, and a refused write does not roll it back.
     */
    beforeTransaction?: (ctx: {
      db: Db;
      actor: Actor;
      input: Row;
      op: 'create' | 'update' | 'restore';
    }) => Promise<void>;
    /**
     * Checks before a deleted record comes back, in the restore's transaction (`row` is the record still in
     * the recycle bin, `input` the restore's body): may throw DomainErrors, and then nothing is restored.
     */
    beforeRestore?: (ctx: WriteContext & { row: Row }) => Promise<void>;
    /** Validate or adjust input before an insert/update; may throw DomainErrors. */
    beforeWrite?: (ctx: WriteContext & { before?: Row }) => Promise<Row | undefined>;
    /**
     * A create, change or restore the database refused by a constraint (one a concurrent write got past the
     * checks to, or a restore met), once its transaction has rolled back: may return a fuller error to answer
     * instead, from what it reads outside the failed transaction (quotas: the other quota in the way).
     * `attempted` is the record as the write would have left it.
     */
    afterRefused?: (ctx: {
      db: Db;
      actor: Actor;
      err: unknown;
      attempted: Row;
    }) => Promise<Error | undefined>;
    afterCreate?: (ctx: WriteContext & { row: Row }) => Promise<void>;
    afterUpdate?: (ctx: WriteContext & { before: Row; row: Row }) => Promise<void>;
    afterDelete?: (ctx: Omit<WriteContext, 'input'> & { row: Row; restored: boolean }) => Promise<void>;
    /** Records of this resource a parent's deletion (or restore) took along, in the same transaction. */
    afterCascade?: (
      ctx: Omit<WriteContext, 'input'> & { ids: string[]; parent: Resource; restored: boolean },
    ) => Promise<void>;
  };
};

export type Resource = ResourceDef & {
  columns: Record<string, PgColumn>;
  outputColumns: Record<string, PgColumn>;
  createSchema: z.ZodObject;
  patchSchema: z.ZodObject;
  outputSchema: z.ZodObject;
  itemSchema: z.ZodObject;
  listQuerySchema: z.ZodObject;
  ownerField: string | undefined;
};

const isoTs = z.iso.datetime({ offset: true });
const deletedBatchSchema = z
  .uuid()
  .nullable()
  .describe(
    'In the recycle bin: the deletion this record went with. A record and what its deletion cascaded to share it; restoring that record brings them all back.',
  );

/** Schema overrides the table types need: ISO timestamps (custom type) and ISO dates. */
function typeOverrides(columns: Record<string, PgColumn>): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, col] of Object.entries(columns)) {
    if (col.getSQLType() === 'timestamp with time zone') out[key] = col.notNull ? isoTs : isoTs.nullable();
    else if (col.getSQLType() === 'date') out[key] = col.notNull ? z.iso.date() : z.iso.date().nullable();
  }
  return out;
}

/** `a,b,c` → a list of 1–100 items, each checked by `item`. */
export const listParam = (item: z.ZodType) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(
      z
        .array(item as z.ZodType<string, string>)
        .min(1)
        .max(100),
    );

function filterSchema(kind: FilterKind, column: PgColumn | undefined): z.ZodType {
  const list = listParam;
  switch (kind) {
    case 'uuid':
      return list(z.uuid());
    case 'enum': {
      const values = (column as unknown as { enumValues?: [string, ...string[]] })?.enumValues;
      return list(values ? z.enum(values) : z.string());
    }
    case 'text':
      return list(z.string().max(200));
    case 'boolean':
      return z.enum(['true', 'false']).transform((v) => v === 'true');
    case 'date':
      return z.iso.date();
    case 'timestamp':
      return z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
    case 'number':
      return z.coerce.number().finite();
  }
}

export function defineResource(def: ResourceDef): Resource {
  const columns = getTableColumns(def.table) as Record<string, PgColumn>;
  const outputColumns = Object.fromEntries(Object.entries(columns).filter(([k]) => !HIDDEN.has(k)));
  const overrides = { ...typeOverrides(columns), ...def.fieldSchemas };

  // Overrides keep the optionality drizzle derived (a column with a default is optional on insert).
  const insertBase = createInsertSchema(def.table) as unknown as z.ZodObject;
  const keep = (base: z.ZodObject) =>
    Object.fromEntries(
      Object.entries(overrides)
        .filter(([k]) => k in base.shape)
        .map(([k, v]) => [k, base.shape[k] instanceof z.ZodOptional ? v.optional() : v]),
    );
  const insert = insertBase.extend(keep(insertBase));
  const pick = Object.fromEntries(def.writable.map((k) => [k, true as const])) as never;
  // The owner defaults to the actor (and hooks fill serverDefaults), so these are optional on create
  // even though their columns are NOT NULL.
  const defaulted = [...(def.writable.includes('ownerId') ? ['ownerId'] : []), ...(def.serverDefaults ?? [])];
  const optional = Object.fromEntries(
    defaulted.map((k) => [k, (insert.shape[k] as z.ZodType).optional()] as const),
  );
  const createSchema = insert
    .pick(pick)
    .extend({ ...optional, ...(def.extraInput ?? {}) })
    .strict()
    .meta({ id: `${def.label}Create` });
  const patchSchema = createSchema
    .partial()
    .strict()
    .refine((v) => Object.keys(v).length > 0, {
      message: 'Send at least one field to change.',
      params: { code: 'nothing_to_change' },
    })
    .meta({ id: `${def.label}Patch` }) as unknown as z.ZodObject;

  const selectBase = createSelectSchema(def.table) as unknown as z.ZodObject;
  const select = selectBase.extend({
    ...Object.fromEntries(Object.entries(typeOverrides(columns)).filter(([k]) => k in selectBase.shape)),
    ...('deletedBatch' in selectBase.shape ? { deletedBatch: deletedBatchSchema } : {}),
  });
  const omit = Object.fromEntries(
    [...HIDDEN].filter((k) => k in columns).map((k) => [k, true as const]),
  ) as never;
  const outputSchema = select.omit(omit).meta({ id: def.label });
  const extras = Object.fromEntries(Object.entries(def.itemExtras ?? {}).map(([k, v]) => [k, v.schema]));
  const itemSchema = outputSchema.extend(extras).meta({ id: `${def.label}Detail` });

  const sortValues = def.sorts.flatMap((s) => [s, `-${s}`]) as [string, ...string[]];
  const filterShape: Record<string, z.ZodType> = {};
  for (const [field, kind] of Object.entries(def.filters)) {
    if (kind === 'date' || kind === 'number' || kind === 'timestamp') {
      filterShape[`${field}From`] = filterSchema(kind, columns[field]).optional();
      filterShape[`${field}To`] = filterSchema(kind, columns[field]).optional();
    } else filterShape[field] = filterSchema(kind, columns[field]).optional();
  }
  for (const [name, f] of Object.entries(def.customFilters ?? {}))
    filterShape[name] = f.schema.optional().describe(f.description);
  const listQuerySchema = z
    .object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cursor: z.string().max(1000).optional(),
      sort: z.enum(sortValues).default(def.defaultSort),
      ...(def.searchable ? { q: z.string().trim().min(1).max(200).optional() } : {}),
      deleted: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional()
        .describe('true lists the recycle bin (deleted within the last 30 days) instead'),
      ...filterShape,
    })
    .strict();

  // Map constraint names to the API fields they guard, so database errors name the field.
  const config = getTableConfig(def.table);
  const byDbName = new Map(Object.entries(columns).map(([k, c]) => [c.name, k]));
  const guard = (name: string, fields: string[]) => {
    const field = def.constraintFields?.[name] ?? fields.at(-1);
    if (field) constraintFields.set(name, { field, fields });
  };
  for (const fk of config.foreignKeys) {
    const cols = fk
      .reference()
      .columns.map((c) => byDbName.get(c.name))
      .filter((k): k is string => !!k && k !== 'orgId');
    guard(fk.getName(), cols);
  }
  for (const idx of config.indexes) {
    const cols = idx.config.columns
      .map((c) => ('name' in c && typeof c.name === 'string' ? byDbName.get(c.name) : undefined))
      .filter((k): k is string => !!k && k !== 'orgId');
    if (idx.config.name) guard(idx.config.name, cols);
  }
  if (getTableName(def.table) === 'users') guard('users_org_email_key', ['email']);

  const resource: Resource = {
    ...def,
    columns,
    outputColumns,
    createSchema,
    patchSchema,
    outputSchema,
    itemSchema,
    listQuerySchema,
    ownerField: 'ownerId' in columns ? 'ownerId' : undefined,
  };
  DEFINED.push(resource);
  return resource;
}

/** Every resource defined, so a child can find the parents whose deletion cascades to it. */
const DEFINED: Resource[] = [];

/** The resources whose deletion cascades to `res`, with the column of `res` that points at them. */
export const parentsOf = (res: Resource): { parent: Resource; column: string }[] =>
  DEFINED.flatMap((parent) =>
    (parent.cascade ?? []).filter((c) => c.resource() === res).map((c) => ({ parent, column: c.column })),
  );
