import type pg from 'pg';

/**
 * What backup and restore need to know about the tables, read from the PostgreSQL catalog rather than
 * hard-coded, so a new table or column is backed up without touching this code.
 */
export type Column = { name: string; type: string; notNull: boolean; generated: boolean };
export type ForeignKey = { refTable: string; columns: string[] };
export type TableInfo = {
  name: string;
  columns: Column[];
  /**
   * Columns that identify a row: the primary key, else the first unique index over required columns
   * (some link tables have only that), else empty (then rows are neither ordered nor updatable).
   */
  key: string[];
  foreignKeys: ForeignKey[];
  /** Columns filled from a sequence (bigserial); the sequence is moved past the restored rows. */
  serialColumns: { column: string; sequence: string }[];
};

type Queryable = Pick<pg.PoolClient, 'query'>;

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function readCatalog(client: Queryable): Promise<Map<string, TableInfo>> {
  const cols = await client.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    generated: boolean;
    sequence: string | null;
  }>(`
    SELECT c.relname::text AS table, a.attname::text AS column, format_type(a.atttypid, a.atttypmod) AS type,
      a.attnotnull AS not_null, a.attgenerated <> '' AS generated,
      pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, TableInfo>();
  for (const r of cols.rows) {
    let t = tables.get(r.table);
    if (!t) {
      t = { name: r.table, columns: [], key: [], foreignKeys: [], serialColumns: [] };
      tables.set(r.table, t);
    }
    t.columns.push({ name: r.column, type: r.type, notNull: r.not_null, generated: r.generated });
    if (r.sequence) t.serialColumns.push({ column: r.column, sequence: r.sequence });
  }
  const cons = await client.query<{ table: string; ref_table: string; columns: string[] }>(`
    SELECT c.relname::text AS table, f.relname::text AS ref_table,
      ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class f ON f.oid = con.confrelid
    WHERE n.nspname = 'public' AND con.contype = 'f'
    ORDER BY c.relname, con.conname`);
  for (const r of cons.rows)
    tables.get(r.table)?.foreignKeys.push({ refTable: r.ref_table, columns: r.columns });
  const keys = await client.query<{ table: string; columns: string[] }>(`
    SELECT c.relname::text AS table,
      ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY AS k(num, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.ord) AS columns
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE n.nspname = 'public' AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
    ORDER BY c.relname, i.indisprimary DESC, ic.relname`);
  for (const r of keys.rows) {
    const t = tables.get(r.table);
    if (!t || t.key.length) continue;
    const required = r.columns.every((name) => t.columns.find((c) => c.name === name)?.notNull);
    if (required) t.key = r.columns;
  }
  return tables;
}

/**
 * Tables in an order where each one's references are already present: referenced tables first.
 * References that cannot be satisfied by ordering (a table referencing itself, or a cycle such as
 * users.team_id <-> teams.manager_id) are restored later by an update; ordering only has to break the
 * cycles, which it does by placing the first (alphabetical) table of a cycle whose open references are
 * all nullable.
 */
export function dependencyOrder(tables: Map<string, TableInfo>): string[] {
  const placed = new Set<string>();
  const order: string[] = [];
  const names = [...tables.keys()].sort();
  const open = (t: TableInfo) =>
    t.foreignKeys.filter(
      (fk) => fk.refTable !== t.name && tables.has(fk.refTable) && !placed.has(fk.refTable),
    );
  while (order.length < names.length) {
    const ready = names.find((n) => !placed.has(n) && open(tables.get(n)!).length === 0);
    const pick =
      ready ??
      names.find(
        (n) =>
          !placed.has(n) &&
          open(tables.get(n)!).every((fk) => deferrableColumns(tables.get(n)!, fk).length > 0),
      );
    if (!pick)
      throw new Error('The tables reference each other through required columns; cannot order them.');
    placed.add(pick);
    order.push(pick);
  }
  return order;
}

/**
 * The columns of a reference that can be left empty at insert time and filled in afterwards: its
 * nullable columns. A composite tenant key (org_id, parent_id) keeps org_id and defers parent_id; with
 * one column null the reference is not checked (MATCH SIMPLE).
 */
export function deferrableColumns(table: TableInfo, fk: ForeignKey): string[] {
  return fk.columns.filter((c) => !table.columns.find((col) => col.name === c)?.notNull);
}

/** The columns a backup holds: everything except generated columns, which PostgreSQL recomputes. */
export const storedColumns = (t: TableInfo) => t.columns.filter((c) => !c.generated);
