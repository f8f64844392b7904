import type pg from 'pg';
import type { ImportEntity } from '../../../core/import/mapping.ts';
import { type Problem, problem } from '../../../core/import/problems.ts';
import { dbError, type ReportRow } from './report.ts';
import { type Prepared, writeRows } from './writers.ts';

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

export type WriteOutcome = { inserted: number; updated: number; unchanged: number; errors: ReportRow[] };

/**
 * Writes a batch; when the database refuses it (a rule the validator does not know), halves it until
 * the refused rows are single, and reports those with the database's reason. The rest goes in.
 */
export async function writeBisect(
  client: pg.ClientBase,
  entity: ImportEntity,
  ctx: Parameters<typeof writeRows>[2],
  rows: Prepared[],
): Promise<WriteOutcome> {
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
