import type pg from 'pg';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { type ProblemParams, problemText } from '../../../core/import/problems.ts';
import type { ImportCounts } from '../../db/schema/imports.ts';
import type { Query } from './import.repo.ts';
import type { ReportRow } from './report.ts';

/**
 * The statements of import jobs: an import's progress, its refused rows and its audit events, and the
 * session advisory lock on the job's id that a running import holds (and that shows whether one runs).
 */

type Db = pg.Pool | pg.ClientBase;

export type FoundJob = {
  id: string;
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  counts: ImportCounts;
};

/** The latest job of the same file and mapping in the organization. */
export async function findLatestJob(
  db: Db,
  orgId: string,
  entity: string,
  sha: string,
  mSha: string,
): Promise<FoundJob | undefined> {
  const r = await db.query(
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

/** Takes the job's lock for this session (held until the session ends). */
export async function lockJob(q: Query, jobId: string): Promise<void> {
  await q('SELECT pg_advisory_lock(hashtextextended($1, 0))', [jobId]);
}

/** Takes the job's lock, waiting at most `ms`: false when another session still holds it then. */
export async function lockJobWithin(q: Query, jobId: string, ms: number): Promise<boolean> {
  await q(`SET lock_timeout = '${Math.max(1, Math.round(ms))}ms'`);
  const locked = await q('SELECT pg_advisory_lock(hashtextextended($1, 0))', [jobId]).then(
    () => true,
    (err: { code?: string }) => {
      if (err.code === '55P03') return false;
      throw err;
    },
  );
  await q('SET lock_timeout = 0');
  return locked;
}

/** Whether a process holds the job (its session's advisory lock): a running job nobody holds was interrupted. */
export async function isJobHeld(pool: pg.Pool, jobId: string): Promise<boolean> {
  const c = await pool.connect();
  try {
    const got = (await c.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [jobId])).rows[0]
      .ok;
    if (got) await c.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [jobId]);
    return !got;
  } finally {
    c.release();
  }
}

export type NewJob = {
  id: string;
  orgId: string;
  entity: ImportEntity;
  fileId: string | null;
  fileName: string;
  fileSha256: string;
  mapping: ImportMapping;
  mappingSha256: string;
  createMissing: boolean;
  actorId: string | null;
  bytesTotal: number;
  headers: string[];
};

export async function insertJob(q: Query, j: NewJob): Promise<void> {
  await q(
    `INSERT INTO import_jobs (id, org_id, entity, file_id, file_name, file_sha256, mapping, mapping_sha256,
       create_missing, actor_id, bytes_total, headers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      j.id,
      j.orgId,
      j.entity,
      j.fileId,
      j.fileName,
      j.fileSha256,
      JSON.stringify(j.mapping),
      j.mappingSha256,
      j.createMissing,
      j.actorId,
      j.bytesTotal,
      j.headers,
    ],
  );
}

export async function auditImportStarted(
  q: Query,
  orgId: string,
  actorId: string | null,
  detail: { jobId: string; entity: ImportEntity; file: string; sha256: string },
): Promise<void> {
  await q(`INSERT INTO audit_log (org_id, actor_id, event, detail) VALUES ($1, $2, 'import_started', $3)`, [
    orgId,
    actorId,
    JSON.stringify(detail),
  ]);
}

export async function auditImportCompleted(
  q: Query,
  orgId: string,
  actorId: string | null,
  detail: { jobId: string; entity: ImportEntity; file: string; rows: number } & ImportCounts,
): Promise<void> {
  await q(`INSERT INTO audit_log (org_id, actor_id, event, detail) VALUES ($1, $2, 'import_completed', $3)`, [
    orgId,
    actorId,
    JSON.stringify(detail),
  ]);
}

export async function markJobRunning(q: Query, jobId: string): Promise<void> {
  await q(`UPDATE import_jobs SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [
    jobId,
  ]);
}

/** The rows the job has committed, its row locked until the batch's transaction ends. */
export async function lockJobRowsDone(q: Query, jobId: string): Promise<number | undefined> {
  const cur = (await q('SELECT rows_done FROM import_jobs WHERE id = $1 FOR UPDATE', [jobId])).rows[0] as
    | { rows_done: number }
    | undefined;
  return cur?.rows_done;
}

/** Parameters as stored: PostgreSQL cannot hold U+0000 (a cell may; it is dropped, as in the cells). */
const storableParams = (p: ProblemParams) =>
  Object.fromEntries(
    Object.entries(p).map(([k, v]) => [
      k,
      typeof v === 'string' ? v.replaceAll('\u0000', '').slice(0, 1000) : v,
    ]),
  );

export async function insertJobErrors(
  q: Query,
  orgId: string,
  jobId: string,
  report: readonly ReportRow[],
): Promise<void> {
  await q(
    `INSERT INTO import_errors (org_id, job_id, row, field, "column", value, message, code, params, cells)
     SELECT $1, $2, x.row, x.field, x.col, x.value, x.message, x.code, x.params,
            CASE WHEN x.cells IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(x.cells)) END
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[],
                   $10::jsonb[])
            AS x(row, field, col, value, message, code, params, cells)`,
    [
      orgId,
      jobId,
      report.map((r) => r.row),
      report.map((r) => r.field),
      report.map((r) => r.column),
      report.map((r) => r.value?.replaceAll('\u0000', '').slice(0, 1000) ?? null),
      // The English wording, for clients that read text (and rows kept from before codes).
      report.map((r) => problemText(r.problem).replaceAll('\u0000', '')),
      report.map((r) => r.problem.code),
      report.map((r) => (r.problem.params ? JSON.stringify(storableParams(r.problem.params)) : null)),
      report.map((r) => (r.cells ? JSON.stringify(r.cells.map((c) => c.replaceAll('\u0000', ''))) : null)),
    ],
  );
}

export async function saveJobProgress(
  q: Query,
  jobId: string,
  p: { rowsDone: number; bytesDone: number; counts: ImportCounts },
): Promise<void> {
  await q(
    `UPDATE import_jobs SET rows_done = $2, bytes_done = $3, counts = $4, updated_at = now() WHERE id = $1`,
    [jobId, p.rowsDone, p.bytesDone, JSON.stringify(p.counts)],
  );
}

export async function markJobCompleted(q: Query, jobId: string, rowsTotal: number): Promise<void> {
  await q(
    `UPDATE import_jobs SET status = 'completed', rows_total = $2, bytes_done = bytes_total, finished_at = now(),
       updated_at = now() WHERE id = $1`,
    [jobId, rowsTotal],
  );
}

export async function markJobFailed(q: Query, jobId: string, error: string): Promise<void> {
  await q(`UPDATE import_jobs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
    jobId,
    error,
  ]);
}

// --- reading jobs back (the wizard's progress and outcome) --------------------------------------------

export type JobRow = {
  id: string;
  entity: ImportEntity;
  file_id: string | null;
  file_name: string;
  create_missing: boolean;
  status: 'running' | 'completed' | 'failed';
  rows_done: number;
  rows_total: number | null;
  bytes_done: string | number;
  bytes_total: string | number;
  counts: ImportCounts;
  error: string | null;
  mapping: ImportMapping;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};

const JOB_COLUMNS = `id, entity, file_id, file_name, create_missing, status, rows_done, rows_total, bytes_done, bytes_total,
  counts, error, mapping, started_at, updated_at, finished_at`;

export async function selectJob(pool: pg.Pool, orgId: string, id: string): Promise<JobRow | undefined> {
  const r = await pool.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE org_id = $1 AND id = $2`, [
    orgId,
    id,
  ]);
  return r.rows[0];
}

/** The organization's jobs, newest first. */
export async function selectJobs(pool: pg.Pool, orgId: string, limit: number): Promise<JobRow[]> {
  const r = await pool.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE org_id = $1 ORDER BY started_at DESC, id LIMIT $2`,
    [orgId, limit],
  );
  return r.rows;
}

export type StoredError = Omit<ReportRow, 'problem'> & {
  message: string;
  code: string | null;
  params: ProblemParams | null;
};

/** A job's first refused rows, in the file's order. */
export async function selectFirstErrors(pool: pg.Pool, orgId: string, jobId: string): Promise<StoredError[]> {
  const r = await pool.query<StoredError>(
    `SELECT row, field, "column", value, message, code, params
       FROM import_errors WHERE org_id = $1 AND job_id = $2 ORDER BY row, id LIMIT 20`,
    [orgId, jobId],
  );
  return r.rows;
}
