import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemText } from '../../src/core/import/problems.ts';
import { runImport } from '../../src/server/features/imports/import.service.ts';
import { bufferSource } from '../../src/server/features/imports/source.ts';
import { createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Imports and stage retirement: an open deal never lands in a retired stage, also when the stage is retired
 * while the import runs (after the import read the stages); closed deals there are history and go in.
 */
let ctx: TestContext;
let org: SeededOrg;
let stages: { id: string; name_en: string }[];

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Import Retired Stage Co');
  stages = (
    await ctx.db.pool.query<{ id: string; name_en: string }>(
      'SELECT id, name_en FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 ORDER BY position',
      [org.orgId, org.pipelineId],
    )
  ).rows;
}, 120_000);
afterAll(() => ctx.close());

const file = (rows: string[][]) =>
  bufferSource(
    'deals.csv',
    Buffer.from(['Deal,Company,Stage,Status,Closed', ...rows.map((r) => r.join(','))].join('\n')),
  );
const run = (rows: string[][]) =>
  runImport({
    pool: ctx.db.pool,
    orgId: org.orgId,
    actorId: org.users.admin.id,
    entity: 'opportunities',
    source: file(rows),
    mapping: {
      columns: { name: 'Deal', account: 'Company', stage: 'Stage', status: 'Status', closedAt: 'Closed' },
    },
    createMissing: true,
  });
const dealsIn = async (stageId: string) =>
  (
    await ctx.db.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM opportunities WHERE org_id = $1 AND stage_id = $2
        GROUP BY status ORDER BY status`,
      [org.orgId, stageId],
    )
  ).rows;

describe('imports into retired stages', () => {
  it('refuses open deals in a stage retired while the import runs, and takes the closed ones', async () => {
    const stage = stages[3]!;
    // A retirement in progress, as the retire action takes it: the stage locked FOR UPDATE, then marked.
    const retire = await ctx.db.pool.connect();
    try {
      await retire.query('BEGIN');
      await retire.query('SELECT id FROM pipeline_stages WHERE id = $1 FOR UPDATE', [stage.id]);
      await retire.query('UPDATE pipeline_stages SET retired_at = now() WHERE id = $1', [stage.id]);
      // The import reads the stages now (the retirement is not committed: the stage looks active) and
      // validates every row; its batch then waits for the retirement's lock.
      const importing = run([
        ['Lost one', 'Retired Co', stage.name_en, 'lost', '2025-03-01'],
        ['Open one', 'Retired Co', stage.name_en, 'open', ''],
        ['Open two', 'Retired Co', stage.name_en, 'open', ''],
        ['Open elsewhere', 'Retired Co', stages[1]!.name_en, 'open', ''],
      ]);
      await waitForLockWaiter();
      await retire.query('COMMIT');
      const s = await importing;
      expect(s.counts).toMatchObject({ inserted: 2, failed: 2 });
      expect(s.errors.map((e) => [e.row, problemText(e.problem)])).toEqual([
        [
          3,
          'the stage was retired while the import ran: it takes no open deals (import the deal into an active stage)',
        ],
        [
          4,
          'the stage was retired while the import ran: it takes no open deals (import the deal into an active stage)',
        ],
      ]);
    } finally {
      await retire.query('ROLLBACK').catch(() => {});
      retire.release();
    }
    expect(await dealsIn(stage.id)).toEqual([{ status: 'lost', n: 1 }]);
    expect(await dealsIn(stages[1]!.id)).toEqual([{ status: 'open', n: 1 }]);
  });

  it('refuses an open deal naming a stage retired before, and starts unnamed ones in the first active stage', async () => {
    await ctx.db.pool.query('UPDATE pipeline_stages SET retired_at = now() WHERE id = $1', [stages[0]!.id]);
    const s = await run([
      ['Open named', 'Early Co', stages[0]!.name_en, 'open', ''],
      ['Open unnamed', 'Early Co', '', 'open', ''],
    ]);
    expect(s.counts).toMatchObject({ inserted: 1, failed: 1 });
    expect(s.errors.map((e) => [e.row, e.field])).toEqual([[2, 'stage']]);
    const placed = await ctx.db.pool.query<{ stage_id: string }>(
      `SELECT stage_id FROM opportunities WHERE org_id = $1 AND name = 'Open unnamed'`,
      [org.orgId],
    );
    expect(placed.rows).toEqual([{ stage_id: stages[1]!.id }]);
  });
});

/** Until some session of this database waits for a row lock (the import's batch). */
async function waitForLockWaiter(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await ctx.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import never waited for the retirement');
}
