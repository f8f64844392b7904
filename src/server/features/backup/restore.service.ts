import fs from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { withIndexesDeferred } from '../../db/bulk-load.ts';
import { schema } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { DomainError } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.service.ts';
import {
  appliedMigrations,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  type BackupSummary,
} from './backup.service.ts';
import { quoteIdent, readCatalog, type TableInfo } from './catalog.ts';

/** Rows per INSERT, and a size cap so tables with long texts still make modest statements. */
const BATCH_ROWS = 5_000;
const BATCH_BYTES = 4 * 1024 * 1024;

type TableStart = { table: string; columns: string[] };
type TableEnd = { end: string; rows: number; tables?: number };

const invalid = (message: string) => new DomainError(422, 'invalid_backup', message);

/**
 * Restores a backup written by `writeBackup` into a fresh database: migrations are applied first, and a
 * database that already holds data is refused rather than merged into. Everything happens in one
 * transaction, so a failed or interrupted restore leaves the database empty.
 *
 * Generated columns are not in the backup (PostgreSQL recomputes them); sequences are moved past the
 * restored ids; the audit log's append-only trigger allows the inserts.
 */
export async function restoreBackup(opts: {
  pool: pg.Pool;
  file: string;
  onProgress?: (table: string, rows: number) => void;
}): Promise<BackupSummary & { createdAt: string }> {
  if (!fs.existsSync(opts.file)) throw new DomainError(404, 'not_found', `No backup file at ${opts.file}.`);
  await runMigrations(opts.pool);
  const client = await opts.pool.connect();
  const file = fs.createReadStream(opts.file);
  const gunzip = createGunzip();
  // Read errors reach the restore through the line iterator; these listeners only keep a late second
  // error (zlib reports a cut-off stream again while being torn down) from crashing the process.
  file.on('error', () => {});
  gunzip.on('error', () => {});
  const input = pipeline(file, gunzip, () => {});
  const it = readLines(input);
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL TimeZone = 'UTC'");
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    // The analytics summaries are tables of their own and come from the backup as they were; their
    // maintenance triggers must not add the restored deals a second time.
    await client.query("SET LOCAL winpath.analytics = 'off'");
    const catalog = await readCatalog(client);
    await refuseNonEmpty(client, catalog);

    const next = async (): Promise<string | undefined> => {
      try {
        const r = await it.next();
        return r.done ? undefined : r.value;
      } catch (err) {
        throw invalid(`The backup file cannot be read: ${(err as Error).message}`);
      }
    };

    const header = parseHeader(await next());
    const known = new Set((await appliedMigrations(client)).map((m) => m.hash));
    const unknown = header.migrations.filter((m) => !known.has(m.hash));
    if (unknown.length)
      throw new DomainError(
        409,
        'backup_too_new',
        `The backup was written by a newer Winpath (migration ${unknown[0]!.tag ?? unknown[0]!.hash} is not ` +
          'known here). Upgrade Winpath, then restore.',
      );

    const restored = new Set<string>();
    let totalRows = 0;
    let complete = false;
    const tx = drizzle({ client, schema, casing: 'snake_case' });
    // Loading into empty tables with their indexes and foreign keys set aside, then building each index
    // once and checking each reference with one join, is many times faster than row-by-row upkeep; it
    // also makes the load order irrelevant for self-references (accounts.parent_id) and cycles
    // (users.team_id <-> teams.manager_id). Any broken reference still fails the restore at the end.
    await withIndexesDeferred(tx, [...catalog.keys()], async () => {
      for (let line = await next(); line !== undefined; line = await next()) {
        if (!line) continue;
        const control = JSON.parse(line) as TableStart | TableEnd;
        if ('end' in control && control.end === 'backup') {
          if (control.rows !== totalRows)
            throw invalid(`The backup says it holds ${control.rows} rows, but ${totalRows} were read.`);
          complete = true;
          break;
        }
        if (!('table' in control)) throw invalid(`Unexpected line in the backup: ${line.slice(0, 80)}`);
        const table = catalog.get(control.table);
        if (!table)
          throw invalid(`The backup holds a table ${control.table} that this Winpath does not have.`);
        const insert = insertStatement(table, control.columns);
        let rows = 0;
        let batch: string[] = [];
        let bytes = 0;
        // One insert stays in flight while the next batch is read and decompressed, so PostgreSQL and
        // Node work at the same time.
        let inFlight: Promise<unknown> | undefined;
        const flush = async (last: boolean) => {
          const json = batch.length ? `[${batch.join(',')}]` : undefined;
          batch = [];
          bytes = 0;
          if (inFlight) await inFlight;
          inFlight = json ? client.query(insert, [json]) : undefined;
          // Awaited before the next batch or at the table's end; until then a failure must not count
          // as unhandled.
          inFlight?.catch(() => {});
          if (last && inFlight) await inFlight;
        };
        for (;;) {
          const row = await next();
          if (row === undefined)
            throw invalid(`The backup file ends inside table ${control.table}; it is truncated.`);
          if (row.startsWith('[')) {
            batch.push(row);
            bytes += row.length;
            rows++;
            if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush(false);
            continue;
          }
          await flush(true);
          const end = JSON.parse(row) as TableEnd;
          if (end.end !== control.table || end.rows !== rows)
            throw invalid(`Table ${control.table} in the backup is incomplete (${rows} rows read).`);
          break;
        }
        restored.add(table.name);
        totalRows += rows;
        opts.onProgress?.(table.name, rows);
      }
      if (!complete) throw invalid('The backup file is incomplete (no end marker); it is truncated.');
    });
    // New rows must not collide with restored ids: move each sequence past the highest restored value.
    for (const t of catalog.values())
      for (const s of t.serialColumns)
        await client.query(
          `SELECT setval($1::regclass, coalesce(max(${quoteIdent(s.column)}), 1), max(${quoteIdent(s.column)}) IS NOT NULL)
           FROM ${quoteIdent(t.name)}`,
          [s.sequence],
        );
    await writeAudit(tx, {
      orgId: null,
      actorId: null,
      event: 'backup_restored',
      detail: { backupCreatedAt: header.createdAt, tables: restored.size, rows: totalRows },
    });
    await client.query('COMMIT');
    return {
      tables: restored.size,
      rows: totalRows,
      bytes: fs.statSync(opts.file).size,
      createdAt: header.createdAt,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (err instanceof SyntaxError) throw invalid(`The backup file is damaged: ${err.message}`);
    throw err;
  } finally {
    input.destroy();
    client.release();
  }
}

/**
 * The lines of a stream, read as the consumer asks for them: pulling through the stream's async iterator
 * keeps back-pressure, so a multi-gigabyte backup never sits in memory.
 */
async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of stream) {
    rest += decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      yield rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

/** Restore only into a fresh database: merging two databases' rows is not something a restore should guess at. */
async function refuseNonEmpty(client: pg.PoolClient, catalog: Map<string, TableInfo>): Promise<void> {
  // Keep a running server (attached to the same database) from writing while the restore runs.
  const names = [...catalog.keys()].sort().map(quoteIdent).join(', ');
  await client.query(`LOCK TABLE ${names} IN EXCLUSIVE MODE`);
  const orgs = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM organizations');
  if (orgs.rows[0]!.n > 0)
    throw new DomainError(
      409,
      'database_not_empty',
      `The target database already holds ${orgs.rows[0]!.n} organization(s). Restore only into a fresh ` +
        'database: point DATABASE_URL (or WINPATH_DATA_DIR) at a new, empty one.',
    );
  for (const name of [...catalog.keys()].sort()) {
    const any = await client.query(`SELECT 1 FROM ${quoteIdent(name)} LIMIT 1`);
    if (any.rowCount)
      throw new DomainError(
        409,
        'database_not_empty',
        `The target database is not empty (table ${name} has rows). Restore only into a fresh database.`,
      );
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = line ? (JSON.parse(line) as Partial<BackupHeader>) : undefined;
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT) throw invalid('This is not a Winpath backup file.');
  if (header.version !== BACKUP_VERSION)
    throw invalid(`Backup format version ${header.version} is not supported (expected ${BACKUP_VERSION}).`);
  if (!Array.isArray(header.migrations)) throw invalid('The backup header lists no migrations.');
  return header as BackupHeader;
}

/** The statement that loads a batch of JSON rows into a table, casting each text value to the column's type. */
function insertStatement(table: TableInfo, columns: string[]): string {
  const types = new Map(table.columns.map((c) => [c.name, c]));
  for (const c of columns) {
    const col = types.get(c);
    if (!col) throw invalid(`The backup has a column ${table.name}.${c} that this Winpath does not have.`);
    if (col.generated) throw invalid(`The backup holds the generated column ${table.name}.${c}.`);
  }
  return (
    `INSERT INTO ${quoteIdent(table.name)} (${columns.map(quoteIdent).join(', ')}) ` +
    `SELECT ${columns.map((c, i) => `(r->>${i})::${types.get(c)!.type}`).join(', ')} ` +
    'FROM jsonb_array_elements($1::jsonb) AS r'
  );
}
