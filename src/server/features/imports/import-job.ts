import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ImportCounts } from '../../db/schema/imports.ts';
import { DomainError } from '../../http/errors.ts';
import type { Query } from './import.repo.ts';
import {
  auditImportCompleted,
  auditImportStarted,
  type FoundJob,
  findLatestJob,
  insertJob,
  lockJob,
  lockJobRowsDone,
  lockJobWithin,
  markJobCompleted,
  markJobFailed,
  markJobRunning,
  type NewJob,
} from './import-jobs.repo.ts';

/**
 * An import's job, from start to end: found again for the same file and mapping (resumed, or not repeated),
 * or created; held by the running import's session (an advisory lock on its id); advanced batch by batch;
 * completed or failed. What makes every row land exactly once: each batch commits with the job's progress,
 * and only the session holding the job, at the progress it last committed, writes the next batch.
 */

/** The job being run: how far its earlier runs got, and its counts so far. */
export type Job = { id: string; rowsDone: number; counts: ImportCounts };

const ZERO = (): ImportCounts => ({ inserted: 0, updated: 0, unchanged: 0, failed: 0, created: {} });
const RESUME_LOCK_WAIT_MS = 15_000;

/** Dry runs have no job: they keep nothing. */
export const noJob = (): Job => ({ id: '', rowsDone: 0, counts: ZERO() });

export type JobOpening = { job: Job } | { alreadyImported: FoundJob };

/**
 * The job: a new one, or the interrupted one of the same file and mapping (resume). The same file imported
 * before with the same mapping and no external ids (whose rows are upserts) is not imported again.
 */
export async function openJob(
  client: pg.ClientBase,
  q: Query,
  o: Omit<NewJob, 'id'> & { externalIds: boolean; resumeLockWaitMs?: number | undefined },
): Promise<JobOpening> {
  const found = await findLatestJob(client, o.orgId, o.entity, o.fileSha256, o.mappingSha256);
  if (found?.status === 'completed' && !o.externalIds) return { alreadyImported: found };
  if (found && found.status !== 'completed') return { job: await resumeJob(q, found, o.resumeLockWaitMs) };
  return { job: await createJob(q, o) };
}

async function resumeJob(q: Query, found: FoundJob, lockWaitMs = RESUME_LOCK_WAIT_MS): Promise<Job> {
  // A run killed a moment ago may still hold the job's lock: its server session lives until the
  // statement it was running notices the client is gone (within a second, see tuneImportSession). Wait
  // for that rather than report a live import; one that is really running keeps the lock past the wait.
  if (!(await lockJobWithin(q, found.id, lockWaitMs)))
    throw new DomainError(
      409,
      'import_running',
      'This import is running in another process; wait for it or stop it first.',
    );
  await markJobRunning(q, found.id);
  return { id: found.id, rowsDone: found.rowsDone, counts: found.counts };
}

async function createJob(q: Query, o: Omit<NewJob, 'id'>): Promise<Job> {
  const id = randomUUID();
  await lockJob(q, id);
  await q('BEGIN');
  await insertJob(q, { ...o, id });
  await auditImportStarted(q, o.orgId, o.actorId, {
    jobId: id,
    entity: o.entity,
    file: o.fileName,
    sha256: o.fileSha256,
  });
  await q('COMMIT');
  return { id, rowsDone: 0, counts: ZERO() };
}

/**
 * The job's row locked for the batch's transaction, at the progress this run last committed: a process
 * that advanced it meanwhile (the same import started twice) stops this one.
 */
export async function claimBatch(q: Query, jobId: string, rowsDone: number): Promise<void> {
  if ((await lockJobRowsDone(q, jobId)) !== rowsDone)
    throw new DomainError(409, 'import_running', 'Another process advanced this import; stopping.');
}

/** The job completed, and audited (in the caller's transaction). */
export async function completeJob(
  q: Query,
  o: {
    jobId: string;
    orgId: string;
    actorId: string | null;
    entity: NewJob['entity'];
    fileName: string;
    rows: number;
    counts: ImportCounts;
  },
): Promise<void> {
  await markJobCompleted(q, o.jobId, o.rows);
  await auditImportCompleted(q, o.orgId, o.actorId, {
    jobId: o.jobId,
    entity: o.entity,
    file: o.fileName,
    rows: o.rows,
    ...o.counts,
  });
}

/** The job failed, with the reason: starting it again resumes it. */
export async function failJob(q: Query, jobId: string, err: unknown): Promise<void> {
  await markJobFailed(q, jobId, (err as Error).message);
}
