import { createHash } from 'node:crypto';
import type pg from 'pg';
import { fieldError } from '../../../core/field-errors.ts';
import { entitySpec } from '../../../core/import/entities.ts';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import type { ProblemParams } from '../../../core/import/problems.ts';
import { builtinValue, suggestMapping } from '../../../core/import/suggest.ts';
import {
  compileMapping,
  findColumn,
  noColumn,
  type RefResolver,
  unknownFields,
  validateRow,
} from '../../../core/import/validate.ts';
import type { Language } from '../../../core/wording.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ImportCounts } from '../../db/schema/imports.ts';
import { DomainError, forbidden, notFound } from '../../http/errors.ts';
import { compileOrThrow, mappingSha256, type ReportRow, runImport } from './import.service.ts';
import { apiProblem, jobReport, storedProblem } from './report.ts';
import {
  assertNotWorkbook,
  type ByteSource,
  bufferSource,
  dataRows,
  type FileShape,
  inspectSource,
} from './source.ts';

/**
 * The import wizard's use cases: upload a file (kept in the database), look at it, get a suggested
 * mapping, preview a mapping (a dry run over the first rows), run the import in the background and
 * follow its progress, download the error report, keep mappings by name. Admins only: an import writes
 * many records at once, creates users and references, and bypasses per-record ownership rules.
 */

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden('Only admins import data.');
}

export type FileInfo = { id: string; name: string; size: number; sha256: string; createdAt: string };

export async function saveUpload(o: { pool: pg.Pool; actor: Actor; name: string; content: Buffer }) {
  requireAdmin(o.actor);
  if (o.content.length === 0) throw new DomainError(422, 'empty_file', 'The file is empty.');
  assertNotWorkbook(o.content);
  if (o.content.length > MAX_UPLOAD_BYTES)
    throw new DomainError(
      413,
      'body_too_large',
      'Files up to 50 MB can be uploaded; use the CLI for larger ones.',
    );
  const sha256 = createHash('sha256').update(o.content).digest('hex');
  const r = await o.pool.query<{ id: string; created_at: Date }>(
    `INSERT INTO import_files (org_id, name, size, sha256, content, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, created_at`,
    [o.actor.orgId, o.name, o.content.length, sha256, o.content, o.actor.userId],
  );
  const info: FileInfo = {
    id: r.rows[0]!.id,
    name: o.name,
    size: o.content.length,
    sha256,
    createdAt: r.rows[0]!.created_at.toISOString(),
  };
  return { ...info, ...(await describeFile(o.name, o.content)) };
}

/** The detected shape and the data row count, or what makes the file unreadable. */
async function describeFile(name: string, content: Buffer, formats?: ImportMapping['formats']) {
  try {
    const shape = await inspectSource(bufferSource(name, content), formats);
    return { shape, problem: null };
  } catch (err) {
    if (err instanceof DomainError) return { shape: null, problem: err.message };
    throw err;
  }
}

async function loadFile(pool: pg.Pool, actor: Actor, id: string): Promise<FileInfo & { content: Buffer }> {
  const r = await pool.query<{
    id: string;
    name: string;
    size: number;
    sha256: string;
    content: Buffer;
    created_at: Date;
  }>('SELECT id, name, size, sha256, content, created_at FROM import_files WHERE org_id = $1 AND id = $2', [
    actor.orgId,
    id,
  ]);
  const f = r.rows[0];
  if (!f) throw notFound('import file');
  requireAdmin(actor);
  return {
    id: f.id,
    name: f.name,
    size: f.size,
    sha256: f.sha256,
    content: f.content,
    createdAt: f.created_at.toISOString(),
  };
}

export async function getUpload(o: {
  pool: pg.Pool;
  actor: Actor;
  id: string;
  formats?: ImportMapping['formats'];
}) {
  const f = await loadFile(o.pool, o.actor, o.id);
  const { content, ...info } = f;
  return { ...info, ...(await describeFile(f.name, content, o.formats)) };
}

export async function deleteUpload(o: { pool: pg.Pool; actor: Actor; id: string }): Promise<void> {
  await loadFile(o.pool, o.actor, o.id);
  await o.pool.query('DELETE FROM import_files WHERE org_id = $1 AND id = $2', [o.actor.orgId, o.id]);
}

async function shapeOrThrow(
  f: { name: string; content: Buffer },
  formats?: ImportMapping['formats'],
): Promise<FileShape> {
  return inspectSource(bufferSource(f.name, f.content), formats);
}

export async function suggest(o: { pool: pg.Pool; actor: Actor; fileId: string; entity: ImportEntity }) {
  const f = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(f);
  return { shape, ...suggestMapping(o.entity, shape.headers, shape.sample) };
}

export type Unmatched = {
  field: string;
  value: string;
  rows: number;
  reason: 'missing' | 'ambiguous';
} & ReturnType<typeof apiProblem>;

/** A dry run over the first `limit` rows: counts, the first problems, the references nothing matches. */
export async function preview(o: {
  pool: pg.Pool;
  actor: Actor;
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  createMissing: boolean;
  limit: number;
}) {
  const f = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(f, o.mapping.formats);
  compileOrThrow(o.entity, o.mapping, shape.headers);
  const all: ReportRow[] = [];
  const s = await runImport({
    pool: o.pool,
    orgId: o.actor.orgId,
    actorId: o.actor.userId,
    entity: o.entity,
    source: bufferSource(f.name, f.content),
    fileSha256: f.sha256,
    mapping: o.mapping,
    createMissing: o.createMissing,
    dryRun: true,
    maxRows: o.limit,
    onErrors: (rows) => all.push(...rows),
  });
  const unmatched = new Map<string, Unmatched>();
  for (const e of all) {
    if (!e.unmatched || !e.field || e.value === null) continue;
    const key = `${e.field}\u0000${e.value}`;
    const u = unmatched.get(key) ?? {
      field: e.field,
      value: e.value,
      rows: 0,
      reason: e.unmatched,
      ...apiProblem(e.problem),
    };
    u.rows++;
    unmatched.set(key, u);
  }
  const currency = await o.pool.query<{ default_currency: string }>(
    'SELECT default_currency FROM organizations WHERE id = $1',
    [o.actor.orgId],
  );
  return {
    shape,
    rows: s.rows,
    complete: s.complete,
    counts: s.counts,
    sample: await sampleRecords({
      source: bufferSource(f.name, f.content),
      shape,
      entity: o.entity,
      mapping: o.mapping,
      currency: currency.rows[0]?.default_currency ?? 'CNY',
      rows: Math.min(o.limit, 20),
    }),
    errors: all.slice(0, 100).map(({ problem, ...r }) => ({ ...r, ...apiProblem(problem) })),
    unmatched: [...unmatched.values()].sort((a, b) => b.rows - a.rows).slice(0, 200),
  };
}

export type SampleValue = string | number | boolean | null;
export type SampleRecord = { row: number; values: Record<string, SampleValue> };

/** Stands in for the organization's records: references keep their text, stages are left to the import. */
const displayResolver: RefResolver = {
  resolve: () => ({ id: '' }),
  defaultPipeline: () => 'pipeline',
  stagesOf: () => [],
};

/**
 * The first rows as they would be imported: each field's value after the mapping, value maps and formats
 * (dates as ISO, amounts as numbers, the currency an amount names, defaults such as a deal's forecast
 * category), references as the text that is matched. A cell that cannot be read is null; the preview's
 * problems say why.
 */
async function sampleRecords(o: {
  source: ByteSource;
  shape: FileShape;
  entity: ImportEntity;
  mapping: ImportMapping;
  currency: string;
  rows: number;
}): Promise<SampleRecord[]> {
  const c = compileMapping(o.entity, o.mapping, o.shape.headers);
  if (!c.ok) return [];
  const ctx = { resolver: displayResolver, defaultOwnerId: null, currency: o.currency, now: new Date() };
  const fields = entitySpec(o.entity).fields;
  const mapped = new Map(c.compiled.fields.map((x) => [x.spec.key, x]));
  const out: SampleRecord[] = [];
  for await (const r of dataRows(o.source, o.shape)) {
    const { record } = validateRow(c.compiled, r.fields, ctx);
    const values: Record<string, SampleValue> = {};
    for (const f of fields) {
      const m = mapped.get(f.key);
      if (f.kind === 'ref' || f.kind === 'stage') {
        if (!m) continue;
        const text = ((m.column >= 0 ? r.fields[m.column] : undefined) ?? '').trim() || m.fallback;
        values[f.key] = text || null;
      } else if (m || record[f.key] !== undefined) {
        const v = record[f.key];
        values[f.key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
      }
    }
    out.push({ row: r.row, values });
    if (out.length >= o.rows) return out;
  }
  return out;
}

export type ColumnValues = {
  field: string;
  column: string;
  /** How many different values the column has (counted up to MAX_DISTINCT). */
  distinct: number;
  truncated: boolean;
  values: { value: string; rows: number; builtin: string | null }[];
};

const MAX_DISTINCT = 10_000;

/**
 * The different values in the columns of a mapping's enum fields (status, forecast category, role, type
 * …) over the whole file, most frequent first, each with what the built-in words make of it (null: it
 * needs a value map).
 */
export async function columnValues(o: {
  pool: pg.Pool;
  actor: Actor;
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  limit: number;
}): Promise<{ rows: number; fields: ColumnValues[] }> {
  const f = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(f, o.mapping.formats);
  const wanted = entitySpec(o.entity)
    .fields.filter((x) => x.kind === 'enum' && o.mapping.columns[x.key] !== undefined)
    .map((spec) => ({ spec, index: findColumn(shape.headers, o.mapping.columns[spec.key]!) }));
  const missing = wanted.filter((w) => w.index < 0);
  if (missing.length)
    throw new DomainError(422, 'invalid_mapping', 'The file has no such column.', {
      errors: missing.map((w) => noColumn(w.spec.key, o.mapping.columns[w.spec.key]!, shape.headers)),
    });
  // Values a value map would treat as one (same reference key: `Won`, `won `, `WON`) are counted as one,
  // under the spelling seen first.
  const counts = wanted.map(() => new Map<string, { value: string; rows: number }>());
  const overflow = wanted.map(() => false);
  let rows = 0;
  for await (const r of dataRows(bufferSource(f.name, f.content), shape)) {
    rows++;
    wanted.forEach((w, i) => {
      const v = (r.fields[w.index] ?? '').trim();
      if (!v) return;
      const m = counts[i]!;
      const key = referenceKey(v) || `\u0000${v}`;
      const seen = m.get(key);
      if (seen) seen.rows++;
      else if (m.size < MAX_DISTINCT) m.set(key, { value: v, rows: 1 });
      else overflow[i] = true;
    });
  }
  return {
    rows,
    fields: wanted.map((w, i) => {
      const m = counts[i]!;
      const sorted = [...m.values()].sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value));
      return {
        field: w.spec.key,
        column: shape.headers[w.index]!,
        distinct: m.size,
        truncated: overflow[i]! || sorted.length > o.limit,
        values: sorted
          .slice(0, o.limit)
          .map(({ value, rows: n }) => ({ value, rows: n, builtin: builtinValue(w.spec, value) ?? null })),
      };
    }),
  };
}

export type JobView = {
  id: string;
  entity: ImportEntity;
  fileId: string | null;
  fileName: string;
  createMissing: boolean;
  status: 'running' | 'completed' | 'failed';
  state: 'running' | 'interrupted' | 'completed' | 'failed';
  rowsDone: number;
  rowsTotal: number | null;
  bytesDone: number;
  bytesTotal: number;
  progress: number;
  counts: ImportCounts;
  error: string | null;
  mapping: ImportMapping;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

type JobRow = {
  id: string;
  entity: ImportEntity;
  file_id: string | null;
  file_name: string;
  create_missing: boolean;
  status: JobView['status'];
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

/** Whether a process holds the job (its session's advisory lock): a running job nobody holds was interrupted. */
async function isHeld(pool: pg.Pool, jobId: string): Promise<boolean> {
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

async function view(pool: pg.Pool, j: JobRow): Promise<JobView> {
  const bytesTotal = Number(j.bytes_total);
  const bytesDone = Number(j.bytes_done);
  const state = j.status === 'running' ? ((await isHeld(pool, j.id)) ? 'running' : 'interrupted') : j.status;
  return {
    id: j.id,
    entity: j.entity,
    fileId: j.file_id,
    fileName: j.file_name,
    createMissing: j.create_missing,
    status: j.status,
    state,
    rowsDone: j.rows_done,
    rowsTotal: j.rows_total,
    bytesDone,
    bytesTotal,
    progress: j.status === 'completed' ? 1 : bytesTotal ? Math.min(1, bytesDone / bytesTotal) : 0,
    counts: j.counts,
    error: j.error,
    mapping: j.mapping,
    startedAt: j.started_at.toISOString(),
    updatedAt: j.updated_at.toISOString(),
    finishedAt: j.finished_at?.toISOString() ?? null,
  };
}

const JOB_COLUMNS = `id, entity, file_id, file_name, create_missing, status, rows_done, rows_total, bytes_done, bytes_total,
  counts, error, mapping, started_at, updated_at, finished_at`;

export async function getJob(o: { pool: pg.Pool; actor: Actor; id: string }) {
  const r = await o.pool.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE org_id = $1 AND id = $2`,
    [o.actor.orgId, o.id],
  );
  const j = r.rows[0];
  if (!j) throw notFound('import job');
  requireAdmin(o.actor);
  const errors = await o.pool.query<
    Omit<ReportRow, 'problem'> & { message: string; code: string | null; params: ProblemParams | null }
  >(
    `SELECT row, field, "column", value, message, code, params
       FROM import_errors WHERE org_id = $1 AND job_id = $2 ORDER BY row, id LIMIT 20`,
    [o.actor.orgId, o.id],
  );
  return {
    ...(await view(o.pool, j)),
    errors: errors.rows.map((e) => ({ ...e, code: storedProblem(e.code, e.params)?.code ?? null })),
  };
}

export async function listJobs(o: { pool: pg.Pool; actor: Actor; limit: number }) {
  requireAdmin(o.actor);
  const r = await o.pool.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE org_id = $1 ORDER BY started_at DESC, id LIMIT $2`,
    [o.actor.orgId, o.limit],
  );
  return { items: await Promise.all(r.rows.map((j) => view(o.pool, j))) };
}

/** Imports running in this process, so shutdown can wait for them briefly. */
export const runningImports = new Set<Promise<unknown>>();

/**
 * Starts an import in the background and answers with its job once it exists. The same file with the
 * same mapping continues an interrupted job (the same id); a finished one without external ids is not
 * imported again (its job is returned as it is).
 */
export async function startJob(o: {
  pool: pg.Pool;
  actor: Actor;
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  createMissing: boolean;
  log: (err: unknown) => void;
}) {
  const f = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(f, o.mapping.formats);
  compileOrThrow(o.entity, o.mapping, shape.headers);
  let announce: (id: string) => void = () => {};
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const run = runImport({
    pool: o.pool,
    orgId: o.actor.orgId,
    actorId: o.actor.userId,
    entity: o.entity,
    source: bufferSource(f.name, f.content),
    fileSha256: f.sha256,
    fileId: f.id,
    mapping: o.mapping,
    createMissing: o.createMissing,
    onJob: announce,
  });
  const tracked = run.catch((err) => o.log(err));
  runningImports.add(tracked);
  void tracked.finally(() => runningImports.delete(tracked));
  // The job id as soon as the job exists, or the run's outcome if it ends first (refused, or done).
  let first: string;
  let alreadyImported = false;
  try {
    first = await Promise.race([
      announced,
      run.then((s) => {
        alreadyImported = s.alreadyImported;
        return s.jobId ?? '';
      }),
    ]);
  } catch (err) {
    // Started again while it runs: the running job is the answer.
    if (!(err instanceof DomainError && err.code === 'import_running')) throw err;
    const r = await o.pool.query<{ id: string }>(
      `SELECT id FROM import_jobs WHERE org_id = $1 AND entity = $2 AND file_sha256 = $3 AND mapping_sha256 = $4
        ORDER BY started_at DESC LIMIT 1`,
      [o.actor.orgId, o.entity, f.sha256, mappingSha256(o.mapping, o.createMissing)],
    );
    first = r.rows[0]?.id ?? '';
  }
  if (!first) throw new DomainError(409, 'import_not_started', 'The import did not start.');
  return { ...(await getJob({ pool: o.pool, actor: o.actor, id: first })), alreadyImported };
}

export async function jobErrorsCsv(o: {
  pool: pg.Pool;
  actor: Actor;
  id: string;
  lang: Language;
}): Promise<string> {
  await getJob(o);
  return (await jobReport(o.pool, o.actor.orgId, o.id, o.lang)).csv;
}

// --- saved mappings ----------------------------------------------------------------------------------

export type SavedMapping = {
  id: string;
  name: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  createdAt: string;
};

/** A mapping must name fields the entity has (the columns are checked against a file when it is used). */
function checkFields(entity: ImportEntity, mapping: ImportMapping): void {
  const errors = unknownFields(entity, mapping).map((e) => ({ ...e, path: `mapping.${e.path}` }));
  if (errors.length)
    throw new DomainError(422, 'validation_failed', 'The mapping names unknown fields.', { errors });
}

export async function listMappings(o: { pool: pg.Pool; actor: Actor; entity?: ImportEntity }) {
  requireAdmin(o.actor);
  const r = await o.pool.query<{
    id: string;
    name: string;
    entity: ImportEntity;
    mapping: ImportMapping;
    created_at: Date;
  }>(
    `SELECT id, name, entity, mapping, created_at FROM import_mappings
      WHERE org_id = $1 AND ($2::import_entity IS NULL OR entity = $2) ORDER BY entity, lower(name), id`,
    [o.actor.orgId, o.entity ?? null],
  );
  return {
    items: r.rows.map((m) => ({
      id: m.id,
      name: m.name,
      entity: m.entity,
      mapping: m.mapping,
      createdAt: m.created_at.toISOString(),
    })),
  };
}

export async function createMapping(o: {
  pool: pg.Pool;
  actor: Actor;
  name: string;
  entity: ImportEntity;
  mapping: ImportMapping;
}): Promise<SavedMapping> {
  requireAdmin(o.actor);
  checkFields(o.entity, o.mapping);
  try {
    const r = await o.pool.query<{ id: string; created_at: Date }>(
      `INSERT INTO import_mappings (org_id, name, entity, mapping, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
      [o.actor.orgId, o.name, o.entity, JSON.stringify(o.mapping), o.actor.userId],
    );
    return {
      id: r.rows[0]!.id,
      name: o.name,
      entity: o.entity,
      mapping: o.mapping,
      createdAt: r.rows[0]!.created_at.toISOString(),
    };
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new DomainError(409, 'duplicate', `A ${o.entity} mapping named "${o.name}" exists.`, {
        errors: [fieldError('name', 'in_use')],
      });
    throw err;
  }
}

export async function deleteMapping(o: { pool: pg.Pool; actor: Actor; id: string }): Promise<void> {
  const r = await o.pool.query('SELECT 1 FROM import_mappings WHERE org_id = $1 AND id = $2', [
    o.actor.orgId,
    o.id,
  ]);
  if (!r.rowCount) throw notFound('saved mapping');
  requireAdmin(o.actor);
  await o.pool.query('DELETE FROM import_mappings WHERE org_id = $1 AND id = $2', [o.actor.orgId, o.id]);
}

/** Uploads are for the wizard: removed 7 days after upload, unless an import of them is still running. */
export async function purgeImportFiles(o: { pool: pg.Pool; now: Date }): Promise<number> {
  const r = await o.pool.query(
    `DELETE FROM import_files f WHERE f.created_at < $1::timestamptz - interval '7 days'
       AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.org_id = f.org_id AND j.file_id = f.id AND j.status = 'running')`,
    [o.now.toISOString()],
  );
  return r.rowCount ?? 0;
}
