import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { RefKind } from '../../../core/import/entities.ts';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import { type Problem, type ProblemParams, problem, problemText } from '../../../core/import/problems.ts';
import {
  type CompiledMapping,
  compileMapping,
  externalIdOf,
  type RowError,
  rowError,
  validateRow,
} from '../../../core/import/validate.ts';
import type { ImportCounts } from '../../db/schema/imports.ts';
import { uuidv7 } from '../../db/uuidv7.ts';
import { DomainError } from '../../http/errors.ts';
import { fillNameKeys } from '../accounts/account-duplicates.ts';
import { DUPLICATE_CHECKED, splitDuplicates } from './duplicates.ts';
import { DbResolver, type Pending } from './resolver.ts';
import { type ByteSource, type FileShape, inspectSource, readRecords, sha256Of } from './source.ts';
import { createStaging, type Period, type Prepared, writeRows } from './writers.ts';

/** A line of the error report: the spreadsheet row, the field and column, the cell, what is wrong. */
export type ReportRow = {
  row: number;
  field: string | null;
  column: string | null;
  value: string | null;
  problem: Problem;
  /** The row's cells (on the first problem of a row). */
  cells?: string[] | null;
  /** A reference (or stage) that matches no record, or several. */
  unmatched?: 'missing' | 'ambiguous';
};

export type ImportProgress = {
  rowsDone: number;
  bytesDone: number;
  bytesTotal: number;
  counts: ImportCounts;
};

export type ImportSummary = {
  jobId: string | null;
  entity: ImportEntity;
  dryRun: boolean;
  /** Data rows of the file. */
  rows: number;
  /** Rows already committed by an earlier, interrupted run of the same import. */
  resumedFrom: number;
  /** The same file was imported before with the same mapping and has no external ids: nothing done. */
  alreadyImported: boolean;
  counts: ImportCounts;
  encoding: string;
  delimiter: string;
  seconds: number;
  /** The first problems (all of them are in the error report). */
  errors: ReportRow[];
  /** Dry runs with maxRows: whether the rows looked at are the whole file. */
  complete: boolean;
};

export type ImportOptions = {
  pool: pg.Pool;
  orgId: string;
  /** Who imports: history and audit name them; records without an owner get them. Default: the first admin. */
  actorId: string | null;
  entity: ImportEntity;
  source: ByteSource;
  mapping: ImportMapping;
  createMissing?: boolean;
  /** Validate and write everything in one transaction, then roll it back: exact counts, nothing kept. */
  dryRun?: boolean;
  /** Source rows per transaction. */
  batchSize?: number;
  /**
   * Deals only. `batch`: the analytics summaries are refreshed in each batch's transaction, so they are
   * exact after every commit; `rebuild`: once, at the end, for the whole organization (they lag while the
   * import runs, and an interrupted import leaves them behind until it is resumed and completes);
   * `auto` (default): see `chooseAnalytics`.
   */
  analytics?: 'batch' | 'rebuild' | 'auto';
  /** An uploaded file (API). */
  fileId?: string | null;
  fileSha256?: string;
  now?: Date;
  onProgress?: (p: ImportProgress) => void;
  /** Every report row as found (dry runs keep nothing in the database). */
  onErrors?: (rows: ReportRow[]) => void;
  /** How long resuming waits for the job's lock (a killed run's session letting go). Default 15 s. */
  resumeLockWaitMs?: number;
  /** Tests: stop (as a crash would) after this many committed batches. */
  stopAfterBatches?: number;
  /** Dry runs (previews): look at the first rows only. */
  maxRows?: number;
  /** Called once the job exists (created, or found for resuming), before any row is read. */
  onJob?: (jobId: string) => void;
};

const ZERO = (): ImportCounts => ({ inserted: 0, updated: 0, unchanged: 0, failed: 0, created: {} });
const ERRORS_KEPT = 50;
const REBUILD_ABOVE_BYTES = 4 << 20;
const RESUME_LOCK_WAIT_MS = 15_000;

/** Canonical JSON (sorted keys), so the same mapping always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export const mappingSha256 = (mapping: ImportMapping, createMissing: boolean) =>
  createHash('sha256').update(canonical({ mapping, createMissing })).digest('hex');

/** The mapping checked against the file: 422 `invalid_mapping` naming every problem. */
export function compileOrThrow(
  entity: ImportEntity,
  mapping: ImportMapping,
  headers: string[],
): CompiledMapping {
  const c = compileMapping(entity, mapping, headers);
  if (!c.ok)
    throw new DomainError(
      422,
      'invalid_mapping',
      `The mapping does not fit the file: ${c.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      {
        errors: c.errors,
      },
    );
  return c.compiled;
}

/** What a database refusal of one row means. */
function dbProblem(err: unknown): Problem {
  const e = err as { code?: string; constraint?: string; message?: string };
  switch (e.code) {
    case '23505':
      return problem('duplicate', { constraint: e.constraint ?? 'unique' });
    case '23503':
      return problem('missingReference', { constraint: e.constraint ?? 'reference' });
    case '23514':
      if (e.constraint) return problem('breaksRule', { constraint: e.constraint });
      return problem('database', { detail: e.message ?? String(err) });
    default:
      return problem('database', { detail: e.message ?? String(err) });
  }
}

type Job = { id: string; rowsDone: number; counts: ImportCounts };

/**
 * How a deals import keeps the analytics: refreshed in each batch, or rebuilt once at the end. A rebuild
 * costs in proportion to the whole organization (about 95 µs a deal here) and holds a lock that makes
 * writers of every organization wait; a batch refresh costs in proportion to its rows plus a scan of the
 * organization's stage periods. Measured (bench/import.bench.ts): 20,000 rows into an organization of
 * 995,000 deals, batch 10.3 s, rebuild 110.7 s; 50,000 into a fresh one, batch 28.2 s, rebuild 16.9 s.
 * Rebuilding pays only for a large file that brings at least as many deals as the organization has (a
 * first migration), so that is when it is chosen.
 */
export function chooseAnalytics(o: {
  bytes: number;
  sample: string[][];
  deals: number;
}): 'batch' | 'rebuild' {
  if (o.bytes <= REBUILD_ABOVE_BYTES) return 'batch';
  const sampleBytes = o.sample.reduce((n, r) => n + r.reduce((m, c) => m + Buffer.byteLength(c) + 1, 0), 0);
  const rowBytes = o.sample.length ? Math.max(16, sampleBytes / o.sample.length) : 100;
  return o.bytes / rowBytes >= o.deals ? 'rebuild' : 'batch';
}

/**
 * Imports a CSV file into one entity of an organization. Rows are validated in Node (formats, value maps,
 * references by normalised name or e-mail) and written in batches set-based (COPY into a staging table,
 * one UPDATE and one INSERT … SELECT). Each batch commits together with the job's progress and its rows'
 * errors, so a run that is killed and started again with the same file and mapping continues after the
 * last committed row: every row lands exactly once. Rows with an external id are upserts, so re-importing
 * a changed file updates instead of duplicating. Bad rows are reported (error report), good rows go in.
 */
export async function runImport(o: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const now = o.now ?? new Date();
  const createMissing = o.createMissing ?? false;
  const batchSize = o.batchSize ?? 10_000;
  const sha = o.fileSha256 ?? (await sha256Of(o.source));
  const shape: FileShape = await inspectSource(o.source, o.mapping.formats);
  const compiled = compileOrThrow(o.entity, o.mapping, shape.headers);
  const mapped = new Set(compiled.fields.map((f) => f.spec.key));
  const mSha = mappingSha256(o.mapping, createMissing);
  const skipDuplicates = DUPLICATE_CHECKED.has(o.entity) && (o.mapping.duplicates ?? 'skip') === 'skip';
  const nameField = compiled.fields.find((f) => f.spec.key === 'name');

  const client = await o.pool.connect();
  if (process.env.WINPATH_IMPORT_PROFILE) profileQueries(client);
  let releaseError: Error | undefined;
  try {
    const q = (text: string, params?: unknown[]) => client.query(text, params);
    // This connection is the import's own (discarded at the end). Each batch commits its rows with the
    // job's progress in one transaction, so not waiting for the WAL flush cannot break exactly-once: a
    // server crash loses the last batches and their progress together. New rows' search-index entries
    // go to the GIN pending lists, merged once at the end instead of row by row.
    await q('SET synchronous_commit = off');
    await q("SET gin_pending_list_limit = '64MB'");
    await q("SET work_mem = '64MB'");
    // Batch statements are costed high (the bulk analytics plans switch nested loops off): JIT compiling
    // them costs more than it saves on batches of this size.
    await q('SET jit = off');
    // A killed client's session must not run on for minutes (holding the job's lock and writing a batch
    // that can only roll back): the server checks the connection every second during long statements.
    await q("SET client_connection_check_interval = '1s'");
    const org = (
      await q(
        `SELECT o.default_currency AS currency,
           (SELECT id FROM users u WHERE u.org_id = o.id AND u.role = 'admin' AND u.status = 'active'
              AND u.deleted_at IS NULL ORDER BY u.created_at, u.id LIMIT 1) AS admin_id
         FROM organizations o WHERE o.id = $1`,
        [o.orgId],
      )
    ).rows[0] as { currency: string; admin_id: string | null } | undefined;
    if (!org) throw new DomainError(404, 'not_found', 'The organization does not exist.');
    const actorId = o.actorId ?? org.admin_id;
    // The job: a new one, or the interrupted one of the same file and mapping (resume).
    let job: Job = { id: '', rowsDone: 0, counts: ZERO() };
    if (!o.dryRun) {
      const found = await findJob(client, o.orgId, o.entity, sha, mSha);
      if (found?.status === 'completed' && !mapped.has('externalId')) {
        return {
          jobId: found.id,
          entity: o.entity,
          dryRun: false,
          rows: found.rowsTotal ?? found.rowsDone,
          resumedFrom: found.rowsDone,
          alreadyImported: true,
          counts: found.counts,
          encoding: shape.encoding,
          delimiter: shape.delimiter,
          seconds: (Date.now() - started) / 1000,
          errors: [],
          complete: true,
        };
      }
      if (found && found.status !== 'completed') {
        // A run killed a moment ago may still hold the job's lock: its server session lives until the
        // statement it was running notices the client is gone (within a second, see above). Wait for that
        // rather than report a live import; one that is really running keeps the lock past the wait.
        await q(
          `SET lock_timeout = '${Math.max(1, Math.round(o.resumeLockWaitMs ?? RESUME_LOCK_WAIT_MS))}ms'`,
        );
        const locked = await q('SELECT pg_advisory_lock(hashtextextended($1, 0))', [found.id]).then(
          () => true,
          (err: { code?: string }) => {
            if (err.code === '55P03') return false;
            throw err;
          },
        );
        await q('SET lock_timeout = 0');
        if (!locked)
          throw new DomainError(
            409,
            'import_running',
            'This import is running in another process; wait for it or stop it first.',
          );
        await q(`UPDATE import_jobs SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [
          found.id,
        ]);
        job = { id: found.id, rowsDone: found.rowsDone, counts: found.counts };
      } else {
        const id = randomUUID();
        await q('SELECT pg_advisory_lock(hashtextextended($1, 0))', [id]);
        await q('BEGIN');
        await q(
          `INSERT INTO import_jobs (id, org_id, entity, file_id, file_name, file_sha256, mapping, mapping_sha256,
             create_missing, actor_id, bytes_total, headers)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            id,
            o.orgId,
            o.entity,
            o.fileId ?? null,
            o.source.name,
            sha,
            JSON.stringify(o.mapping),
            mSha,
            createMissing,
            actorId,
            o.source.size,
            shape.headers,
          ],
        );
        await q(
          `INSERT INTO audit_log (org_id, actor_id, event, detail) VALUES ($1, $2, 'import_started', $3)`,
          [
            o.orgId,
            actorId,
            JSON.stringify({ jobId: id, entity: o.entity, file: o.source.name, sha256: sha }),
          ],
        );
        await q('COMMIT');
        job = { id, rowsDone: 0, counts: ZERO() };
      }
    }

    if (job.id) o.onJob?.(job.id);
    // A resumed job whose earlier runs may have left the analytics to a final rebuild must rebuild: its
    // committed batches were written with the refresh off.
    const analyticsMode: 'batch' | 'rebuild' =
      o.analytics === 'batch' || o.analytics === 'rebuild'
        ? o.analytics
        : o.entity !== 'opportunities'
          ? 'batch'
          : job.rowsDone > 0 && o.source.size > REBUILD_ABOVE_BYTES
            ? 'rebuild'
            : chooseAnalytics({
                bytes: o.source.size,
                sample: shape.sample,
                deals: (
                  await q(
                    'SELECT count(*)::int AS n FROM opportunities WHERE org_id = $1 AND deleted_at IS NULL',
                    [o.orgId],
                  )
                ).rows[0].n as number,
              });
    const kinds = new Set<RefKind>(compiled.fields.flatMap((f) => (f.spec.ref ? [f.spec.ref] : [])));
    if (o.entity === 'users') kinds.add('user');
    if (o.entity === 'teams') kinds.add('team');
    if (o.entity === 'users' && (mapped.has('manager') || mapped.has('region'))) kinds.add('team');
    const resolver = await DbResolver.load(client, o.orgId, kinds, { createMissing });
    const managedTeams = new Map<string, string>();
    if (o.entity === 'users')
      for (const r of (
        await q(
          'SELECT DISTINCT ON (manager_id) manager_id, id FROM teams WHERE org_id = $1 AND manager_id IS NOT NULL AND deleted_at IS NULL ORDER BY manager_id, created_at',
          [o.orgId],
        )
      ).rows as { manager_id: string; id: string }[])
        managedTeams.set(r.manager_id, r.id);
    if (skipDuplicates && o.entity === 'accounts') await fillNameKeys(q, o.orgId);
    await createStaging(client, o.entity);
    const ctx = { resolver, defaultOwnerId: actorId, currency: org.currency, now };

    const counts = job.counts;
    const kept: ReportRow[] = [];
    const resumedFrom = job.rowsDone;
    let rowsDone = job.rowsDone;
    let dataRows = 0;
    let bytesDone = 0;
    let batches = 0;
    const seenExternal = new Map<string, number>();
    /** Possible-duplicate keys of the rows written so far (see splitDuplicates). */
    const seenDuplicates = new Map<string, number>();

    /** `cells`: of prepared rows, for the report should the database refuse one. */
    type Batch = {
      prepared: Prepared[];
      errors: ReportRow[];
      rows: number;
      bytes: number;
      cells: Map<number, string[]>;
    };
    const emptyBatch = (bytes: number): Batch => ({
      prepared: [],
      errors: [],
      rows: 0,
      bytes,
      cells: new Map(),
    });
    let batch: Batch = emptyBatch(0);
    let writing: Promise<void> = Promise.resolve();
    let stopped = false;

    if (o.dryRun) await q('BEGIN');

    const write = async (b: Batch, pending: Pending[]) => {
      if (!o.dryRun) await q('BEGIN');
      await q(
        analyticsMode === 'rebuild' || o.entity === 'opportunities'
          ? "SELECT set_config('winpath.analytics', 'off', true)"
          : 'SELECT 1',
      );
      if (!o.dryRun) {
        const cur = (await q('SELECT rows_done FROM import_jobs WHERE id = $1 FOR UPDATE', [job.id]))
          .rows[0] as { rows_done: number } | undefined;
        if (cur?.rows_done !== rowsDone)
          throw new DomainError(409, 'import_running', 'Another process advanced this import; stopping.');
      }
      await insertPending(q, o.orgId, actorId, org.currency, pending);
      let rows = b.prepared;
      const skipped: ReportRow[] = [];
      if (skipDuplicates) {
        const split = await splitDuplicates({
          q,
          orgId: o.orgId,
          entity: o.entity,
          rows,
          seen: seenDuplicates,
        });
        rows = split.keep;
        for (const d of split.skipped) {
          const cells = b.cells.get(d.row) ?? null;
          const value = nameField && nameField.column >= 0 ? (cells?.[nameField.column] ?? null) : null;
          skipped.push({
            row: d.row,
            field: 'name',
            column: nameField?.header ?? null,
            value,
            problem: d.problem,
            cells,
          });
        }
      }
      const outcome = await writeBisect(client, o.entity, { orgId: o.orgId, actorId, mapped }, rows);
      if (o.entity === 'users' && pending.some((p) => p.kind === 'team' && p.managerId))
        await q(
          `UPDATE teams t SET manager_id = m.manager FROM unnest($2::uuid[], $3::uuid[]) AS m(team, manager)
            WHERE t.org_id = $1 AND t.id = m.team
              AND EXISTS (SELECT 1 FROM users u WHERE u.org_id = $1 AND u.id = m.manager)`,
          [
            o.orgId,
            pending.filter((p) => p.managerId).map((p) => p.id),
            pending.filter((p) => p.managerId).map((p) => p.managerId),
          ],
        );
      const createdAccounts = pending.filter((p) => p.kind === 'account').map((p) => p.id);
      if (createdAccounts.length && (o.entity === 'opportunities' || o.entity === 'contacts'))
        await q(
          `UPDATE accounts a SET owner_id = x.owner_id
             FROM (SELECT DISTINCT ON (account_id) account_id, owner_id FROM imp_stage ORDER BY account_id, row_no) x
            WHERE a.org_id = $1 AND a.id = x.account_id AND a.id = ANY($2::uuid[])`,
          [o.orgId, createdAccounts],
        );
      if (o.entity === 'opportunities' && analyticsMode === 'batch') {
        await q("SELECT set_config('winpath.analytics', 'on', true)");
        await q('SELECT winpath_analytics_refresh($1, array(SELECT id FROM imp_done))', [o.orgId]);
      }
      const report = [
        ...b.errors,
        ...skipped,
        ...outcome.errors.map((e) => ({ ...e, cells: b.cells.get(e.row) ?? null })),
      ].sort((x, y) => x.row - y.row);
      const failedRows = new Set(report.map((r) => r.row)).size;
      counts.inserted += outcome.inserted;
      counts.updated += outcome.updated;
      counts.unchanged += outcome.unchanged;
      counts.failed += failedRows;
      for (const p of pending) counts.created[p.kind] = (counts.created[p.kind] ?? 0) + 1;
      for (const r of report) if (kept.length < ERRORS_KEPT) kept.push(r);
      if (o.dryRun) o.onErrors?.(report);
      else {
        if (report.length)
          await q(
            `INSERT INTO import_errors (org_id, job_id, row, field, "column", value, message, code, params, cells)
             SELECT $1, $2, x.row, x.field, x.col, x.value, x.message, x.code, x.params,
                    CASE WHEN x.cells IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.cells)) END
               FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[],
                           $10::jsonb[])
                    AS x(row, field, col, value, message, code, params, cells)`,
            [
              o.orgId,
              job.id,
              report.map((r) => r.row),
              report.map((r) => r.field),
              report.map((r) => r.column),
              report.map((r) => r.value?.replaceAll('\u0000', '').slice(0, 1000) ?? null),
              // The English wording, for clients that read text (and rows kept from before codes).
              report.map((r) => problemText(r.problem).replaceAll('\u0000', '')),
              report.map((r) => r.problem.code),
              report.map((r) => (r.problem.params ? JSON.stringify(storableParams(r.problem.params)) : null)),
              report.map((r) =>
                r.cells ? JSON.stringify(r.cells.map((c) => c.replaceAll('\u0000', ''))) : null,
              ),
            ],
          );
        await q(
          `UPDATE import_jobs SET rows_done = $2, bytes_done = $3, counts = $4, updated_at = now() WHERE id = $1`,
          [job.id, rowsDone + b.rows, Math.max(b.bytes, bytesDone), JSON.stringify(counts)],
        );
        await q('COMMIT');
      }
      rowsDone += b.rows;
      bytesDone = Math.max(b.bytes, bytesDone);
      batches++;
      o.onProgress?.({ rowsDone, bytesDone, bytesTotal: o.source.size, counts });
      if (o.stopAfterBatches !== undefined && batches >= o.stopAfterBatches) stopped = true;
    };

    const flush = async () => {
      const b = batch;
      batch = emptyBatch(b.bytes);
      // Queued creations belong to the batch validated so far: taken now, before any await.
      const pending = resolver.takePending();
      const previous = writing;
      writing = previous.then(() => (stopped ? undefined : write(b, pending)));
      // Validate the next batch while this one is written, but never more than one ahead.
      await previous;
    };

    let header = true;
    let truncated = false;
    try {
      for await (const chunk of readRecords(o.source, shape)) {
        for (const rec of chunk.records) {
          if (header) {
            header = false;
            continue;
          }
          if (o.maxRows !== undefined && dataRows >= o.maxRows) {
            truncated = true;
            break;
          }
          const index = dataRows++;
          // Let the batch being written get its statements' answers promptly (validation is sync work).
          if ((index & 1023) === 1023) await new Promise<void>((r) => setImmediate(r));
          const ext = compiled.externalIdColumn >= 0 ? externalIdOf(compiled, rec.fields) : null;
          if (index < resumedFrom) {
            if (ext !== null && !seenExternal.has(ext)) seenExternal.set(ext, rec.row);
            continue;
          }
          batch.rows++;
          const mark = resolver.mark();
          const res = validateRow(compiled, rec.fields, ctx);
          if (ext !== null) {
            const first = seenExternal.get(ext);
            if (first !== undefined)
              res.errors.push(rowError('externalId', null, ext, problem('sameExternalId', { row: first })));
            else seenExternal.set(ext, rec.row);
          }
          if (res.errors.length) {
            resolver.rollback(mark);
            res.errors.forEach((e, i) => {
              batch.errors.push(toReport(rec.row, e, i === 0 ? rec.fields : null));
            });
          } else {
            const ready = prepare(
              o.entity,
              rec.row,
              res.record,
              { resolver, managedTeams, createMissing, mapped, skipDuplicates },
              (e) => batch.errors.push(toReport(rec.row, e, rec.fields)),
            );
            if (ready) {
              batch.prepared.push(ready);
              batch.cells.set(rec.row, rec.fields);
            }
          }
          if (batch.rows >= batchSize) {
            batch.bytes = chunk.bytes;
            await flush();
            if (stopped) break;
          }
        }
        batch.bytes = chunk.bytes;
        if (stopped || truncated) break;
      }
      if (!stopped && batch.rows) await flush();
      await writing;
    } catch (err) {
      await writing.catch(() => {});
      await q('ROLLBACK').catch(() => {});
      if (!o.dryRun && job.id)
        await q(`UPDATE import_jobs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
          job.id,
          (err as Error).message,
        ]).catch(() => {});
      throw err;
    }
    if (o.dryRun) await q('ROLLBACK');
    else if (!stopped) {
      await q('BEGIN');
      if (o.entity === 'opportunities' && analyticsMode === 'rebuild') {
        await q("SELECT set_config('work_mem', '256MB', true)");
        await q('SELECT winpath_analytics_rebuild($1)', [o.orgId]);
      }
      // Merge the search-index entries this import queued (see the session settings above).
      if (counts.inserted > 0)
        await q(
          `SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_am am ON am.oid = c.relam
            WHERE i.indrelid = $1::regclass AND am.amname = 'gin'`,
          [o.entity],
        );
      await q(
        `UPDATE import_jobs SET status = 'completed', rows_total = $2, bytes_done = bytes_total, finished_at = now(),
           updated_at = now() WHERE id = $1`,
        [job.id, dataRows],
      );
      await q(
        `INSERT INTO audit_log (org_id, actor_id, event, detail) VALUES ($1, $2, 'import_completed', $3)`,
        [
          o.orgId,
          actorId,
          JSON.stringify({ jobId: job.id, entity: o.entity, file: o.source.name, rows: dataRows, ...counts }),
        ],
      );
      await q('COMMIT');
    }
    return {
      jobId: job.id || null,
      entity: o.entity,
      dryRun: o.dryRun ?? false,
      rows: dataRows,
      resumedFrom,
      alreadyImported: false,
      counts,
      encoding: shape.encoding,
      delimiter: shape.delimiter,
      seconds: (Date.now() - started) / 1000,
      errors: kept,
      complete: !truncated,
    };
  } catch (err) {
    releaseError = err instanceof DomainError ? undefined : (err as Error);
    throw err;
  } finally {
    // A connection that failed mid-protocol is discarded, not returned to the pool; the session (its
    // staging tables and advisory lock) ends with it.
    client.release(releaseError ?? true);
  }
}

/** Parameters as stored: PostgreSQL cannot hold U+0000 (a cell may; it is dropped, as in the cells). */
const storableParams = (p: ProblemParams) =>
  Object.fromEntries(
    Object.entries(p).map(([k, v]) => [
      k,
      typeof v === 'string' ? v.replaceAll('\u0000', '').slice(0, 1000) : v,
    ]),
  );

/** A problem the database found with a row (no field to point at). */
function dbError(row: number, p: Problem): ReportRow {
  return { row, field: null, column: null, value: null, problem: p };
}

function toReport(row: number, e: RowError, cells: string[] | null): ReportRow {
  return {
    row,
    field: e.field || null,
    column: e.column,
    value: e.value || null,
    problem: e.problem,
    cells,
    ...(e.unmatched && { unmatched: e.unmatched }),
  };
}

type PrepareContext = {
  resolver: DbResolver;
  managedTeams: Map<string, string>;
  createMissing: boolean;
  mapped: ReadonlySet<string>;
  skipDuplicates: boolean;
};

/** Entity steps between validation and the database: ids, derived periods, teams of managers. */
function prepare(
  entity: ImportEntity,
  row: number,
  record: Record<string, unknown>,
  p: PrepareContext,
  err: (e: RowError) => void,
): Prepared | null {
  const id = uuidv7();
  const out: Prepared = { row, id, record, nameTarget: null };
  if (entity === 'opportunities') out.periods = periodsOf(record, p.resolver);
  // Rows may name an earlier row of the same file as their parent (a group headquarters, a region).
  if (entity === 'teams') {
    out.nameTarget = p.resolver.lookup('team', record.name as string);
    p.resolver.remember('team', record.name as string, out.nameTarget ?? id);
  }
  if (entity === 'accounts') {
    const name = record.name as string;
    // Stored for the duplicate checks (this one and the accounts feature's), as interactive writes do.
    record.nameKey = referenceKey(name);
    // A row that will be skipped as a duplicate must not become what later rows' parent names mean.
    if (!(p.skipDuplicates && !record.externalId && p.resolver.lookup('account', name)))
      p.resolver.remember('account', name, id);
  }
  if (entity === 'products') out.nameTarget = p.resolver.lookup('product', record.name as string);
  if (entity === 'users') {
    const name = record.name as string;
    out.nameTarget = p.resolver.placeholderUser(name);
    p.resolver.remember('user', name, out.nameTarget ?? id);
    const managerId = record.managerId as string | undefined;
    if (!record.teamId && managerId) {
      let teamId = p.managedTeams.get(managerId);
      if (!teamId && p.createMissing) {
        teamId = uuidv7();
        const regionId = (record.regionId as string | undefined) ?? null;
        p.resolver.queue({
          kind: 'team',
          id: teamId,
          name: `${managerName(p, managerId)} team`,
          parentId: regionId,
          managerId,
        });
        p.managedTeams.set(managerId, teamId);
      }
      if (teamId) record.teamId = teamId;
      else {
        err(rowError('manager', null, '', problem('managerLeadsNoTeam')));
        return null;
      }
    } else if (!record.teamId && record.regionId) record.teamId = record.regionId;
  }
  return out;
}

function managerName(p: PrepareContext, managerId: string): string {
  return p.resolver.nameOf(managerId) ?? 'Manager';
}

/**
 * The stage periods a deal's dates imply: created → (stage entered) → closed. With a stage-entered date,
 * the time before it is one period in the pipeline's first stage (the file does not say which stages the
 * deal passed through on the way); without one, the deal was in its stage from creation. A closed deal's
 * last period ends on its close date.
 */
function periodsOf(record: Record<string, unknown>, resolver: DbResolver): Period[] {
  const stageId = record.stageId as string;
  const created = record.createdAt as string;
  const first = resolver.stagesOf(record.pipelineId as string)[0]?.id ?? stageId;
  const entered = record.stageEnteredAt as string | undefined;
  const closedAt = record.closedAt as string | null;
  const end = (from: string) => {
    if (!closedAt) return null;
    const at = `${closedAt}T00:00:00.000Z`;
    return at < from ? from : at;
  };
  if (entered && entered > created && stageId !== first)
    return [
      { stageId: first, enteredAt: created, leftAt: entered, fromStageId: null },
      { stageId, enteredAt: entered, leftAt: end(entered), fromStageId: first },
    ];
  return [{ stageId, enteredAt: created, leftAt: end(created), fromStageId: null }];
}

/** Inserts the records created for unmatched references, in the batch's transaction. */
async function insertPending(
  q: (t: string, p?: unknown[]) => Promise<pg.QueryResult>,
  orgId: string,
  ownerId: string | null,
  currency: string,
  pending: Pending[],
): Promise<void> {
  const of = (kind: Pending['kind']) => pending.filter((p) => p.kind === kind);
  const users = of('user');
  if (users.length)
    await q(
      `INSERT INTO users (id, org_id, name, role) SELECT id, $1, name, 'rep' FROM unnest($2::uuid[], $3::text[]) AS x(id, name)`,
      [orgId, users.map((u) => u.id), users.map((u) => u.name)],
    );
  const teams = of('team');
  if (teams.length)
    await q(
      `INSERT INTO teams (id, org_id, name, parent_id) SELECT id, $1, name, parent FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS x(id, name, parent)`,
      [orgId, teams.map((t) => t.id), teams.map((t) => t.name), teams.map((t) => t.parentId ?? null)],
    );
  const accounts = of('account');
  if (accounts.length)
    await q(
      `INSERT INTO accounts (id, org_id, name, owner_id, name_key)
       SELECT id, $1, name, $4, key FROM unnest($2::uuid[], $3::text[], $5::text[]) AS x(id, name, key)`,
      [
        orgId,
        accounts.map((a) => a.id),
        accounts.map((a) => a.name),
        ownerId,
        accounts.map((a) => referenceKey(a.name)),
      ],
    );
  const products = of('product');
  if (products.length)
    await q(
      `INSERT INTO products (id, org_id, name, currency) SELECT id, $1, name, $4 FROM unnest($2::uuid[], $3::text[]) AS x(id, name)`,
      [orgId, products.map((p) => p.id), products.map((p) => p.name), currency],
    );
}

/**
 * Writes a batch; when the database refuses it (a rule the validator does not know), halves it until
 * the refused rows are single, and reports those with the database's reason. The rest goes in.
 */
async function writeBisect(
  client: pg.ClientBase,
  entity: ImportEntity,
  ctx: Parameters<typeof writeRows>[2],
  rows: Prepared[],
): Promise<{ inserted: number; updated: number; unchanged: number; errors: ReportRow[] }> {
  if (!rows.length) return { inserted: 0, updated: 0, unchanged: 0, errors: [] };
  await client.query('SAVEPOINT import_batch');
  try {
    const r = await writeRows(client, entity, ctx, rows);
    await client.query('RELEASE SAVEPOINT import_batch');
    return {
      ...r,
      errors: r.errors.map((e) => ({
        row: e.row,
        field: 'externalId',
        column: null,
        value: null,
        problem: e.problem,
      })),
    };
  } catch (err) {
    await client.query('ROLLBACK TO SAVEPOINT import_batch');
    await client.query('RELEASE SAVEPOINT import_batch');
    if (rows.length === 1)
      return {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        errors: [dbError(rows[0]!.row, dbProblem(err))],
      };
    const mid = rows.length >> 1;
    const a = await writeBisect(client, entity, ctx, rows.slice(0, mid));
    const b = await writeBisect(client, entity, ctx, rows.slice(mid));
    return {
      inserted: a.inserted + b.inserted,
      updated: a.updated + b.updated,
      unchanged: a.unchanged + b.unchanged,
      errors: [...a.errors, ...b.errors],
    };
  }
}

type FoundJob = {
  id: string;
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  counts: ImportCounts;
};

async function findJob(
  client: pg.ClientBase,
  orgId: string,
  entity: string,
  sha: string,
  mSha: string,
): Promise<FoundJob | undefined> {
  const r = await client.query(
    `SELECT id, status, rows_done, rows_total, counts FROM import_jobs
      WHERE org_id = $1 AND entity = $2 AND file_sha256 = $3 AND mapping_sha256 = $4
      ORDER BY started_at DESC LIMIT 1`,
    [orgId, entity, sha, mSha],
  );
  const j = r.rows[0] as
    | { id: string; status: string; rows_done: number; rows_total: number | null; counts: ImportCounts }
    | undefined;
  return (
    j && { id: j.id, status: j.status, rowsDone: j.rows_done, rowsTotal: j.rows_total, counts: j.counts }
  );
}

/** WINPATH_IMPORT_PROFILE=1: total time per statement shape, printed at exit (performance work). */
function profileQueries(client: pg.PoolClient): void {
  const totals = new Map<string, { ms: number; n: number }>();
  const orig = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? 'COPY');
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    const t = performance.now();
    const r = orig(...args);
    if (r && typeof (r as Promise<unknown>).then === 'function')
      return (r as Promise<unknown>).finally(() => {
        const e = totals.get(key) ?? { ms: 0, n: 0 };
        e.ms += performance.now() - t;
        e.n++;
        totals.set(key, e);
      });
    return r;
  };
  process.once('exit', () => {
    for (const [k, v] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
      console.error(`${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.n).padStart(6)}× ${k}`);
  });
}
