import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

/**
 * Runs a bulk load into `tables` with their indexes and foreign keys set aside, then puts them back.
 * `tx` must be inside a transaction (a drizzle transaction, or a client after BEGIN).
 *
 * Inserting millions of rows into indexed tables costs a random index update per row and index, and a
 * foreign-key lookup per row and reference; building each index once from sorted data and validating
 * each foreign key with one join is an order of magnitude faster. Everything happens inside the
 * caller's transaction, so the definitions come back exactly as they were (names included), or the
 * whole load rolls back. While it runs the tables are locked (ACCESS EXCLUSIVE): other sessions wait.
 */
export async function withIndexesDeferred<T>(
  tx: DbOrTx,
  tables: string[],
  load: () => Promise<T>,
  onRebuilt?: () => void,
): Promise<T> {
  const regs = sql.param(tables);
  const constraints = (
    await tx.execute<{ name: string; kind: string; table: string; def: string }>(sql`
      SELECT con.conname::text AS name, con.contype::text AS kind, con.conrelid::regclass::text AS table,
        pg_get_constraintdef(con.oid) AS def
      FROM pg_constraint con
      WHERE con.contype IN ('p', 'u', 'f')
        AND (con.conrelid = ANY(${regs}::regclass[])
             OR (con.contype = 'f' AND con.confrelid = ANY(${regs}::regclass[])))
      ORDER BY con.conname`)
  ).rows;
  const indexes = (
    await tx.execute<{ name: string; def: string }>(sql`
      SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
      WHERE i.indrelid = ANY(${regs}::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY 1`)
  ).rows;
  const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const foreign = constraints.filter((c) => c.kind === 'f');
  const keys = constraints.filter((c) => c.kind !== 'f');

  for (const c of foreign)
    await tx.execute(sql.raw(`ALTER TABLE ${c.table} DROP CONSTRAINT ${ident(c.name)}`));
  for (const c of keys) await tx.execute(sql.raw(`ALTER TABLE ${c.table} DROP CONSTRAINT ${ident(c.name)}`));
  for (const i of indexes) await tx.execute(sql.raw(`DROP INDEX ${i.name}`));

  const result = await load();

  // ALTER TABLE refuses tables with pending trigger events; deferred constraint triggers queued by the
  // load fire now instead of at commit.
  await tx.execute(sql`SET CONSTRAINTS ALL IMMEDIATE`);
  for (const c of keys)
    await tx.execute(sql.raw(`ALTER TABLE ${c.table} ADD CONSTRAINT ${ident(c.name)} ${c.def}`));
  for (const i of indexes) await tx.execute(sql.raw(i.def));
  for (const c of foreign)
    await tx.execute(sql.raw(`ALTER TABLE ${c.table} ADD CONSTRAINT ${ident(c.name)} ${c.def}`));
  onRebuilt?.();
  return result;
}
