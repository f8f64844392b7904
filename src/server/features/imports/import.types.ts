import type pg from 'pg';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import type { ImportCounts } from '../../db/schema/imports.ts';
import type { ReportRow } from './report.ts';
import type { ByteSource } from './source.ts';

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
