import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemText } from '../../src/core/import/problems.ts';
import { runImport } from '../../src/server/features/imports/import.service.ts';
import { bufferSource } from '../../src/server/features/imports/source.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

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
          'the stage was retired, or the deal left it, while the import ran: a retired stage takes no open deals (import the deal into an active stage)',
        ],
        [
          4,
          'the stage was retired, or the deal left it, while the import ran: a retired stage takes no open deals (import the deal into an active stage)',
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

describe('re-importing deals in a retired stage', () => {
  // Deals matched by external id, as a re-import of a CRM's export does.
  const runById = (rows: string[][]) =>
    runImport({
      pool: ctx.db.pool,
      orgId: org.orgId,
      actorId: org.users.admin.id,
      entity: 'opportunities',
      source: bufferSource(
        'deals.csv',
        Buffer.from(['Id,Deal,Company,Stage,Status,Closed,Next', ...rows.map((r) => r.join(','))].join('\n')),
      ),
      mapping: {
        columns: {
          externalId: 'Id',
          name: 'Deal',
          account: 'Company',
          stage: 'Stage',
          status: 'Status',
          closedAt: 'Closed',
          nextStep: 'Next',
        },
      },
      createMissing: true,
    });
  const deal = async (externalId: string) =>
    (
      await ctx.db.pool.query<{ stage_id: string; status: string; next_step: string | null }>(
        'SELECT stage_id, status, next_step FROM opportunities WHERE org_id = $1 AND external_id = $2',
        [org.orgId, externalId],
      )
    ).rows[0];
  const admin = () => api(ctx, org.users.admin.token);
  let retired: { id: string; name_en: string };
  let active: { id: string; name_en: string };

  beforeAll(async () => {
    retired = stages[2]!;
    active = stages[4]!;
    const s = await runById([
      ['R-1', 'Reopened deal', 'Kept Co', retired.name_en, 'lost', '2025-03-01', 'call'],
      ['R-2', 'Elsewhere deal', 'Kept Co', active.name_en, 'open', '', 'call'],
      ['R-4', 'Moving deal', 'Kept Co', retired.name_en, 'lost', '2025-03-01', 'call'],
      ['R-5', 'Lost deal', 'Kept Co', retired.name_en, 'lost', '2025-03-01', 'call'],
    ]);
    expect(s.errors).toEqual([]);
    const res = await admin().post(`/api/v1/pipelines/${org.pipelineId}/stages/${retired.id}/retire`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Reopened where they closed, as a PATCH that leaves the stage may: open deals in the retired stage.
    for (const externalId of ['R-1', 'R-4']) {
      const { rows } = await ctx.db.pool.query<{ id: string; version: number }>(
        'SELECT id, version FROM opportunities WHERE org_id = $1 AND external_id = $2',
        [org.orgId, externalId],
      );
      const reopened = await admin().patch(
        `/api/v1/opportunities/${rows[0]!.id}`,
        { status: 'open' },
        { 'if-match': `"${rows[0]!.version}"` },
      );
      expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    }
  });

  it('takes an existing open deal naming the retired stage it is in, updating its other fields', async () => {
    const s = await runById([
      ['R-1', 'Reopened deal', 'Kept Co', retired.name_en, 'open', '', 'send the quote'],
    ]);
    expect(s.errors.map((e) => [e.row, e.field, problemText(e.problem)])).toEqual([]);
    expect(s.counts).toMatchObject({ updated: 1, failed: 0 });
    expect(await deal('R-1')).toEqual({ stage_id: retired.id, status: 'open', next_step: 'send the quote' });
  });

  it('refuses a new open deal naming the retired stage', async () => {
    const s = await runById([['R-3', 'New deal', 'Kept Co', retired.name_en, 'open', '', 'call']]);
    expect(s.errors.map((e) => [e.row, e.field, problemText(e.problem)])).toEqual([
      [
        2,
        'stage',
        `the stage "${retired.name_en}" is retired: it takes no open deals (import the deal into an active stage)`,
      ],
    ]);
    expect(await deal('R-3')).toBeUndefined();
  });

  it('refuses to reopen a closed deal into the retired stage it closed in', async () => {
    // The source CRM still has it open; here it is history in a stage that takes no open deals.
    const s = await runById([['R-5', 'Lost deal', 'Kept Co', retired.name_en, 'open', '', 'revived?']]);
    expect(s.errors.map((e) => [e.row, e.field])).toEqual([[2, 'stage']]);
    expect(await deal('R-5')).toEqual({ stage_id: retired.id, status: 'lost', next_step: 'call' });
  });

  it('refuses an existing deal in another stage naming the retired stage: it stays where it is', async () => {
    const s = await runById([['R-2', 'Elsewhere deal', 'Kept Co', retired.name_en, 'open', '', 'moved?']]);
    expect(s.errors.map((e) => [e.row, e.field])).toEqual([[2, 'stage']]);
    expect(await deal('R-2')).toEqual({ stage_id: active.id, status: 'open', next_step: 'call' });
  });

  it('refuses, in the batch, a deal moved out of the retired stage while the import ran', async () => {
    // A move under way, as the move action takes it: the deal locked FOR UPDATE, then moved on.
    const mover = await ctx.db.pool.connect();
    try {
      await mover.query('BEGIN');
      await mover.query('SELECT id FROM opportunities WHERE org_id = $1 AND external_id = $2 FOR UPDATE', [
        org.orgId,
        'R-4',
      ]);
      await mover.query('UPDATE opportunities SET stage_id = $3 WHERE org_id = $1 AND external_id = $2', [
        org.orgId,
        'R-4',
        active.id,
      ]);
      // The import read the deal in the retired stage, so its validation let the row through.
      const importing = runById([['R-4', 'Moving deal', 'Kept Co', retired.name_en, 'open', '', 'back?']]);
      await waitForLockWaiter();
      await mover.query('COMMIT');
      const s = await importing;
      expect(s.errors.map((e) => [e.row, e.problem.code])).toEqual([[2, 'stageRetiredMeanwhile']]);
    } finally {
      await mover.query('ROLLBACK').catch(() => {});
      mover.release();
    }
    expect(await deal('R-4')).toEqual({ stage_id: active.id, status: 'open', next_step: 'call' });
  });
});

/** Until some session of this database waits for a row lock (the import's batch). */
async function waitForLockWaiter(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await ctx.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import never waited for the retirement');
}
