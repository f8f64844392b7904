import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { VERSION } from '../../../config.ts';
import { migrationsFolder } from '../../db/migrate.ts';
import { dependencyOrder, quoteIdent, readCatalog, storedColumns } from './catalog.ts';

/**
 * Winpath's backup format: gzip'd JSON lines, readable by any PostgreSQL version Winpath supports (the
 * embedded cluster has no pg_dump, and a dump from PostgreSQL 18 does not load into 15).
 *
 *   {"format":"winpath-backup","version":1,...,"migrations":[...],"tables":[...]}   header
 *   {"table":"users","columns":[...]}                                              a table starts
 *   ["<id>","<org_id>",null,...]                                                  one row: every value in
 *                                                                                 PostgreSQL's text form
 *   {"end":"users","rows":42}                                                     the table ends
 *   {"end":"backup","tables":14,"rows":1234}                                      the backup is complete
 *
 * Values in PostgreSQL's own text form round-trip exactly (numerics, JSON null vs SQL NULL,
 * timestamps with microseconds), and restore casts them back with the target's column types.
 */
export const BACKUP_FORMAT = 'winpath-backup';
export const BACKUP_VERSION = 1;

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  winpath: string;
  postgres: string;
  migrations: { tag: string | null; hash: string; createdAt: number }[];
  tables: string[];
};
export type BackupSummary = { tables: number; rows: number; bytes: number };

const FETCH_ROWS = 5_000;

/** Applied migrations, named by their journal tag where the journal knows them. */
export async function appliedMigrations(
  client: Pick<pg.PoolClient, 'query'>,
): Promise<BackupHeader['migrations']> {
  const journal = readJournal();
  const res = await client.query<{ hash: string; created_at: string }>(
    'SELECT hash, created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY created_at, id',
  );
  return res.rows.map((r) => ({
    tag: journal.get(Number(r.created_at)) ?? null,
    hash: r.hash,
    createdAt: Number(r.created_at),
  }));
}

function readJournal(): Map<number, string> {
  try {
    const j = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number; tag: string }[];
    };
    return new Map(j.entries.map((e) => [e.when, e.tag]));
  } catch {
    return new Map();
  }
}

/**
 * Writes a backup of every table to `out`. All tables are read in one REPEATABLE READ snapshot, so the
 * backup is consistent while the server keeps running; rows are streamed through a cursor, so memory
 * stays flat however large the database is. The file appears under its name only when complete.
 */
export async function writeBackup(opts: {
  pool: pg.Pool;
  out: string;
  now: Date;
  onProgress?: (table: string, rows: number) => void;
}): Promise<BackupSummary> {
  const client = await opts.pool.connect();
  const partial = `${opts.out}.partial-${process.pid}`;
  let totalRows = 0;
  let tableCount = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Fixed text forms for timestamps and dates, whatever the server's defaults.
    await client.query("SET LOCAL TimeZone = 'UTC'");
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    await client.query('SET LOCAL extra_float_digits = 3');
    const catalog = await readCatalog(client);
    const order = dependencyOrder(catalog);
    const version = await client.query<{ v: string }>('SELECT version() AS v');
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: opts.now.toISOString(),
      winpath: VERSION,
      postgres: version.rows[0]!.v,
      migrations: await appliedMigrations(client),
      tables: order,
    };

    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const name of order) {
        const table = catalog.get(name)!;
        const columns = storedColumns(table).map((c) => c.name);
        yield `${JSON.stringify({ table: name, columns })}\n`;
        const values = columns.map((c) => `${quoteIdent(c)}::text`).join(', ');
        await client.query(
          `DECLARE wp_backup NO SCROLL CURSOR FOR
           SELECT to_json(ARRAY[${values}]::text[])::text AS line FROM ${quoteIdent(name)}`,
        );
        let rows = 0;
        // The next batch is requested before this one is compressed, so PostgreSQL and gzip work at the
        // same time instead of taking turns.
        const fetch = () => client.query<{ line: string }>(`FETCH FORWARD ${FETCH_ROWS} FROM wp_backup`);
        let pending: ReturnType<typeof fetch> | undefined = fetch();
        while (pending) {
          const batch: Awaited<typeof pending> = await pending;
          pending = batch.rows.length === FETCH_ROWS ? fetch() : undefined;
          if (!batch.rows.length) break;
          rows += batch.rows.length;
          let chunk = '';
          for (const r of batch.rows) chunk += `${r.line}\n`;
          yield chunk;
        }
        await client.query('CLOSE wp_backup');
        yield `${JSON.stringify({ end: name, rows })}\n`;
        totalRows += rows;
        tableCount++;
        opts.onProgress?.(name, rows);
      }
      yield `${JSON.stringify({ end: 'backup', tables: tableCount, rows: totalRows })}\n`;
    }

    // Level 3 compresses these repetitive lines nearly as well as the default and about twice as fast.
    await pipeline(Readable.from(lines()), createGzip({ level: 3 }), fs.createWriteStream(partial));
    await client.query('COMMIT');
    fs.renameSync(partial, opts.out);
    return { tables: tableCount, rows: totalRows, bytes: fs.statSync(opts.out).size };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    client.release();
  }
}
