import type pg from 'pg';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import type { Language } from '../../../core/wording.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ImportCounts } from '../../db/schema/imports.ts';
import { DomainError, notFound } from '../../http/errors.ts';
import { requireAdmin } from './access.ts';
import { runImport } from './import.service.ts';
import { loadMappedFile } from './import-files.service.ts';
import {
  findLatestJob,
  isJobHeld,
  type JobRow,
  selectFirstErrors,
  selectJob,
  selectJobs,
} from './import-jobs.repo.ts';
import { mappingSha256 } from './import-mapping.ts';
import { jobReport, storedProblem } from './report.ts';
import { bufferSource } from './source.ts';

/**
 * The wizard's imports: run in the background (in this process), followed by polling, their error report
 * downloaded.
 */

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

async function view(pool: pg.Pool, j: JobRow): Promise<JobView> {
  const bytesTotal = Number(j.bytes_total);
  const bytesDone = Number(j.bytes_done);
  const state =
    j.status === 'running' ? ((await isJobHeld(pool, j.id)) ? 'running' : 'interrupted') : j.status;
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

export async function getJob(o: { pool: pg.Pool; actor: Actor; id: string }) {
  const j = await selectJob(o.pool, o.actor.orgId, o.id);
  if (!j) throw notFound('import job');
  requireAdmin(o.actor);
  const errors = await selectFirstErrors(o.pool, o.actor.orgId, o.id);
  return {
    ...(await view(o.pool, j)),
    errors: errors.map((e) => ({ ...e, code: storedProblem(e.code, e.params)?.code ?? null })),
  };
}

export async function listJobs(o: { pool: pg.Pool; actor: Actor; limit: number }) {
  requireAdmin(o.actor);
  const rows = await selectJobs(o.pool, o.actor.orgId, o.limit);
  return { items: await Promise.all(rows.map((j) => view(o.pool, j))) };
}

/** Imports running in this process, so shutdown can wait for them briefly. */
export const runningImports = new Set<Promise<unknown>>();

/** Waits for the imports running in this process to settle, at most `ms`. */
export async function settleRunningImports(ms: number): Promise<void> {
  await Promise.race([Promise.allSettled([...runningImports]), new Promise((r) => setTimeout(r, ms))]);
}

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
  const { file: f } = await loadMappedFile(o);
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
    const running = await findLatestJob(
      o.pool,
      o.actor.orgId,
      o.entity,
      f.sha256,
      mappingSha256(o.mapping, o.createMissing),
    );
    first = running?.id ?? '';
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
