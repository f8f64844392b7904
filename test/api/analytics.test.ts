import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween } from '../../src/core/analytics/periods.ts';
import {
  ensureWeeklySnapshots,
  takeForecastSnapshot,
} from '../../src/server/features/forecast/forecast.service.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Pipeline science through the API on a small, hand-checked organization:
 *   rep:  A 100,000 commit, Dec 10, moved stage 1 → 3 (skipping 2); B 200,000 lost; C 50,000 (January)
 *   rep2: D 300,000 won on Dec 5
 *   rep3: E 400,000 commit, Dec 31, with presales on its deal team
 */

let ctx: TestContext;
let org: SeededOrg;
type Stage = { id: string; position: number; probability: number };
let stages: Stage[];
const deal: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; createdAt: string }> = {} as never;

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
const WIDE = 'from=2020-01&to=2030-12';
const version = async (id: string) =>
  `"${(await as('admin').get(`/api/v1/opportunities/${id}`)).body.version as number}"`;

async function newDeal(who: 'rep' | 'rep2' | 'rep3', body: Record<string, unknown>) {
  const c = as(who);
  const account = await c.post('/api/v1/accounts', { name: `Acc ${Math.random().toString(36).slice(2, 8)}` });
  const res = await c.post('/api/v1/opportunities', { name: 'Deal', accountId: account.body.id, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, createdAt: res.body.createdAt as string };
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Analytics Co');
  stages = ((await as('admin').get('/api/v1/pipelines')).body.items![0]!.stages as Stage[]).sort(
    (a, b) => a.position - b.position,
  );
  deal.A = await newDeal('rep', {
    amount: 100000,
    expectedCloseDate: '2026-12-10',
    forecastCategory: 'commit',
  });
  deal.B = await newDeal('rep', {
    amount: 200000,
    expectedCloseDate: '2026-12-20',
    forecastCategory: 'best_case',
  });
  deal.C = await newDeal('rep', { amount: 50000, expectedCloseDate: '2027-01-05' });
  deal.D = await newDeal('rep2', { amount: 300000, expectedCloseDate: '2026-12-01' });
  deal.E = await newDeal('rep3', {
    amount: 400000,
    expectedCloseDate: '2026-12-31',
    forecastCategory: 'commit',
    members: [{ userId: org.users.presales.id }],
  });
  const admin = as('admin');
  const moved = await admin.post(`/api/v1/opportunities/${deal.A.id}/move`, {
    stageId: stages[2]!.id,
    override: true,
    reason: 'Signed NDA, skipping the visit',
  });
  expect(moved.status).toBe(200);
  const lost = await admin.patch(
    `/api/v1/opportunities/${deal.B.id}`,
    { status: 'lost', closeReason: 'Price' },
    { 'if-match': await version(deal.B.id) },
  );
  expect(lost.status).toBe(200);
  const won = await admin.patch(
    `/api/v1/opportunities/${deal.D.id}`,
    { status: 'won', closedAt: '2026-12-05' },
    { 'if-match': await version(deal.D.id) },
  );
  expect(won.status).toBe(200);
});
afterAll(() => ctx.close());

type Row = Record<string, unknown>;
const rowsOf = (body: Row) => body.rows as Row[];

describe('win rates and cycle time', () => {
  it('count won, lost and no-decision deals per owner with both rates', async () => {
    const res = await as('admin').get(`/api/v1/analytics/win-rates?groupBy=owner&${WIDE}`);
    expect(res.status).toBe(200);
    const byKey = new Map(rowsOf(res.body).map((r) => [r.key, r]));
    expect(byKey.get(org.users.rep.id)).toMatchObject({ won: 0, lost: 1, noDecision: 0, winRate: 0 });
    expect(byKey.get(org.users.rep2.id)).toMatchObject({ won: 1, lost: 0, wonAmount: 300000, winRate: 1 });
    expect(res.body.total).toMatchObject({ won: 1, lost: 1, winRate: 0.5, winRateInclNoDecision: 0.5 });
    const byMonth = await as('admin').get(`/api/v1/analytics/win-rates?groupBy=month&${WIDE}`);
    expect(rowsOf(byMonth.body).find((r) => r.key === '2026-12')).toMatchObject({ won: 1, label: '2026-12' });
  });

  it('follow visibility: reps see their own, managers their team, others nothing of it', async () => {
    const rep = await as('rep').get(`/api/v1/analytics/win-rates?groupBy=owner&${WIDE}`);
    expect(rowsOf(rep.body).map((r) => r.key)).toEqual([org.users.rep.id]);
    expect(rep.body.total).toMatchObject({ won: 0, lost: 1 });
    const manager = await as('manager').get(`/api/v1/analytics/win-rates?groupBy=team&${WIDE}`);
    expect(rowsOf(manager.body)).toEqual([
      expect.objectContaining({ key: org.teams.east, label: 'East', won: 1, lost: 1 }),
    ]);
    const rep3 = await as('rep3').get(`/api/v1/analytics/win-rates?groupBy=owner&${WIDE}`);
    expect(rowsOf(rep3.body)).toEqual([]);
    expect(rep3.body.total).toMatchObject({ won: 0, lost: 0, winRate: null });
  });

  it('measure the cycle of won deals from created to closed', async () => {
    const res = await as('manager').get(`/api/v1/analytics/cycle-time?groupBy=owner&${WIDE}`);
    const days = daysBetween(deal.D.createdAt.slice(0, 10), '2026-12-05');
    expect(rowsOf(res.body)).toEqual([
      expect.objectContaining({ key: org.users.rep2.id, won: 1, meanDays: days, medianDays: days }),
    ]);
  });

  it('refuse a range that ends before it starts, and malformed months', async () => {
    const backwards = await as('admin').get('/api/v1/analytics/win-rates?from=2026-06&to=2026-01');
    expect(backwards.status).toBe(422);
    expect((await as('admin').get('/api/v1/analytics/win-rates?from=2026-13')).status).toBe(400);
    expect((await as('admin').get('/api/v1/analytics/win-rates?groupBy=colour')).status).toBe(400);
  });
});

describe('funnel, time in stage, velocity', () => {
  it('counts deals that reached each stage (skips included) and converts stage to stage', async () => {
    const res = await as('admin').get(`/api/v1/analytics/funnel?${WIDE}`);
    expect(res.status).toBe(200);
    const s = res.body.stages as Row[];
    expect(s.map((x) => x.reached).slice(0, 4)).toEqual([5, 1, 1, 0]);
    expect(s.map((x) => x.entered).slice(0, 4)).toEqual([5, 0, 1, 0]);
    expect(s[0]).toMatchObject({ won: 1, closed: 2, winRate: 0.5, conversionToNext: 0.2 });
    expect(s[1]).toMatchObject({ conversionToNext: 1 });
    expect(s[2]).toMatchObject({ conversionToNext: 0 });
    const unknown = await as('admin').get(
      '/api/v1/analytics/funnel?pipeline=5b1d7f3a-2c4e-4f6a-8b9c-0d1e2f3a4b5c',
    );
    expect(unknown.status).toBe(404);
  });

  it('keeps time in stage per completed stay, and counts stays still running', async () => {
    const res = await as('admin').get(`/api/v1/analytics/time-in-stage?${WIDE}`);
    const s = res.body.stages as Row[];
    expect(s[0]).toMatchObject({ stays: 3, openStays: 2 });
    expect(s[0]!.meanDays).toBeGreaterThanOrEqual(0);
    expect(s[2]).toMatchObject({ stays: 0, meanDays: null, openStays: 1 });
  });

  it('computes velocity as open deals × win rate × average won ÷ cycle', async () => {
    const res = await as('admin').get(`/api/v1/analytics/velocity?${WIDE}`);
    const days = daysBetween(deal.D.createdAt.slice(0, 10), '2026-12-05');
    expect(res.body.total).toMatchObject({
      openDeals: 3,
      openAmount: 550000,
      won: 1,
      lost: 1,
      winRate: 0.5,
      avgWonAmount: 300000,
      meanCycleDays: days,
    });
    const v = (res.body.total as Row).velocityPerDay;
    if (days > 0) expect(v).toBeCloseTo((3 * 0.5 * 300000) / days, 6);
    else expect(v).toBeNull();
  });
});

describe('forecast', () => {
  it('sums categories and weights them by stage probability and by historical conversion', async () => {
    const res = await as('admin').get('/api/v1/forecast?period=2026-12&groupBy=owner');
    expect(res.status).toBe(200);
    const p1 = stages[0]!.probability / 100;
    const p3 = stages[2]!.probability / 100;
    const byKey = new Map(rowsOf(res.body).map((r) => [r.key, r]));
    expect(byKey.get(org.users.rep.id)).toMatchObject({ deals: 1, commit: 100000, bestCase: 0, closed: 0 });
    expect(byKey.get(org.users.rep2.id)).toMatchObject({ deals: 0, closed: 300000 });
    expect(byKey.get(org.users.rep3.id)).toMatchObject({ deals: 1, commit: 400000 });
    const total = res.body.total as Row;
    expect(total.weighted).toBeCloseTo(100000 * p3 + 400000 * p1 + 300000, 6);
    // Stage 1: of the two closed deals that reached it one was won; stage 3 has no history yet.
    expect(total.historical).toBeCloseTo(100000 * p3 + 400000 * 0.5 + 300000, 6);
    const conv = new Map((res.body.stageConversions as Row[]).map((c) => [c.stageId, c]));
    expect(conv.get(stages[0]!.id)).toMatchObject({ historicalRate: 0.5, closedDeals: 2 });
    expect(conv.get(stages[2]!.id)).toMatchObject({ historicalRate: null, closedDeals: 0 });
  });

  it('rolls teams up the hierarchy', async () => {
    const res = await as('admin').get('/api/v1/forecast?period=2026-Q4&groupBy=team');
    const byKey = new Map(rowsOf(res.body).map((r) => [r.key, r]));
    expect(byKey.get(org.teams.east)).toMatchObject({
      commit: 100000,
      closed: 300000,
      parentId: org.teams.national,
    });
    expect(byKey.get(org.teams.north)).toMatchObject({ commit: 400000, closed: 0 });
    expect(byKey.get(org.teams.national)).toMatchObject({ commit: 500000, closed: 300000, parentId: null });
  });

  it('shows deal-team members the deals they work on, and nothing else', async () => {
    const res = await as('presales').get('/api/v1/forecast?period=2026-12&groupBy=owner');
    expect(rowsOf(res.body)).toEqual([expect.objectContaining({ key: org.users.rep3.id, commit: 400000 })]);
    expect((res.body.total as Row).closed).toBe(0);
  });

  it('takes calls from reps and managers, keeps them append-only and lists them by visibility', async () => {
    const rep = await as('rep').post('/api/v1/forecast/submissions', {
      period: '2026-12',
      amount: 150000,
      note: 'A will sign; C might slip',
    });
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    expect(rep.body).toMatchObject({
      userId: org.users.rep.id,
      teamId: null,
      systemAmount: 100000,
      adjustment: 50000,
    });
    const forTeam = await as('rep').post('/api/v1/forecast/submissions', {
      period: '2026-12',
      teamId: org.teams.east,
    });
    expect(forTeam.status).toBe(403);
    const manager = await as('manager').post('/api/v1/forecast/submissions', {
      period: '2026-12',
      teamId: org.teams.east,
      adjustment: -50000,
      note: 'Haircut on A',
    });
    expect(manager.body).toMatchObject({ teamId: org.teams.east, systemAmount: 400000, amount: 350000 });
    expect(
      (
        await as('manager').post('/api/v1/forecast/submissions', {
          period: '2026-12',
          teamId: org.teams.north,
        })
      ).status,
    ).toBe(403);
    expect(
      (await as('vp').post('/api/v1/forecast/submissions', { period: '2026-12', teamId: org.teams.north }))
        .status,
    ).toBe(201);
    expect((await as('viewer').post('/api/v1/forecast/submissions', { period: '2026-12' })).status).toBe(403);
    const mismatch = await as('rep').post('/api/v1/forecast/submissions', {
      period: '2026-12',
      amount: 1,
      adjustment: 5,
    });
    expect(mismatch.status).toBe(422);

    const count = async (who: 'rep' | 'manager' | 'admin') =>
      ((await as(who).get('/api/v1/forecast/submissions?period=2026-12')).body.items as Row[]).length;
    expect(await count('rep')).toBe(1);
    expect(await count('manager')).toBe(2);
    expect(await count('admin')).toBe(3);
    const page = await as('admin').get('/api/v1/forecast/submissions?limit=2');
    expect((page.body.items as Row[]).length).toBe(2);
    const rest = await as('admin').get(`/api/v1/forecast/submissions?limit=2&cursor=${page.body.nextCursor}`);
    expect((rest.body.items as Row[]).length).toBe(1);
    expect(rest.body.nextCursor).toBeNull();

    const team = await as('manager').get('/api/v1/forecast?period=2026-12&groupBy=team');
    const east = rowsOf(team.body).find((r) => r.key === org.teams.east)!;
    expect(east.submission).toMatchObject({ amount: 350000, note: 'Haircut on A' });
    await expect(
      ctx.db.pool.query('UPDATE forecast_submissions SET amount = 0 WHERE org_id = $1', [org.orgId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.db.pool.query('DELETE FROM forecast_submissions WHERE org_id = $1', [org.orgId]),
    ).rejects.toThrow(/append-only/);
  });

  it('takes weekly snapshots once per week and reports accuracy against what was won', async () => {
    expect((await as('rep').post('/api/v1/forecast/snapshots', {})).status).toBe(403);
    const first = await as('admin').post('/api/v1/forecast/snapshots', {});
    expect(first.status).toBe(200);
    expect(first.body.taken).toBe(true);
    expect((await as('admin').post('/api/v1/forecast/snapshots', {})).body.taken).toBe(false);
    expect((await as('admin').post('/api/v1/forecast/snapshots', { replace: true })).body.taken).toBe(true);

    // A week before the suite can run, so it never collides with the snapshot the API just took.
    const now = new Date('2026-11-25T10:00:00Z');
    const taken = await takeForecastSnapshot({ db: ctx.db.db, orgId: org.orgId, now });
    expect(taken).toMatchObject({ weekStart: '2026-11-23', taken: true });
    expect(taken.periods).toEqual(['2026-11', '2026-12', '2027-01', '2026-Q4', '2027-Q1']);
    expect(await ensureWeeklySnapshots({ db: ctx.db.db, now })).toBe(0);

    const res = await as('admin').get('/api/v1/forecast/accuracy?kind=month&from=2026-12&to=2026-12');
    expect(res.status).toBe(200);
    const dec = rowsOf(res.body).find((r) => r.period === '2026-12')!;
    expect(dec.actualWon).toBe(300000);
    const snap = (dec.snapshots as Row[]).find((s) => s.weekStart === '2026-11-23')!;
    expect(snap).toMatchObject({ commit: 500000, closed: 300000 });
    // 800,000 called against 300,000 won, scored once December is over: 1 − 500,000 ÷ 800,000. Until
    // then December is in progress and nothing is scored.
    const ended = new Date().toISOString().slice(0, 10) > '2026-12-31';
    expect(dec).toMatchObject({ start: '2026-12-01', end: '2026-12-31', ended });
    expect(snap).toMatchObject({ commitError: ended ? 500000 : null });
    if (ended) expect(snap.commitAccuracy).toBeCloseTo(0.375, 9);
    else expect(snap.commitAccuracy).toBeNull();
    const repView = await as('rep').get('/api/v1/forecast/accuracy?kind=month&from=2026-12&to=2026-12');
    const repDec = rowsOf(repView.body).find((r) => r.period === '2026-12')!;
    expect(repDec.actualWon).toBe(0);
    expect((repDec.snapshots as Row[]).find((s) => s.weekStart === '2026-11-23')).toMatchObject({
      commit: 100000,
    });
  });
});

describe('quotas, attainment and coverage', () => {
  it('lets admins set people’s and teams’ quotas that others see by scope', async () => {
    expect(
      (
        await as('rep').post('/api/v1/quotas', {
          userId: org.users.rep.id,
          periodStart: '2026-10-01',
          periodEnd: '2026-12-31',
          amount: 1,
        })
      ).status,
    ).toBe(403);
    const backwards = await as('admin').post('/api/v1/quotas', {
      userId: org.users.rep.id,
      periodStart: '2026-12-31',
      periodEnd: '2026-10-01',
      amount: 1,
    });
    expect(backwards.status).toBe(422);
    const noSubject = await as('admin').post('/api/v1/quotas', {
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      amount: 1,
    });
    expect(noSubject.status).toBe(422);
    const q = await as('admin').post('/api/v1/quotas', {
      userId: org.users.rep.id,
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      amount: 920000,
    });
    expect(q.status).toBe(201);
    const t = await as('admin').post('/api/v1/quotas', {
      teamId: org.teams.east,
      periodStart: '2026-12-01',
      periodEnd: '2026-12-31',
      amount: 600000,
    });
    expect(t.status).toBe(201);
    expect((await as('rep').get(`/api/v1/quotas/${q.body.id}`)).status).toBe(200);
    expect((await as('manager').get(`/api/v1/quotas/${q.body.id}`)).status).toBe(200);
    expect((await as('rep2').get(`/api/v1/quotas/${q.body.id}`)).status).toBe(404);
    expect(t.body).toMatchObject({ userId: null, teamId: org.teams.east });
    expect((await as('rep3').get(`/api/v1/quotas/${t.body.id}`)).status).toBe(404);
    expect((await as('rep').get(`/api/v1/quotas/${t.body.id}`)).status).toBe(200);
    const mine = await as('rep').get('/api/v1/quotas');
    expect(mine.body.items!.map((i) => i.id).sort()).toEqual([q.body.id, t.body.id].sort());
  });

  it('prorates quotas into the period and reports attainment per owner', async () => {
    const res = await as('admin').get('/api/v1/quotas/attainment?period=2026-12&groupBy=owner');
    expect(res.status).toBe(200);
    const byKey = new Map(rowsOf(res.body).map((r) => [r.key, r]));
    // 920,000 for 92 days: December's 31 days are 310,000.
    expect(byKey.get(org.users.rep.id)).toMatchObject({
      quota: 310000,
      won: 0,
      openPipeline: 100000,
      attainment: 0,
    });
    expect((byKey.get(org.users.rep.id)!.coverage as number) * 310000).toBeCloseTo(100000, 6);
    expect(byKey.get(org.users.rep2.id)).toMatchObject({ quota: 0, won: 300000, attainment: null });
  });

  it('totals what is left to win person by person: an over-achiever does not hide who is behind', async () => {
    for (const groupBy of ['owner', 'team']) {
      const res = await as('admin').get(`/api/v1/quotas/attainment?period=2026-12&groupBy=${groupBy}`);
      const { total } = res.body as { total: Row };
      // rep: 310,000 to win, nothing won; rep2: 300,000 won without a quota. Attainment stays won ÷ quota.
      expect(total).toMatchObject({
        quota: 310000,
        won: 300000,
        remainingQuota: 310000,
        openPipeline: 500000,
      });
      expect(total.attainment).toBeCloseTo(300000 / 310000, 9);
      expect(total.coverage).toBeCloseTo(500000 / 310000, 9);
      if (groupBy === 'owner')
        expect(rowsOf(res.body).reduce((sum, r) => sum + (r.remainingQuota as number), 0)).toBe(310000);
    }
  });

  it('rolls coverage up teams: a team quota where there is one, else the members’ quotas', async () => {
    const res = await as('admin').get('/api/v1/analytics/coverage?period=2026-12&groupBy=team');
    const byKey = new Map(rowsOf(res.body).map((r) => [r.key, r]));
    expect(byKey.get(org.teams.east)).toMatchObject({
      quota: 600000,
      won: 300000,
      remainingQuota: 300000,
      attainment: 0.5,
    });
    expect(byKey.get(org.teams.east)!.coverage).toBeCloseTo(1 / 3, 9);
    expect(byKey.get(org.teams.north)).toMatchObject({ quota: 0, openPipeline: 400000, coverage: null });
    // National has no quota of its own: its people's, each gap on its own. rep2's 300,000 won without a
    // quota does not cover rep's 310,000 still to win (netted, it would leave 10,000 and a coverage of 50×).
    expect(byKey.get(org.teams.national)).toMatchObject({
      quota: 310000,
      won: 300000,
      openPipeline: 500000,
      remainingQuota: 310000,
    });
    expect(byKey.get(org.teams.national)!.coverage).toBeCloseTo(500000 / 310000, 9);
    // A rep sees only a part of their team: no team row (it would be a partial figure under the team's
    // name), their own figures in the total.
    const rep = await as('rep').get('/api/v1/analytics/coverage?period=2026-12&groupBy=team');
    expect(rowsOf(rep.body)).toEqual([]);
    expect(rep.body.total).toMatchObject({ quota: 310000, won: 0, openPipeline: 100000 });
  });
});

describe('maintenance of the summaries', () => {
  it('refreshes small writes once at commit, and bulk statements at once', async () => {
    const other = await seedOrg(ctx, 'Bulk Co');
    const client = await ctx.db.pool.connect();
    const deals = () =>
      client.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_deals WHERE org_id = $1', [
        other.orgId,
      ]);
    try {
      const [account] = (
        await client.query<{ id: string }>(
          `INSERT INTO accounts (org_id, name, owner_id) VALUES ($1, 'Bulk account', $2) RETURNING id`,
          [other.orgId, other.users.rep.id],
        )
      ).rows;
      const insertDeals = (n: number) =>
        client.query(
          `INSERT INTO opportunities (org_id, name, account_id, owner_id, amount, pipeline_id, stage_id)
           SELECT $1, 'Deal ' || g, $2, $3, 1000, $4,
                  (SELECT id FROM pipeline_stages WHERE pipeline_id = $4 ORDER BY position LIMIT 1)
             FROM generate_series(1, ${n}) g`,
          [other.orgId, account!.id, other.users.rep.id, other.pipelineId],
        );
      await client.query('BEGIN');
      await insertDeals(3);
      expect((await deals()).rows[0]!.n).toBe(0);
      await client.query('COMMIT');
      expect((await deals()).rows[0]!.n).toBe(3);

      await client.query('BEGIN');
      await insertDeals(1_200);
      expect((await deals()).rows[0]!.n).toBe(1_203);
      await client.query(
        `INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at)
         SELECT org_id, id, pipeline_id, stage_id, created_at FROM opportunities WHERE org_id = $1`,
        [other.orgId],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const api2 = api(ctx, other.users.admin.token);
    expect(((await api2.get(`/api/v1/analytics/velocity?${WIDE}`)).body.total as Row).openDeals).toBe(1_203);
    const funnelBefore = (await api2.get(`/api/v1/analytics/funnel?${WIDE}`)).body;
    expect((funnelBefore.stages as Row[])[0]).toMatchObject({ reached: 1_203, entered: 1_203 });
    await ctx.db.pool.query('SELECT winpath_analytics_rebuild($1)', [other.orgId]);
    expect((await api2.get(`/api/v1/analytics/funnel?${WIDE}`)).body).toEqual(funnelBefore);
  });

  it('are switched off for a bulk load that rebuilds at the end', async () => {
    const other = await seedOrg(ctx, 'Import Co');
    const client = await ctx.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL winpath.analytics = 'off'`);
      await client.query(`INSERT INTO accounts (org_id, name, owner_id) VALUES ($1, 'Imported', $2)`, [
        other.orgId,
        other.users.rep.id,
      ]);
      await client.query(
        `INSERT INTO opportunities (org_id, name, account_id, owner_id, amount, pipeline_id, stage_id, status, closed_at)
         SELECT $1, 'Won ' || g, (SELECT id FROM accounts WHERE org_id = $1), $2, 500, $3,
                (SELECT id FROM pipeline_stages WHERE pipeline_id = $3 ORDER BY position LIMIT 1), 'won', '2026-10-15'
           FROM generate_series(1, 4) g`,
        [other.orgId, other.users.rep.id, other.pipelineId],
      );
      const skipped = await client.query('SELECT count(*)::int AS n FROM analytics_deals WHERE org_id = $1', [
        other.orgId,
      ]);
      expect(skipped.rows[0].n).toBe(0);
      await client.query('SELECT winpath_analytics_rebuild($1)', [other.orgId]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const res = await api(ctx, other.users.admin.token).get(`/api/v1/analytics/win-rates?${WIDE}`);
    expect(res.body.total).toMatchObject({ won: 4, wonAmount: 2000, winRate: 1 });
  });
});

describe('maintenance', () => {
  it('stays exact when deals are deleted and restored, and a rebuild changes nothing', async () => {
    const before = (await as('admin').get(`/api/v1/analytics/funnel?${WIDE}`)).body;
    expect(
      (await as('admin').del(`/api/v1/opportunities/${deal.A.id}`, { 'if-match': await version(deal.A.id) }))
        .status,
    ).toBe(204);
    const without = (await as('admin').get(`/api/v1/analytics/funnel?${WIDE}`)).body.stages as Row[];
    expect(without.map((s) => s.reached).slice(0, 3)).toEqual([4, 0, 0]);
    expect((await as('admin').post(`/api/v1/opportunities/${deal.A.id}/restore`)).status).toBe(200);
    expect((await as('rep').post('/api/v1/analytics/rebuild', {})).status).toBe(403);
    const rebuilt = await as('admin').post('/api/v1/analytics/rebuild', {});
    expect(rebuilt.status).toBe(200);
    expect((await as('admin').get(`/api/v1/analytics/funnel?${WIDE}`)).body).toEqual(before);
  });
});
