import type pg from 'pg';
import type { CompiledMapping } from '../../../core/import/validate.ts';
import { DomainError } from '../../http/errors.ts';
import { fillNameKeys } from '../accounts/account-duplicates.ts';
import { type AnalyticsMode, analyticsModeOf } from './analytics-mode.ts';
import { BatchWriter } from './batch-writer.ts';
import { DUPLICATE_CHECKED } from './duplicates.ts';
import {
  importingOrg,
  liveDeals,
  mergeSearchIndex,
  type Query,
  rebuildAnalytics,
  tuneImportSession,
} from './import.repo.ts';
import type { ImportOptions, ImportSummary } from './import.types.ts';
import { completeJob, failJob, type Job, noJob, openJob } from './import-job.ts';
import { compileOrThrow, mappingSha256 } from './import-mapping.ts';
import { loadReferences } from './prepare.ts';
import { profileQueries } from './query-profile.ts';
import { readAndWrite } from './record-loop.ts';
import { type FileShape, inspectSource, sha256Of } from './source.ts';
import { createStaging } from './writers.ts';

export type { ImportOptions, ImportProgress, ImportSummary } from './import.types.ts';
export type { ReportRow } from './report.ts';

/** What a run knows before it touches the database: the file, the mapping checked against it. */
type Plan = {
  started: number;
  now: Date;
  createMissing: boolean;
  sha: string;
  shape: FileShape;
  compiled: CompiledMapping;
  mapped: Set<string>;
  mSha: string;
  skipDuplicates: boolean;
};

/** A run under way: its connection, the organization's currency, who imports, its job. */
type Run = Plan & {
  o: ImportOptions;
  client: pg.PoolClient;
  q: Query;
  currency: string;
  actorId: string | null;
  job: Job;
};

/**
 * Imports a CSV file into one entity of an organization. Rows are validated in Node (formats, value maps,
 * references by normalised name or e-mail) and written in batches set-based (COPY into a staging table,
 * one UPDATE and one INSERT … SELECT). Each batch commits together with the job's progress and its rows'
 * errors, so a run that is killed and started again with the same file and mapping continues after the
 * last committed row: every row lands exactly once. Rows with an external id are upserts, so re-importing
 * a changed file updates instead of duplicating. Bad rows are reported (error report), good rows go in.
 *
 * The parts: the job's lifecycle (import-job.ts), the references rows may name and what rows need beyond
 * validation (prepare.ts), the record loop (record-loop.ts), the batch writer (batch-writer.ts).
 */
export async function runImport(o: ImportOptions): Promise<ImportSummary> {
  const plan = await planImport(o);
  const client = await o.pool.connect();
  if (process.env.WINPATH_IMPORT_PROFILE) profileQueries(client);
  let releaseError: Error | undefined;
  try {
    const q = (text: string, params?: unknown[]) => client.query(text, params);
    await tuneImportSession(q);
    const org = await importingOrg(q, o.orgId);
    if (!org) throw new DomainError(404, 'not_found', 'The organization does not exist.');
    const actorId = o.actorId ?? org.admin_id;
    const opened = o.dryRun
      ? { job: noJob() }
      : await openJob(client, q, {
          orgId: o.orgId,
          entity: o.entity,
          fileId: o.fileId ?? null,
          fileName: o.source.name,
          fileSha256: plan.sha,
          mapping: o.mapping,
          mappingSha256: plan.mSha,
          createMissing: plan.createMissing,
          actorId,
          bytesTotal: o.source.size,
          headers: plan.shape.headers,
          externalIds: plan.mapped.has('externalId'),
          resumeLockWaitMs: o.resumeLockWaitMs,
        });
    if ('alreadyImported' in opened) {
      const found = opened.alreadyImported;
      return summary(o, plan, {
        jobId: found.id,
        dryRun: false,
        rows: found.rowsTotal ?? found.rowsDone,
        resumedFrom: found.rowsDone,
        alreadyImported: true,
        counts: found.counts,
        errors: [],
        complete: true,
      });
    }
    if (opened.job.id) o.onJob?.(opened.job.id);
    return await importRows({ ...plan, o, client, q, currency: org.currency, actorId, job: opened.job });
  } catch (err) {
    releaseError = err instanceof DomainError ? undefined : (err as Error);
    throw err;
  } finally {
    // A connection that failed mid-protocol is discarded, not returned to the pool; the session (its
    // staging tables and advisory lock) ends with it.
    client.release(releaseError ?? true);
  }
}

async function planImport(o: ImportOptions): Promise<Plan> {
  const started = Date.now();
  const now = o.now ?? new Date();
  const createMissing = o.createMissing ?? false;
  const sha = o.fileSha256 ?? (await sha256Of(o.source));
  const shape = await inspectSource(o.source, o.mapping.formats);
  const compiled = compileOrThrow(o.entity, o.mapping, shape.headers);
  return {
    started,
    now,
    createMissing,
    sha,
    shape,
    compiled,
    mapped: new Set(compiled.fields.map((f) => f.spec.key)),
    mSha: mappingSha256(o.mapping, createMissing),
    skipDuplicates: DUPLICATE_CHECKED.has(o.entity) && (o.mapping.duplicates ?? 'skip') === 'skip',
  };
}

/** The rows read, validated and written batch by batch; the job completed at the end of the file. */
async function importRows(r: Run): Promise<ImportSummary> {
  const { o, q, client, job } = r;
  const analyticsMode = await analyticsModeOf({
    asked: o.analytics,
    entity: o.entity,
    resumedFrom: job.rowsDone,
    bytes: o.source.size,
    sample: r.shape.sample,
    deals: () => liveDeals(q, o.orgId),
  });
  const { resolver, managedTeams } = await loadReferences(client, q, {
    orgId: o.orgId,
    entity: o.entity,
    compiled: r.compiled,
    mapped: r.mapped,
    createMissing: r.createMissing,
  });
  if (r.skipDuplicates && o.entity === 'accounts') await fillNameKeys(q, o.orgId);
  await createStaging(client, o.entity);
  const writer = new BatchWriter({
    client,
    q,
    orgId: o.orgId,
    entity: o.entity,
    actorId: r.actorId,
    currency: r.currency,
    mapped: r.mapped,
    skipDuplicates: r.skipDuplicates,
    nameField: r.compiled.fields.find((f) => f.spec.key === 'name'),
    analyticsMode,
    dryRun: o.dryRun ?? false,
    job,
    bytesTotal: o.source.size,
    onProgress: o.onProgress,
    onErrors: o.onErrors,
    stopAfterBatches: o.stopAfterBatches,
  });

  if (o.dryRun) await q('BEGIN');
  let read: Awaited<ReturnType<typeof readAndWrite>>;
  try {
    read = await readAndWrite({
      source: o.source,
      shape: r.shape,
      entity: o.entity,
      compiled: r.compiled,
      ctx: { resolver, defaultOwnerId: r.actorId, currency: r.currency, now: r.now },
      resolver,
      prepareContext: {
        resolver,
        managedTeams,
        createMissing: r.createMissing,
        mapped: r.mapped,
        skipDuplicates: r.skipDuplicates,
      },
      resumedFrom: job.rowsDone,
      batchSize: o.batchSize ?? 10_000,
      maxRows: o.maxRows,
      writer,
    });
  } catch (err) {
    await q('ROLLBACK').catch(() => {});
    if (!o.dryRun && job.id) await failJob(q, job.id, err).catch(() => {});
    throw err;
  }
  if (o.dryRun) await q('ROLLBACK');
  else if (!writer.stopped) await finishImport(r, analyticsMode, read.dataRows, writer);
  return summary(o, r, {
    jobId: job.id || null,
    dryRun: o.dryRun ?? false,
    rows: read.dataRows,
    resumedFrom: job.rowsDone,
    alreadyImported: false,
    counts: writer.counts,
    errors: writer.kept,
    complete: !read.truncated,
  });
}

/** The end of the file: analytics left to the end rebuilt, queued index entries merged, the job completed. */
async function finishImport(r: Run, analyticsMode: AnalyticsMode, rows: number, writer: BatchWriter) {
  const { o, q } = r;
  await q('BEGIN');
  if (o.entity === 'opportunities' && analyticsMode === 'rebuild') await rebuildAnalytics(q, o.orgId);
  // Merge the search-index entries this import queued (see tuneImportSession).
  if (writer.counts.inserted > 0) await mergeSearchIndex(q, o.entity);
  await completeJob(q, {
    jobId: r.job.id,
    orgId: o.orgId,
    actorId: r.actorId,
    entity: o.entity,
    fileName: o.source.name,
    rows,
    counts: writer.counts,
  });
  await q('COMMIT');
}

function summary(
  o: ImportOptions,
  p: Plan,
  s: Omit<ImportSummary, 'entity' | 'encoding' | 'delimiter' | 'seconds'>,
): ImportSummary {
  return {
    jobId: s.jobId,
    entity: o.entity,
    dryRun: s.dryRun,
    rows: s.rows,
    resumedFrom: s.resumedFrom,
    alreadyImported: s.alreadyImported,
    counts: s.counts,
    encoding: p.shape.encoding,
    delimiter: p.shape.delimiter,
    seconds: (Date.now() - p.started) / 1000,
    errors: s.errors,
    complete: s.complete,
  };
}
