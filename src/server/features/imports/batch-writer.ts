import type pg from 'pg';
import type { CompiledMapping } from '../../../core/import/validate.ts';
import type { ImportCounts } from '../../db/schema/imports.ts';
import type { AnalyticsMode } from './analytics-mode.ts';
import { splitDuplicates } from './duplicates.ts';
import {
  analyticsTriggers,
  assignCreatedTeamManagers,
  insertPending,
  ownCreatedAccounts,
  type Query,
  refreshBatchAnalytics,
} from './import.repo.ts';
import type { ImportOptions } from './import.types.ts';
import { claimBatch, type Job } from './import-job.ts';
import { insertJobErrors, saveJobProgress } from './import-jobs.repo.ts';
import type { ReportRow } from './report.ts';
import type { Pending } from './resolver.ts';
import { type WriteOutcome, writeBisect } from './write-bisect.ts';
import type { Prepared } from './writers.ts';

const ERRORS_KEPT = 50;

/**
 * Source rows read since the last batch: the valid ones prepared, the problems of the others. `bytes`: how
 * far into the file they reach; `cells`: of prepared rows, for the report should the database refuse one.
 */
export type Batch = {
  prepared: Prepared[];
  errors: ReportRow[];
  rows: number;
  bytes: number;
  cells: Map<number, string[]>;
};

export const emptyBatch = (bytes: number): Batch => ({
  prepared: [],
  errors: [],
  rows: 0,
  bytes,
  cells: new Map(),
});

export type BatchWriterOptions = Pick<
  ImportOptions,
  'orgId' | 'entity' | 'onProgress' | 'onErrors' | 'stopAfterBatches'
> & {
  client: pg.ClientBase;
  q: Query;
  actorId: string | null;
  currency: string;
  mapped: ReadonlySet<string>;
  /** Possible duplicates are left out (see duplicates.ts), reported under the name's column. */
  skipDuplicates: boolean;
  nameField: CompiledMapping['fields'][number] | undefined;
  analyticsMode: AnalyticsMode;
  /** All batches in the caller's one transaction, rolled back at the end; else one transaction each. */
  dryRun: boolean;
  job: Job;
  bytesTotal: number;
};

/**
 * Writes an import's batches, one at a time, each in one transaction with the job's progress and the
 * batch's problems (the exactly-once guarantee, see import-job.ts): the records created for unmatched
 * references, the rows (bisected around those the database refuses), the entity's follow-ups, the counts.
 */
export class BatchWriter {
  /** The job's counts, batch by batch (a resumed job's go on from those of its earlier runs). */
  readonly counts: ImportCounts;
  /** The first problems, for the summary (all of them are in the error report). */
  readonly kept: ReportRow[] = [];
  /** Set after `stopAfterBatches` batches (tests: a crash): nothing more is written. */
  stopped = false;
  private rowsDone: number;
  private bytesDone = 0;
  private batches = 0;
  /** Possible-duplicate keys of the rows written so far (see splitDuplicates). */
  private readonly seenDuplicates = new Map<string, number>();

  constructor(private readonly o: BatchWriterOptions) {
    this.counts = o.job.counts;
    this.rowsDone = o.job.rowsDone;
  }

  /** Writes a batch and the records created for it (`pending`, queued while it was validated). */
  async write(b: Batch, pending: Pending[]): Promise<void> {
    const { o } = this;
    const q = o.q;
    if (!o.dryRun) await q('BEGIN');
    await analyticsTriggers(q, o.analyticsMode === 'rebuild' || o.entity === 'opportunities');
    if (!o.dryRun) await claimBatch(q, o.job.id, this.rowsDone);
    await insertPending(q, o.orgId, o.actorId, o.currency, pending);
    const { rows, skipped } = o.skipDuplicates
      ? await this.leaveOutDuplicates(b)
      : { rows: b.prepared, skipped: [] };
    const outcome = await writeBisect(
      o.client,
      o.entity,
      { orgId: o.orgId, actorId: o.actorId, mapped: o.mapped },
      rows,
    );
    await this.followUp(pending);
    const report = [
      ...b.errors,
      ...skipped,
      ...outcome.errors.map((e) => ({ ...e, cells: b.cells.get(e.row) ?? null })),
    ].sort((x, y) => x.row - y.row);
    this.count(outcome, report, pending);
    if (o.dryRun) o.onErrors?.(report);
    else {
      if (report.length) await insertJobErrors(q, o.orgId, o.job.id, report);
      await saveJobProgress(q, o.job.id, {
        rowsDone: this.rowsDone + b.rows,
        bytesDone: Math.max(b.bytes, this.bytesDone),
        counts: this.counts,
      });
      await q('COMMIT');
    }
    this.rowsDone += b.rows;
    this.bytesDone = Math.max(b.bytes, this.bytesDone);
    this.batches++;
    o.onProgress?.({
      rowsDone: this.rowsDone,
      bytesDone: this.bytesDone,
      bytesTotal: o.bytesTotal,
      counts: this.counts,
    });
    if (o.stopAfterBatches !== undefined && this.batches >= o.stopAfterBatches) this.stopped = true;
  }

  /** The batch's rows without the possible duplicates, and those as report rows. */
  private async leaveOutDuplicates(b: Batch): Promise<{ rows: Prepared[]; skipped: ReportRow[] }> {
    const { o } = this;
    const split = await splitDuplicates({
      q: o.q,
      orgId: o.orgId,
      entity: o.entity,
      rows: b.prepared,
      seen: this.seenDuplicates,
    });
    const skipped: ReportRow[] = [];
    for (const d of split.skipped) {
      const cells = b.cells.get(d.row) ?? null;
      const value = o.nameField && o.nameField.column >= 0 ? (cells?.[o.nameField.column] ?? null) : null;
      skipped.push({
        row: d.row,
        field: 'name',
        column: o.nameField?.header ?? null,
        value,
        problem: d.problem,
        cells,
      });
    }
    return { rows: split.keep, skipped };
  }

  /** What the batch's rows imply beyond their tables: created teams' managers, created accounts' owners, analytics. */
  private async followUp(pending: Pending[]): Promise<void> {
    const { o } = this;
    if (o.entity === 'users' && pending.some((p) => p.kind === 'team' && p.managerId))
      await assignCreatedTeamManagers(o.q, o.orgId, pending);
    const createdAccounts = pending.filter((p) => p.kind === 'account').map((p) => p.id);
    if (createdAccounts.length && (o.entity === 'opportunities' || o.entity === 'contacts'))
      await ownCreatedAccounts(o.q, o.orgId, createdAccounts);
    if (o.entity === 'opportunities' && o.analyticsMode === 'batch')
      await refreshBatchAnalytics(o.q, o.orgId);
  }

  private count(outcome: WriteOutcome, report: readonly ReportRow[], pending: readonly Pending[]): void {
    const counts = this.counts;
    counts.inserted += outcome.inserted;
    counts.updated += outcome.updated;
    counts.unchanged += outcome.unchanged;
    counts.failed += new Set(report.map((r) => r.row)).size;
    for (const p of pending) counts.created[p.kind] = (counts.created[p.kind] ?? 0) + 1;
    for (const r of report) if (this.kept.length < ERRORS_KEPT) this.kept.push(r);
  }
}
