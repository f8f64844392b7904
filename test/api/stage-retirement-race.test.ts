import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Retiring a stage racing a deal's move into it, made deterministic: a second connection holds a lock that
 * one of the two operations needs part-way through, so it stops while holding its own locks; the other one
 * is sent then and waits for those. Whichever comes first, no open deal ends up in a retired stage: the
 * retirement after a move counts the moved deal (409), the move after a retirement sees it (422).
 */
let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Stage Retirement Race Co');
});
afterAll(() => ctx.close());

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
type Stage = { id: string; position: number; nameEn: string; retiredAt: string | null };
type Pipeline = { id: string; version: number; stages: Stage[] };
type Deal = { id: string; stageId: string };
type Err = { path: string; code: string; params?: Record<string, string | number> };

async function newPipeline(name: string): Promise<Pipeline> {
  const res = await as('admin').post('/api/v1/pipelines', {
    name,
    stages: ['Qualify', 'Demo', 'Proposal', 'Close'].map((n, i) => ({
      nameEn: n,
      nameZh: `${n}阶段`,
      probability: (i + 1) * 10,
    })),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as Pipeline;
}
async function newDeal(p: Pipeline, name: string): Promise<Deal> {
  const account = await as('rep').post('/api/v1/accounts', { name: `${name} account` });
  const res = await as('rep').post('/api/v1/opportunities', {
    name,
    accountId: account.body.id,
    pipelineId: p.id,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as Deal;
}
const read = async (id: string) =>
  (await as('admin').get(`/api/v1/pipelines/${id}`)).body as unknown as Pipeline;
const readDeal = async (id: string) =>
  (await as('admin').get(`/api/v1/opportunities/${id}`)).body as unknown as Deal;
// Always with a reason, so a move is allowed whichever way it goes.
const move = (d: Deal, stageId: string) =>
  as('admin').post(`/api/v1/opportunities/${d.id}/move`, { stageId, reason: 'Race test' });
const retire = (p: Pipeline, stageId: string) =>
  as('admin').post(`/api/v1/pipelines/${p.id}/stages/${stageId}/retire`);

/** A request sent and not awaited yet, which says whether it has answered. */
function inFlight<T>(promise: Promise<T>) {
  const state = { promise, settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

/**
 * Until `n` sessions of this database wait for a lock, or `op` has answered without waiting (as it would
 * without the lock under test: the assertions then say what went wrong).
 */
async function waitForLockWaiters(n: number, op: { settled: boolean }): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await ctx.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n >= n || op.settled) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never ${n} sessions waiting for a lock`);
}

/** Runs `body` with a second connection in an open transaction, rolled back if `body` did not commit. */
async function withBlocker(body: (blocker: pg.PoolClient) => Promise<void>): Promise<void> {
  const blocker = await ctx.db.pool.connect();
  try {
    await blocker.query('BEGIN');
    await body(blocker);
  } finally {
    await blocker.query('ROLLBACK').catch(() => {});
    blocker.release();
  }
}

describe('retiring a stage while a deal moves into it', () => {
  it('a move in flight when the retirement comes: the retirement waits, counts the deal and is refused (409)', async () => {
    const p = await newPipeline('Race: move first');
    const [qualify, demo] = p.stages as [Stage, Stage];
    const d = await newDeal(p, 'Moving in');
    expect(d.stageId).toBe(qualify.id);

    await withBlocker(async (blocker) => {
      // The move stops where it ends the deal's stay in Qualify: by then it has checked Demo (FOR KEY SHARE)
      // and written the deal's new stage, uncommitted.
      await blocker.query(
        'SELECT id FROM stage_periods WHERE opportunity_id = $1 AND left_at IS NULL FOR UPDATE',
        [d.id],
      );
      const moving = inFlight(move(d, demo.id));
      await waitForLockWaiters(1, moving);
      expect(moving.settled).toBe(false);

      // The retirement locks the model's stages FOR UPDATE: it waits for the move to end.
      const retiring = inFlight(retire(p, demo.id));
      await waitForLockWaiters(2, retiring);
      await blocker.query('COMMIT');

      const moved = await moving.promise;
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.stageId).toBe(demo.id);
      const retired = await retiring.promise;
      expect(retired.status, JSON.stringify(retired.body)).toBe(409);
      expect(retired.body.code).toBe('stage_has_open_deals');
      expect(retired.body.open).toBe(1);
      expect((retired.body.errors as Err[]).map((e) => [e.path, e.code, e.params?.stageId])).toEqual([
        ['stageId', 'stage_has_open_deals', demo.id],
      ]);
    });
    expect((await readDeal(d.id)).stageId).toBe(demo.id);
    expect((await read(p.id)).stages.map((s) => s.retiredAt)).toEqual([null, null, null, null]);
  });

  it('a retirement in flight when the move comes: the move waits, sees the stage retired and is refused (422)', async () => {
    const p = await newPipeline('Race: retirement first');
    const d = await newDeal(p, 'Kept out');
    // The retirement locks the model's stages one by one in id order: held up at the last of them, it
    // already holds the others, the stage it retires among them.
    const byId = [...p.stages].sort((a, b) => (a.id < b.id ? -1 : 1));
    const last = byId.at(-1)!;
    const target = byId.find((s) => s.id !== d.stageId && s.id !== last.id)!;

    await withBlocker(async (blocker) => {
      await blocker.query('SELECT id FROM pipeline_stages WHERE id = $1 FOR KEY SHARE', [last.id]);
      const retiring = inFlight(retire(p, target.id));
      await waitForLockWaiters(1, retiring);
      expect(retiring.settled).toBe(false);

      // The move reads the target stage FOR KEY SHARE: it waits for the retirement to end.
      const moving = inFlight(move(d, target.id));
      await waitForLockWaiters(2, moving);
      await blocker.query('COMMIT');

      const retired = await retiring.promise;
      expect(retired.status, JSON.stringify(retired.body)).toBe(200);
      expect((retired.body.stages as Stage[]).find((s) => s.id === target.id)!.retiredAt).not.toBeNull();
      const moved = await moving.promise;
      expect(moved.status, JSON.stringify(moved.body)).toBe(422);
      expect((moved.body.errors as Err[]).map((e) => [e.path, e.code, e.params?.stageId])).toEqual([
        ['stageId', 'stage_retired', target.id],
      ]);
    });
    expect((await readDeal(d.id)).stageId).toBe(d.stageId);
    const open = await ctx.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM opportunities WHERE stage_id = $1 AND status = 'open'`,
      [target.id],
    );
    expect(open.rows[0]!.n).toBe(0);
  });
});
