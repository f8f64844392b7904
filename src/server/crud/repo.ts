import {
  and,
  asc,
  Column,
  desc,
  eq,
  getTableName,
  inArray,
  is,
  isNotNull,
  isNull,
  Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type PgColumn, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { RECYCLE_DAYS } from '../../core/recycle.ts';
import type { Actor } from '../auth/actor.ts';
import { type Db, type DbOrTx, hotPoolOf } from '../db/client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { parentsOf, type Resource, type Row } from './resource.ts';

export { RECYCLE_DAYS };

/** What selects and orders the rows of a list (the query string minus paging). */
export type ListFilters = Record<string, unknown> & { sort: string; q?: string; deleted?: boolean };
type ListQuery = ListFilters & { limit: number; cursor?: string };

function col(res: Resource, key: string): PgColumn {
  const c = res.columns[key];
  if (!c) throw new Error(`${res.name} has no column ${key}`);
  return c;
}

/** The conditions every query of a resource carries: organization, deleted state, visibility. */
export function baseWhere(res: Resource, actor: Actor, opts: { deleted?: boolean; now?: Date } = {}): SQL[] {
  const conds: SQL[] = [eq(col(res, 'orgId'), actor.orgId)];
  if (opts.deleted) {
    conds.push(isNotNull(col(res, 'deletedAt')));
    const cutoff = new Date((opts.now ?? new Date()).getTime() - RECYCLE_DAYS * 86_400_000).toISOString();
    conds.push(sql`${col(res, 'deletedAt')} > ${cutoff}`);
  } else conds.push(isNull(col(res, 'deletedAt')));
  const vis = res.visibility(actor);
  if (vis) conds.push(vis);
  return conds;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** Name search: trigram-indexed LIKE for 3+ characters, the character-pair index for 2, a scan for 1. */
function searchCondition(res: Resource, q: string): SQL {
  const needle = q.toLowerCase();
  const like = sql`lower(${col(res, 'name')}) LIKE ${`%${escapeLike(needle)}%`}`;
  if ([...needle].length === 2 && res.columns.nameBigrams)
    return and(sql`${col(res, 'nameBigrams')} @> ARRAY[${needle}]::text[]`, like) as SQL;
  return like;
}

function filterConditions(res: Resource, actor: Actor, query: ListFilters): SQL[] {
  const conds: SQL[] = [];
  for (const [name, f] of Object.entries(res.customFilters ?? {}))
    if (query[name] !== undefined) conds.push(f.where(query[name], actor));
  for (const [field, kind] of Object.entries(res.filters)) {
    const c = col(res, field);
    if (kind === 'date' || kind === 'number' || kind === 'timestamp') {
      const from = query[`${field}From`];
      const to = query[`${field}To`];
      if (from !== undefined) conds.push(sql`${c} >= ${from}`);
      if (to !== undefined) conds.push(sql`${c} <= ${to}`);
    } else {
      const v = query[field];
      if (v === undefined) continue;
      if (kind === 'boolean') conds.push(eq(c, v));
      else conds.push(inArray(c, v as string[]));
    }
  }
  return conds;
}

/** The sort column, its direction and the ORDER BY of a list: `(sort column, id)`, nulls last both ways. */
export function listOrder(res: Resource, sort: string) {
  const descending = sort.startsWith('-');
  const sortKey = descending ? sort.slice(1) : sort;
  const sortCol = col(res, sortKey);
  const idCol = col(res, 'id');
  const order = descending
    ? [sql`${sortCol} DESC NULLS LAST`, desc(idCol)]
    : [sql`${sortCol} ASC NULLS LAST`, asc(idCol)];
  return { descending, sortKey, sortCol, idCol, order };
}

/**
 * Everything a list query filters by, except the cursor: organization, deleted state, visibility,
 * whitelisted filters and name search. Exports use the same conditions, so an export holds exactly the
 * rows that paging through the list would show.
 */
export function listConditions(res: Resource, actor: Actor, query: ListFilters, now: Date): SQL[] {
  const conds = [
    ...baseWhere(res, actor, { deleted: query.deleted ?? false, now }),
    ...filterConditions(res, actor, query),
  ];
  if (query.q && res.searchable) conds.push(searchCondition(res, query.q));
  return conds;
}

export async function listRows(db: DbOrTx, res: Resource, actor: Actor, query: ListQuery, now = new Date()) {
  const { descending: desc_, sortKey, sortCol, idCol, order } = listOrder(res, query.sort);
  const conds = listConditions(res, actor, query, now);
  if (query.cursor) {
    const { v, id } = decodeCursor(query.cursor);
    const cmp = desc_ ? sql.raw('<') : sql.raw('>');
    // Nulls sort last in both directions.
    conds.push(
      v === null
        ? sql`(${sortCol} IS NULL AND ${idCol} ${cmp} ${id})`
        : sql`(${sortCol} ${cmp} ${v} OR (${sortCol} = ${v} AND ${idCol} ${cmp} ${id}) OR ${sortCol} IS NULL)`,
    );
  }
  const rows = (await db
    .select(res.extrasInList ? itemSelection(res) : res.outputColumns)
    .from(res.table)
    .where(and(...conds))
    .orderBy(...order)
    .limit(query.limit + 1)) as Row[];
  const more = rows.length > query.limit;
  const items = more ? rows.slice(0, query.limit) : rows;
  const last = items[items.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor({ v: (last[sortKey] ?? null) as string | number | null, id: String(last.id) })
      : null;
  return { items, nextCursor };
}

function itemSelection(res: Resource) {
  const extras = Object.fromEntries(
    Object.entries(res.itemExtras ?? {}).map(([k, v]) => [k, sql`${v.sql}`.as(k)] as const),
  );
  return { ...res.outputColumns, ...extras };
}

type PreparedGet = { execute: (values: Record<string, unknown>) => Promise<Row | undefined> };
const preparedGets = new WeakMap<object, Map<string, PreparedGet>>();

/**
 * pg's parsers, except that times and dates stay text: the columns' own decoders turn them into the ISO
 * strings the API speaks (as drizzle's driver does).
 */
const RAW_TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1182, 1115, 1185, 1186, 1187, 1231, 1266, 1270]);
const hotTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    RAW_TEXT_TYPES.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

/**
 * The hottest read of the API, as a named prepared statement per resource and visibility shape: the SQL
 * is built once by drizzle, PostgreSQL parses and plans it once per connection, and each call sends only
 * the values. It runs on the pool directly with array rows and per-column decoders compiled once: the
 * generic query path (tracing spans, placeholder filling, row mapping) costs about as much CPU as the
 * rest of the request.
 */
function preparedGet(db: Db, res: Resource, scoped: boolean): PreparedGet {
  let byKey = preparedGets.get(db);
  if (!byKey) {
    byKey = new Map();
    preparedGets.set(db, byKey);
  }
  const key = `${res.name}:${scoped ? 'scoped' : 'org'}`;
  let prepared = byKey.get(key);
  if (!prepared) {
    const shape = {
      orgId: sql.placeholder('orgId'),
      scopeUserIds: scoped ? [] : null,
      scopeSql: sql.placeholder('scope'),
    } as unknown as Actor;
    const selection = itemSelection(res);
    const query = db
      .select(selection)
      .from(res.table)
      .where(
        and(
          eq(col(res, 'id'), sql.placeholder('id')),
          eq(col(res, 'orgId'), sql.placeholder('orgId')),
          isNull(col(res, 'deletedAt')),
          res.visibility(shape),
        ),
      )
      .limit(1)
      .toSQL();
    // Each parameter is a named placeholder (id, orgId, scope) or a constant drizzle inlined (the limit).
    const params = query.params.map((p) =>
      p instanceof Placeholder ? (values: Record<string, unknown>) => values[p.name] : () => p,
    );
    const fields = Object.entries(selection).map(([name, field]) => {
      const column = is(field, Column) ? field : undefined;
      return { name, decode: column ? (v: unknown) => column.mapFromDriverValue(v) : undefined };
    });
    const pool = hotPoolOf(db);
    const text = query.sql;
    const name = `get_${res.name}_${scoped ? 'scoped' : 'org'}`;
    prepared = {
      execute: async (values) => {
        const result = await pool.query<unknown[]>({
          name,
          text,
          values: params.map((p) => p(values)),
          rowMode: 'array',
          types: hotTypes,
        });
        const raw = result.rows[0];
        if (!raw) return undefined;
        const row: Row = {};
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          const v = raw[i];
          row[f.name] = v === null || !f.decode ? v : f.decode(v);
        }
        return row;
      },
    };
    byKey.set(key, prepared);
  }
  return prepared;
}

/** One visible, live record with its item extras, or undefined. */
export async function getRow(db: DbOrTx, res: Resource, actor: Actor, id: string): Promise<Row | undefined> {
  if (!(db instanceof PgTransaction)) {
    const scoped = actor.scopeUserIds !== null;
    return preparedGet(db, res, scoped).execute({
      id,
      orgId: actor.orgId,
      scope: `{${(actor.scopeUserIds ?? []).join(',')}}`,
    });
  }
  const rows = (await db
    .select(itemSelection(res))
    .from(res.table)
    .where(and(eq(col(res, 'id'), id), ...baseWhere(res, actor)))
    .limit(1)) as Row[];
  return rows[0];
}

/**
 * The record whose deletion took `row` with it (its parent, deleted in the same batch), if any: such a row
 * comes back with that record, not on its own.
 */
export async function deletedWithParent(
  tx: DbOrTx,
  res: Resource,
  actor: Actor,
  row: Row,
): Promise<{ parent: Resource; id: string } | undefined> {
  for (const { parent, column } of parentsOf(res)) {
    // Columns are named in the database by drizzle's snake_case casing: `accountId` is account_id.
    const key = Object.keys(res.columns).find(
      (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) === column,
    );
    const parentId = key ? (row[key] as string | null) : null;
    if (!parentId) continue;
    const hit = await tx.execute(sql`SELECT 1 FROM ${parent.table} WHERE org_id = ${actor.orgId}
      AND id = ${parentId} AND deleted_batch = ${row.deletedBatch as string}`);
    if (hit.rows.length) return { parent, id: parentId };
  }
  return undefined;
}

/** Locks a visible record for a write; `deleted` selects from the recycle bin instead. */
export async function lockRow(
  tx: DbOrTx,
  res: Resource,
  actor: Actor,
  id: string,
  opts: { deleted?: boolean; now?: Date } = {},
): Promise<Row | undefined> {
  const rows = (await tx
    .select(res.columns)
    .from(res.table)
    .where(and(eq(col(res, 'id'), id), ...baseWhere(res, actor, opts)))
    .for('update', { of: res.table })) as Row[];
  return rows[0];
}

export async function insertRow(tx: DbOrTx, res: Resource, values: Row): Promise<Row> {
  const rows = (await tx
    .insert(res.table)
    .values(values)
    .returning({ id: col(res, 'id') })) as Row[];
  return rows[0]!;
}

export async function updateRow(tx: DbOrTx, res: Resource, actor: Actor, id: string, values: Row, now: Date) {
  await tx
    .update(res.table)
    .set({
      ...values,
      version: sql`${col(res, 'version')} + 1`,
      updatedAt: now.toISOString(),
      updatedBy: actor.userId,
    })
    .where(and(eq(col(res, 'orgId'), actor.orgId), eq(col(res, 'id'), id)));
}

/** Records a deletion or restore took along: the resource, its parent in the cascade, their ids. */
export type Cascaded = { resource: Resource; parent: Resource; ids: string[] };

/**
 * Marks a record (and, recursively, its cascade) deleted in one batch, or brings the whole batch back;
 * returns what it took along, for the resources' `afterCascade` hooks.
 */
export async function setDeleted(
  tx: DbOrTx,
  res: Resource,
  actor: Actor,
  row: Row,
  opts: { restore: boolean; now: Date; batch: string },
): Promise<Cascaded[]> {
  const orgId = actor.orgId;
  const taken: Cascaded[] = [];
  if (opts.restore) {
    const batch = row.deletedBatch as string;
    for (const { resource, parent } of cascadeResources(res)) {
      // `deleted_at IS NOT NULL` (always true of a batch) lets the recycle-bin index find the batch.
      const back = await tx.execute<{ id: string }>(sql`UPDATE ${resource.table}
        SET deleted_at = NULL, deleted_batch = NULL, version = version + 1
        WHERE org_id = ${orgId} AND deleted_at IS NOT NULL AND deleted_batch = ${batch} RETURNING id`);
      if (back.rows.length) taken.push({ resource, parent, ids: back.rows.map((r) => r.id) });
    }
    await updateRow(tx, res, actor, row.id as string, { deletedAt: null, deletedBatch: null }, opts.now);
    return taken;
  }
  const at = opts.now.toISOString();
  await updateRow(tx, res, actor, row.id as string, { deletedAt: at, deletedBatch: opts.batch }, opts.now);
  const cascadeFrom = async (parent: Resource, ids: string[]): Promise<void> => {
    if (ids.length === 0) return;
    for (const child of parent.cascade ?? []) {
      const childRes = child.resource();
      const fk = sql.identifier(child.column);
      const res2 = await tx.execute<{ id: string }>(sql`UPDATE ${childRes.table} SET deleted_at = ${at},
        deleted_batch = ${opts.batch}, version = version + 1
        WHERE org_id = ${orgId} AND ${fk} = ANY(${`{${ids.join(',')}}`}::uuid[]) AND deleted_at IS NULL
        RETURNING id`);
      const childIds = res2.rows.map((r) => r.id);
      if (childIds.length) taken.push({ resource: childRes, parent, ids: childIds });
      await cascadeFrom(childRes, childIds);
    }
  };
  await cascadeFrom(res, [row.id as string]);
  return taken;
}

/** Every resource a deletion of `res` can take along (each once), with the parent that takes it. */
function cascadeResources(
  res: Resource,
  seen = new Set<Resource>(),
): { resource: Resource; parent: Resource }[] {
  const out: { resource: Resource; parent: Resource }[] = [];
  for (const child of res.cascade ?? []) {
    const c = child.resource();
    if (seen.has(c)) continue;
    seen.add(c);
    out.push({ resource: c, parent: res }, ...cascadeResources(c, seen));
  }
  return out;
}

export const tableName = (res: Resource) => getTableName(res.table);
