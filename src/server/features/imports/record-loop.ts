import type { ImportEntity } from '../../../core/import/mapping.ts';
import { problem } from '../../../core/import/problems.ts';
import {
  type CompiledMapping,
  externalIdOf,
  rowError,
  type ValidationContext,
  validateRow,
} from '../../../core/import/validate.ts';
import { type Batch, type BatchWriter, emptyBatch } from './batch-writer.ts';
import { type PrepareContext, prepare } from './prepare.ts';
import { toReport } from './report.ts';
import type { DbResolver } from './resolver.ts';
import { type ByteSource, type FileShape, readRecords } from './source.ts';

export type RecordLoopOptions = {
  source: ByteSource;
  shape: FileShape;
  entity: ImportEntity;
  compiled: CompiledMapping;
  ctx: ValidationContext;
  resolver: DbResolver;
  prepareContext: PrepareContext;
  /** Data rows committed by earlier runs of the job: read again (for their external ids), not written. */
  resumedFrom: number;
  /** Source rows per batch. */
  batchSize: number;
  /** Dry runs (previews): look at the first rows only. */
  maxRows: number | undefined;
  writer: BatchWriter;
};

/**
 * Reads the file's records, validates and prepares each row, and hands them to the writer batch by batch,
 * validating the next batch while the last one is written. Answers how many data rows it looked at, and
 * whether it stopped before the end of the file (maxRows).
 */
export async function readAndWrite(o: RecordLoopOptions): Promise<{ dataRows: number; truncated: boolean }> {
  const { compiled, resolver, writer } = o;
  let dataRows = 0;
  const seenExternal = new Map<string, number>();
  // A repeated external id is reported under the file's column mapped to it, as every other problem is.
  const externalIdHeader = compiled.fields.find((f) => f.spec.key === 'externalId')?.header ?? null;
  let batch: Batch = emptyBatch(0);
  let writing: Promise<void> = Promise.resolve();

  const flush = async () => {
    const b = batch;
    batch = emptyBatch(b.bytes);
    // Queued creations belong to the batch validated so far: taken now, before any await.
    const pending = resolver.takePending();
    const previous = writing;
    writing = previous.then(() => (writer.stopped ? undefined : writer.write(b, pending)));
    // Validate the next batch while this one is written, but never more than one ahead.
    await previous;
  };

  let header = true;
  let truncated = false;
  try {
    for await (const chunk of readRecords(o.source, o.shape)) {
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
        if (index < o.resumedFrom) {
          if (ext !== null && !seenExternal.has(ext)) seenExternal.set(ext, rec.row);
          continue;
        }
        batch.rows++;
        const mark = resolver.mark();
        const res = validateRow(compiled, rec.fields, o.ctx);
        if (ext !== null) {
          const first = seenExternal.get(ext);
          if (first !== undefined)
            res.errors.push(
              rowError('externalId', externalIdHeader, ext, problem('sameExternalId', { row: first })),
            );
          else seenExternal.set(ext, rec.row);
        }
        if (res.errors.length) {
          resolver.rollback(mark);
          res.errors.forEach((e, i) => {
            batch.errors.push(toReport(rec.row, e, i === 0 ? rec.fields : null));
          });
        } else {
          const ready = prepare(o.entity, rec.row, res.record, o.prepareContext, (e) =>
            batch.errors.push(toReport(rec.row, e, rec.fields)),
          );
          if (ready) {
            batch.prepared.push(ready);
            batch.cells.set(rec.row, rec.fields);
          }
        }
        if (batch.rows >= o.batchSize) {
          batch.bytes = chunk.bytes;
          await flush();
          if (writer.stopped) break;
        }
      }
      batch.bytes = chunk.bytes;
      if (writer.stopped || truncated) break;
    }
    if (!writer.stopped && batch.rows) await flush();
    await writing;
  } catch (err) {
    await writing.catch(() => {});
    throw err;
  }
  return { dataRows, truncated };
}
