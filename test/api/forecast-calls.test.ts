import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
type Who = keyof SeededOrg['users'];
type Row = Record<string, unknown> & { key: string | null };
const rowsOf = (body: Record<string, unknown>) => body.rows as Row[];
let co: SeededOrg;
const as = (who: Who) => api(ctx, co.users[who].token);

/** A forecast row without its calls, which follow who may see them, not the team. */
const figuresOf = (r: Row | undefined) => {
  if (!r) return r;
  const { submission: _, latestCall: __, ...rest } = r;
  return rest;
};

async function newDeal(who: 'rep' | 'rep2' | 'rep3', body: Record<string, unknown>) {
  const c = as(who);
  const account = await c.post('/api/v1/accounts', { name: `Acc ${Math.random().toString(36).slice(2, 8)}` });
  const res = await c.post('/api/v1/opportunities', { name: 'Deal', accountId: account.body.id, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function close(id: string, status: 'won' | 'lost', closedAt: string) {
  const admin = as('admin');
  const version = (await admin.get(`/api/v1/opportunities/${id}`)).body.version as number;
  const res = await admin.patch(
    `/api/v1/opportunities/${id}`,
    { status, closedAt, ...(status === 'lost' ? { closeReason: 'Price' } : {}) },
    { 'if-match': `"${version}"` },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

afterAll(() => ctx.close());
/**
 * The same team's forecast for everyone who sees it, and calls rolled up the hierarchy, on an organization
 * of its own (seedOrg: National ⊃ East (manager, rep, rep2), North (rep3); vp manages National).
 *   rep:  O 100,000 commit, open, expected Dec 10
 *   rep2: W 200,000 won Nov 5
 *   rep3: L 300,000 lost Nov 6 (North: outside the East manager's view)
 */
describe('forecast for every viewer, and calls rolled up', () => {
  const Q4 = '/api/v1/forecast?period=2026-Q4&groupBy=team';
  const call = async (who: Who, body: Record<string, unknown>) => {
    const res = await as(who).post('/api/v1/forecast/submissions', { period: '2026-Q4', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const teams = async (who: Who) => {
    const res = await as(who).get(Q4);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { body: res.body, rows: new Map(rowsOf(res.body).map((r) => [r.key, r])) };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    co = await seedOrg(ctx, 'Calls Co');
    await newDeal('rep', { amount: 100000, expectedCloseDate: '2026-12-10', forecastCategory: 'commit' });
    await close(
      await newDeal('rep2', { amount: 200000, expectedCloseDate: '2026-11-05' }),
      'won',
      '2026-11-05',
    );
    await close(
      await newDeal('rep3', { amount: 300000, expectedCloseDate: '2026-11-06' }),
      'lost',
      '2026-11-06',
    );
  });

  it('weights by the organization’s stage conversion, whoever looks', async () => {
    const admin = await teams('admin');
    const manager = await teams('manager');
    // The open deal's stage: reached by W (won) and L (lost) org-wide → 50 %; the East manager sees only W.
    const conv = (b: Record<string, unknown>) =>
      (b.stageConversions as { historicalRate: number | null; closedDeals: number }[])[0];
    expect(conv(admin.body)).toMatchObject({ historicalRate: 0.5, closedDeals: 2 });
    expect(conv(manager.body)).toEqual(conv(admin.body));
    const east = manager.rows.get(co.teams.east)!;
    expect(east.historical).toBeCloseTo(100000 * 0.5 + 200000, 6);
    expect(figuresOf(east)).toEqual(figuresOf(admin.rows.get(co.teams.east)));
    expect((manager.body.total as Row).historical).toBeCloseTo(east.historical as number, 6);
  });

  it('rolls personal and team calls up to the parent team and the total, a team’s own call first', async () => {
    expect((await teams('vp')).body.totalCall).toBeNull();
    await call('rep', { amount: 150000 });
    await call('rep3', { amount: 50000, note: 'L is gone' });
    let vp = await teams('vp');
    expect(vp.rows.get(co.teams.east)).toMatchObject({
      submission: null,
      latestCall: { amount: 150000, source: 'rollup', calls: 1 },
    });
    expect(vp.rows.get(co.teams.national)!.latestCall).toEqual({
      amount: 200000,
      source: 'rollup',
      calls: 2,
    });
    expect(vp.body.totalCall).toEqual({ amount: 200000, source: 'rollup', calls: 2 });

    // The East manager's call for East replaces its members' in every roll-up above it.
    await call('manager', { teamId: co.teams.east, adjustment: -80000, note: 'haircut' });
    vp = await teams('vp');
    expect(vp.rows.get(co.teams.east)!.latestCall).toEqual({ amount: 220000, source: 'own', calls: 1 });
    expect(vp.rows.get(co.teams.national)!.latestCall).toEqual({
      amount: 270000,
      source: 'rollup',
      calls: 2,
    });
    const manager = await teams('manager');
    expect(manager.body.totalCall).toEqual({ amount: 220000, source: 'rollup', calls: 1 });

    await call('vp', { teamId: co.teams.national, amount: 400000 });
    vp = await teams('vp');
    expect(vp.rows.get(co.teams.national)!.latestCall).toEqual({ amount: 400000, source: 'own', calls: 1 });
    expect(vp.body.totalCall).toEqual({ amount: 400000, source: 'rollup', calls: 1 });
    const admin = await teams('admin');
    expect(admin.body.totalCall).toEqual(vp.body.totalCall);

    const owners = await as('vp').get('/api/v1/forecast?period=2026-Q4&groupBy=owner');
    const rep = rowsOf(owners.body).find((r) => r.key === co.users.rep.id)!;
    expect(rep.latestCall).toEqual({ amount: 150000, source: 'own', calls: 1 });
  });

  it('refuses an adjustment that takes the call below 0, as it refuses a negative amount', async () => {
    const before = (await as('manager').get('/api/v1/forecast/submissions?period=2026-Q4')).body.items;
    // East's system figure: rep's commit 100,000 + rep2's won 200,000.
    const res = await as('manager').post('/api/v1/forecast/submissions', {
      period: '2026-Q4',
      teamId: co.teams.east,
      adjustment: -300000.01,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'adjustment', code: 'call_below_zero', params: { minimum: -300000 } }),
    ]);
    expect((await as('manager').get('/api/v1/forecast/submissions?period=2026-Q4')).body.items).toEqual(
      before,
    );
    // Down to exactly 0 is a call.
    await call('manager', { teamId: co.teams.east, adjustment: -300000 });
  });
});
