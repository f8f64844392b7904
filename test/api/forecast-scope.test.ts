import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, quarterOf } from '../../src/core/analytics/periods.ts';
import { takeForecastSnapshot } from '../../src/server/features/forecast/forecast.service.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Team roll-ups of coverage, attainment and the forecast by visibility, and forecast accuracy by period.
 *
 * Team roll-ups of coverage, attainment and the forecast show a team only to whoever sees all of it, with
 * the same figures for everyone who does. The organization (seedOrg): National ⊃ East (manager, rep,
 * rep2), North (rep3); vp manages National, manager manages East.
 *   rep:  A 100,000 commit, expected Dec 10           quota Q4 600,000
 *   rep2: D 300,000 won Nov 15                        quota Q4 200,000
 *   rep3: E 400,000 commit, expected Dec 20 (presales on its deal team); F 200,000 won Oct 20
 *                                                     quota Q4 400,000, and 100,000 counting toward East
 */

let ctx: TestContext;
let org: SeededOrg;
type Who = keyof SeededOrg['users'];
type Row = Record<string, unknown> & { key: string | null };
const as = (who: Who, o: SeededOrg = org) => api(ctx, o.users[who].token);
const rowsOf = (body: Record<string, unknown>) => body.rows as Row[];

async function newDeal(who: 'rep' | 'rep2' | 'rep3', body: Record<string, unknown>, o = org) {
  const c = as(who, o);
  const account = await c.post('/api/v1/accounts', { name: `Acc ${Math.random().toString(36).slice(2, 8)}` });
  const res = await c.post('/api/v1/opportunities', { name: 'Deal', accountId: account.body.id, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function win(id: string, closedAt: string, o = org) {
  const admin = as('admin', o);
  const version = (await admin.get(`/api/v1/opportunities/${id}`)).body.version as number;
  const res = await admin.patch(
    `/api/v1/opportunities/${id}`,
    { status: 'won', closedAt },
    { 'if-match': `"${version}"` },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function quota(body: Record<string, unknown>) {
  const res = await as('admin').post('/api/v1/quotas', {
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Scope Co');
  await newDeal('rep', { amount: 100000, expectedCloseDate: '2026-12-10', forecastCategory: 'commit' });
  await win(await newDeal('rep2', { amount: 300000, expectedCloseDate: '2026-11-15' }), '2026-11-15');
  await newDeal('rep3', {
    amount: 400000,
    expectedCloseDate: '2026-12-20',
    forecastCategory: 'commit',
    members: [{ userId: org.users.presales.id }],
  });
  await win(await newDeal('rep3', { amount: 200000, expectedCloseDate: '2026-10-20' }), '2026-10-20');
  await quota({ userId: org.users.rep.id, amount: 600000 });
  await quota({ userId: org.users.rep2.id, amount: 200000 });
  await quota({ userId: org.users.rep3.id, amount: 400000 });
  await quota({ userId: org.users.rep3.id, teamId: org.teams.east, amount: 100000 });
});
afterAll(() => ctx.close());

const COVERAGE = '/api/v1/analytics/coverage?period=2026-Q4&groupBy=team';
const ATTAINMENT = '/api/v1/quotas/attainment?period=2026-Q4&groupBy=team';
const FORECAST = '/api/v1/forecast?period=2026-Q4&groupBy=team';

/** The team rows of a read, by team id. */
async function teamRows(who: Who, url: string): Promise<Map<string | null, Row>> {
  const res = await as(who).get(url);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return new Map(rowsOf(res.body).map((r) => [r.key, r]));
}

/** A forecast row without its latest call, which follows who may see the call, not the team. */
const figuresOf = (r: Row | undefined) => {
  if (!r) return r;
  const { submission: _, ...rest } = r;
  return rest;
};

describe('team roll-ups by visibility', () => {
  it('show admins every team with the whole team’s figures', async () => {
    const coverage = await teamRows('admin', COVERAGE);
    expect(coverage.get(org.teams.national)).toMatchObject({
      quota: 1300000,
      won: 500000,
      openPipeline: 500000,
      attainment: 500000 / 1300000,
    });
    // Left to win, person by person: rep 600,000 (nothing won), rep2 none (300,000 won of 200,000: the
    // excess covers no one else), rep3's 100,000 toward East from North: East's row counts no North wins.
    expect(coverage.get(org.teams.east)).toMatchObject({
      quota: 900000,
      won: 300000,
      openPipeline: 100000,
      remainingQuota: 700000,
    });
    expect(coverage.get(org.teams.north)).toMatchObject({ quota: 400000, won: 200000, openPipeline: 400000 });
    const forecast = await teamRows('admin', FORECAST);
    expect(forecast.get(org.teams.national)).toMatchObject({ commit: 500000, closed: 500000 });
    expect(forecast.get(org.teams.east)).toMatchObject({ commit: 100000, closed: 300000 });
  });

  it('show a manager their team, as the admin sees it, and not the parent team they see a part of', async () => {
    for (const url of [COVERAGE, ATTAINMENT]) {
      const admin = await teamRows('admin', url);
      const manager = await teamRows('manager', url);
      expect([...manager.keys()], url).toEqual([org.teams.east]);
      expect(manager.get(org.teams.east), url).toEqual(admin.get(org.teams.east));
    }
    const admin = await teamRows('admin', FORECAST);
    const manager = await teamRows('manager', FORECAST);
    expect([...manager.keys()]).toEqual([org.teams.east]);
    expect(figuresOf(manager.get(org.teams.east))).toEqual(figuresOf(admin.get(org.teams.east)));
  });

  it('show the manager of the parent team every team below it, with the same figures', async () => {
    for (const url of [COVERAGE, FORECAST]) {
      const admin = await teamRows('admin', url);
      const vp = await teamRows('vp', url);
      expect([...vp.keys()].sort(), url).toEqual(
        [org.teams.national, org.teams.east, org.teams.north].sort(),
      );
      for (const [key, row] of vp) expect(figuresOf(row), url).toEqual(figuresOf(admin.get(key)));
    }
  });

  it('show reps no team row, while their own figures and total stay', async () => {
    const coverage = await as('rep').get(COVERAGE);
    expect(rowsOf(coverage.body)).toEqual([]);
    expect(coverage.body.total).toMatchObject({ quota: 600000, won: 0, openPipeline: 100000 });
    const forecast = await as('rep').get(FORECAST);
    expect(rowsOf(forecast.body)).toEqual([]);
    expect(forecast.body.total).toMatchObject({ commit: 100000, closed: 0 });
    const owners = await as('rep').get('/api/v1/analytics/coverage?period=2026-Q4&groupBy=owner');
    expect(rowsOf(owners.body).map((r) => r.key)).toEqual([org.users.rep.id]);
  });

  it('show no team to someone named its manager whose scope is only themselves', async () => {
    // presales sees E through its deal team; as North's manager_id it "manages" North, but its scope is
    // still itself, so a North row would hold E without F.
    await ctx.db.pool.query('UPDATE teams SET manager_id = $1 WHERE id = $2', [
      org.users.presales.id,
      org.teams.north,
    ]);
    try {
      expect((await teamRows('presales', COVERAGE)).size).toBe(0);
      expect((await teamRows('presales', FORECAST)).size).toBe(0);
      const owners = await as('presales').get('/api/v1/forecast?period=2026-Q4&groupBy=owner');
      expect(rowsOf(owners.body)).toEqual([
        expect.objectContaining({ key: org.users.rep3.id, commit: 400000, closed: 0 }),
      ]);
    } finally {
      await ctx.db.pool.query('UPDATE teams SET manager_id = NULL WHERE id = $1', [org.teams.north]);
    }
  });
});

/**
 * Accuracy, on an organization of its own, relative to today: last month is over, this one is not.
 *   rep: last month  P 300,000 won; Q 500,000 commit expected in it, still open (it slipped)
 *        this month  R 100,000 won today; S 400,000 commit expected on the 28th
 * A snapshot taken on the 2nd of last month and one this week (each holds the figures as they are now).
 */
describe('forecast accuracy by period', () => {
  let acc: SeededOrg;
  const today = new Date().toISOString().slice(0, 10);
  const cur = today.slice(0, 7);
  const prev = addMonths(cur, -1);
  const accuracy = async (query: string) => {
    const res = await as('admin', acc).get(`/api/v1/forecast/accuracy?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    acc = await seedOrg(ctx, 'Accuracy Co');
    await win(
      await newDeal('rep', { amount: 300000, expectedCloseDate: `${prev}-10` }, acc),
      `${prev}-10`,
      acc,
    );
    await newDeal(
      'rep',
      { amount: 500000, expectedCloseDate: `${prev}-20`, forecastCategory: 'commit' },
      acc,
    );
    await win(await newDeal('rep', { amount: 100000, expectedCloseDate: today }, acc), today, acc);
    await newDeal('rep', { amount: 400000, expectedCloseDate: `${cur}-28`, forecastCategory: 'commit' }, acc);
    await takeForecastSnapshot({ db: ctx.db.db, orgId: acc.orgId, now: new Date(`${prev}-02T10:00:00Z`) });
    await takeForecastSnapshot({ db: ctx.db.db, orgId: acc.orgId, now: new Date() });
  });

  it('scores an ended period within 0..1: 1 − |forecast − actual| ÷ the larger of the two', async () => {
    const body = await accuracy(`period=${prev}`);
    expect(body).toMatchObject({ kind: 'month', from: prev, to: prev });
    const rows = rowsOf(body);
    expect(rows.map((r) => r.period)).toEqual([prev]);
    expect(rows[0]).toMatchObject({ ended: true, actualWon: 300000, start: `${prev}-01` });
    const [snap] = rows[0]!.snapshots as Row[];
    // 800,000 called against 300,000 won: 0.375 (against the actual alone it was 1 − 500/300 = −67%).
    expect(snap).toMatchObject({ commit: 500000, closed: 300000, commitError: 500000 });
    expect(snap!.commitAccuracy).toBeCloseTo(0.375, 9);
    const weighted = snap!.weighted as number;
    expect(weighted).toBeGreaterThan(300000);
    expect(snap!.weightedError).toBeCloseTo(weighted - 300000, 6);
    expect(snap!.weightedAccuracy).toBeCloseTo(1 - (weighted - 300000) / weighted, 9);
  });

  it('scores nothing in a period that has not ended, and says what was won so far', async () => {
    const rows = rowsOf(await accuracy(`period=${cur}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ period: cur, ended: false, actualWon: 100000 });
    const snaps = rows[0]!.snapshots as Row[];
    expect(snaps.length).toBeGreaterThanOrEqual(1);
    for (const s of snaps)
      expect(s).toMatchObject({
        commitError: null,
        commitAccuracy: null,
        weightedError: null,
        weightedAccuracy: null,
      });
    const quarter = await accuracy(`period=${quarterOf(cur)}`);
    expect(quarter.kind).toBe('quarter');
    expect(rowsOf(quarter).map((r) => [r.period, r.ended])).toEqual([[quarterOf(cur), false]]);
  });

  it('answers one period or a range, not both', async () => {
    const range = rowsOf(await accuracy(`kind=month&from=${prev}&to=${cur}`));
    expect(range.map((r) => [r.period, r.ended])).toEqual([
      [prev, true],
      [cur, false],
    ]);
    const both = await as('admin', acc).get(`/api/v1/forecast/accuracy?period=${cur}&from=${prev}`);
    expect(both.status).toBe(422);
    // A period without snapshots has no row, whatever the default range holds.
    expect(rowsOf(await accuracy(`period=${addMonths(cur, -12)}`))).toEqual([]);
  });
});
