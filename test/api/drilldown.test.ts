import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedDealsDrill,
  type DrillQuery,
  funnelDrill,
  openDealsDrill,
  type PeriodFigure,
  periodDrill,
} from '../../src/core/analytics/drill.ts';
import { addMonths, quarterOf } from '../../src/core/analytics/periods.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * The drill-down: for every figure of the dashboards, the deal list with the filters the web app links to
 * (src/core/analytics/drill.ts) holds exactly the deals the figure counts — as every role sees it. The
 * data is small but mixed: two pipelines, products, skipped and backward stage moves, every outcome in
 * several months, forecast categories, a deal team reaching across regions, a deleted deal, and a team
 * below a team.
 */

let ctx: TestContext;
let org: SeededOrg;
type Who = keyof SeededOrg['users'];
type Row = Record<string, unknown>;
const as = (who: Who) => api(ctx, org.users[who].token);

const now = new Date();
const month = now.toISOString().slice(0, 7);
const FROM = addMonths(month, -5);
const RANGE = `from=${FROM}&to=${month}`;
/** A day of a month relative to this one; in this month never after today (closed dates are not in the future). */
const day = (n: number, d = 10) =>
  `${addMonths(month, n)}-${String(n === 0 ? Math.min(d, now.getUTCDate()) : d).padStart(2, '0')}`;
const future = (n: number) => `${addMonths(month, n)}-15`;

let stages: { id: string; position: number }[];
let otherPipeline: { id: string; stages: { id: string; position: number }[] };
let products: string[];
let westTeam: string;

async function version(id: string) {
  return `"${(await as('admin').get(`/api/v1/opportunities/${id}`)).body.version as number}"`;
}

async function deal(
  who: Who,
  body: Record<string, unknown>,
  then: { move?: number[]; close?: { status: string; closedAt: string }; pipeline?: 'other' } = {},
) {
  const c = as(who);
  const account = await c.post('/api/v1/accounts', { name: `Acc ${Math.random().toString(36).slice(2, 8)}` });
  const res = await c.post('/api/v1/opportunities', {
    name: `Deal ${Math.random().toString(36).slice(2, 6)}`,
    accountId: account.body.id,
    ...(then.pipeline ? { pipelineId: otherPipeline.id } : {}),
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  const path = then.pipeline ? otherPipeline.stages : stages;
  for (const position of then.move ?? []) {
    const moved = await as('admin').post(`/api/v1/opportunities/${id}/move`, {
      stageId: path.find((s) => s.position === position)!.id,
      override: true,
      reason: 'test',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }
  if (then.close) {
    const closed = await as('admin').patch(
      `/api/v1/opportunities/${id}`,
      { ...then.close, ...(then.close.status !== 'won' ? { closeReason: 'test' } : {}) },
      { 'if-match': await version(id) },
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  }
  return id;
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Drill Co');
  const admin = as('admin');
  stages = ((await admin.get('/api/v1/pipelines')).body.items![0]!.stages as typeof stages).sort(
    (a, b) => a.position - b.position,
  );
  const other = await admin.post('/api/v1/pipelines/from-template', {
    template: 'transactional',
    name: 'Quick sale',
  });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  otherPipeline = other.body as typeof otherPipeline;
  products = [];
  for (const name of ['Platform', 'Services']) {
    const p = await admin.post('/api/v1/products', { name, listPrice: 1000, currency: 'CNY' });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    products.push(p.body.id as string);
  }
  // A team below East, with rep2 moved into it: roll-ups count it under East and National.
  const west = await admin.post('/api/v1/teams', { name: 'East-West', parentId: org.teams.east });
  westTeam = west.body.id as string;
  const rep2 = await admin.get(`/api/v1/users/${org.users.rep2.id}`);
  const moved = await admin.patch(
    `/api/v1/users/${org.users.rep2.id}`,
    { teamId: westTeam },
    { 'if-match': `"${rep2.body.version as number}"` },
  );
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);

  const line = (i: number, quantity = 10) => ({ lineItems: [{ productId: products[i]!, quantity }] });
  // rep (East)
  await deal('rep', { amount: 100000 }, { move: [3], close: { status: 'won', closedAt: day(0, 2) } });
  await deal('rep', line(0, 50), { move: [2, 4], close: { status: 'lost', closedAt: day(-1) } });
  await deal(
    'rep',
    { amount: 70000, forecastCategory: 'commit', expectedCloseDate: future(0) },
    { move: [2] },
  );
  await deal('rep', { amount: 30000, forecastCategory: 'best_case', expectedCloseDate: future(1) });
  await deal('rep', { amount: 20000, forecastCategory: 'omitted', expectedCloseDate: future(0) });
  await deal('rep', { amount: 5000 }, { close: { status: 'no_decision', closedAt: day(-2) } });
  await deal('rep', { ...line(1, 4) }, { move: [2, 3, 1], close: { status: 'won', closedAt: day(-3) } });
  // rep2 (East-West)
  await deal('rep2', { ...line(0, 80) }, { move: [5], close: { status: 'won', closedAt: day(-1, 20) } });
  await deal(
    'rep2',
    { amount: 60000, forecastCategory: 'closed', expectedCloseDate: future(0) },
    { move: [6] },
  );
  await deal('rep2', { amount: 45000, forecastCategory: 'pipeline', expectedCloseDate: future(2) });
  await deal(
    'rep2',
    { amount: 15000 },
    { pipeline: 'other', move: [2], close: { status: 'lost', closedAt: day(0, 1) } },
  );
  // rep3 (North), with presales on the deal team of one deal
  await deal(
    'rep3',
    {
      amount: 400000,
      forecastCategory: 'commit',
      expectedCloseDate: future(1),
      members: [{ userId: org.users.presales.id }],
    },
    { move: [4] },
  );
  await deal('rep3', { ...line(1, 25), ...{} }, { close: { status: 'won', closedAt: day(-4) } });
  await deal(
    'rep3',
    { amount: 9000, forecastCategory: 'pipeline', expectedCloseDate: future(0) },
    { pipeline: 'other' },
  );
  // vp (National, no region)
  await deal('vp', { amount: 250000 }, { move: [7], close: { status: 'won', closedAt: day(-2, 5) } });
  await deal('vp', { amount: 12000, forecastCategory: 'best_case', expectedCloseDate: future(0) });
  // Deleted deals are in no figure and in no list.
  const gone = await deal('rep', { amount: 999999 }, { close: { status: 'won', closedAt: day(0, 1) } });
  expect((await admin.del(`/api/v1/opportunities/${gone}`, { 'if-match': await version(gone) })).status).toBe(
    204,
  );
  // Quotas, so coverage and attainment rows exist for people without deals in the period too.
  for (const who of ['rep', 'rep2', 'rep3'] as const)
    expect(
      (
        await admin.post('/api/v1/quotas', {
          userId: org.users[who].id,
          periodStart: `${month}-01`,
          periodEnd: `${addMonths(month, 2)}-28`,
          amount: 500000,
        })
      ).status,
    ).toBe(201);
});
afterAll(() => ctx.close());

/** Every deal the list gives for a drill-down, as `who`, following the cursor. */
async function listed(who: Who, q: DrillQuery): Promise<{ id: string; amount: number }[]> {
  const out: { id: string; amount: number }[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...q, limit: '500', ...(cursor ? { cursor } : {}) });
    const res = await as(who).get(`/api/v1/opportunities?${params}`);
    expect(res.status, `${params}: ${JSON.stringify(res.body)}`).toBe(200);
    out.push(...(res.body.items as { id: string; amount: number }[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return out;
}

const sum = (deals: { amount: number }[]) => deals.reduce((s, d) => s + Number(d.amount), 0);
const ROLES: Who[] = ['admin', 'vp', 'manager', 'rep', 'rep2', 'presales'];

describe('drill-down filters', () => {
  it('select owners of a team, of a team subtree, deals with a product and deals that reached a stage', async () => {
    const owners = async (q: DrillQuery) =>
      new Set((await listed('admin', q)).map((d) => (d as unknown as { ownerId: string }).ownerId));
    expect(await owners({ ownerTeamId: org.teams.east })).toEqual(new Set([org.users.rep.id]));
    expect(await owners({ ownerTeamTreeId: org.teams.east })).toEqual(
      new Set([org.users.rep.id, org.users.rep2.id]),
    );
    expect(await owners({ ownerTeamTreeId: org.teams.national })).toEqual(
      new Set([org.users.rep.id, org.users.rep2.id, org.users.rep3.id, org.users.vp.id]),
    );
    expect(await owners({ ownerTeamId: org.teams.national })).toEqual(new Set([org.users.vp.id]));
    expect((await listed('admin', { productId: products[0]! })).length).toBe(2);
    expect((await listed('admin', { productId: products.join(',') })).length).toBe(4);
    // Reached stage 4 of the default pipeline: moved to 4, 5, 6 or 7 (not the deal moved 2 → 3 → back to 1).
    expect((await listed('admin', { reachedStageId: stages[3]!.id })).length).toBe(5);
    expect((await listed('admin', { reachedStageId: stages[2]!.id })).length).toBe(7);
    expect((await listed('admin', { reachedStageId: otherPipeline.stages[0]!.id })).length).toBe(2);
    // Visibility still applies: the East manager sees East's part of the subtree of National.
    const mine = new Set(
      (await listed('manager', { ownerTeamTreeId: org.teams.national })).map(
        (d) => (d as unknown as { ownerId: string }).ownerId,
      ),
    );
    expect(mine).toEqual(new Set([org.users.rep.id, org.users.rep2.id]));
  });

  it('refuse malformed ids naming the parameter', async () => {
    const res = await as('admin').get('/api/v1/opportunities?reachedStageId=nope');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('reachedStageId');
    expect((await as('admin').get('/api/v1/opportunities?ownerTeamTreeId=')).status).toBe(400);
  });
});

describe('every figure opens the deals behind it', () => {
  it('win rates: won, lost and no decision of each row, by every grouping, for every role', async () => {
    let checked = 0;
    for (const who of ROLES)
      for (const groupBy of ['owner', 'team', 'pipeline', 'product', 'month'] as const) {
        const res = await as(who).get(`/api/v1/analytics/win-rates?groupBy=${groupBy}&${RANGE}`);
        expect(res.status).toBe(200);
        for (const row of res.body.rows as Row[]) {
          const base = { groupBy, key: row.key as string | null, from: FROM, to: month };
          const all = closedDealsDrill(base);
          if (!all) {
            expect(row.key).toBeNull();
            continue;
          }
          const deals = await listed(who, all);
          const label = `${who} ${groupBy} ${row.label}`;
          expect(deals.length, label).toBe(
            (row.won as number) + (row.lost as number) + (row.noDecision as number),
          );
          const won = await listed(who, closedDealsDrill({ ...base, outcomes: ['won'] })!);
          expect(won.length, label).toBe(row.won);
          if (groupBy !== 'product') expect(sum(won), label).toBeCloseTo(row.wonAmount as number, 2);
          expect((await listed(who, closedDealsDrill({ ...base, outcomes: ['lost'] })!)).length, label).toBe(
            row.lost,
          );
          checked++;
        }
        const total = res.body.total as Row;
        const all = await listed(
          who,
          closedDealsDrill({ groupBy: 'none', key: null, from: FROM, to: month })!,
        );
        if (groupBy !== 'product')
          expect(all.length, `${who} total`).toBe(
            (total.won as number) + (total.lost as number) + (total.noDecision as number),
          );
      }
    expect(checked).toBeGreaterThan(40);
  });

  it('win rates of one pipeline, and cycle time (won deals) per owner', async () => {
    for (const who of ['admin', 'manager'] as const) {
      const res = await as(who).get(
        `/api/v1/analytics/win-rates?groupBy=owner&${RANGE}&pipelineId=${otherPipeline.id}`,
      );
      const rows = res.body.rows as Row[];
      expect(rows.length).toBe(1);
      const deals = await listed(
        who,
        closedDealsDrill({
          groupBy: 'owner',
          key: rows[0]!.key as string,
          from: FROM,
          to: month,
          pipelineId: otherPipeline.id,
        })!,
      );
      expect(deals.length).toBe(1);
      const cycle = await as(who).get(`/api/v1/analytics/cycle-time?groupBy=owner&${RANGE}`);
      for (const row of cycle.body.rows as Row[]) {
        const won = await listed(
          who,
          closedDealsDrill({
            groupBy: 'owner',
            key: row.key as string,
            from: FROM,
            to: month,
            outcomes: ['won'],
          })!,
        );
        expect(won.length).toBe(row.won);
      }
    }
  });

  it('funnel: deals that reached each stage, and of those won and closed', async () => {
    let checked = 0;
    for (const who of ROLES)
      for (const pipeline of [stages, otherPipeline.stages]) {
        const pid = pipeline === stages ? '' : `&pipeline=${otherPipeline.id}`;
        const res = await as(who).get(`/api/v1/analytics/funnel?${RANGE}${pid}`);
        expect(res.status).toBe(200);
        for (const s of res.body.stages as Row[]) {
          const q = { stageId: s.stageId as string, from: FROM, to: month };
          expect((await listed(who, funnelDrill(q))).length, `${who} reached ${s.nameEn}`).toBe(s.reached);
          expect((await listed(who, funnelDrill({ ...q, outcome: 'won' }))).length).toBe(s.won);
          expect((await listed(who, funnelDrill({ ...q, outcome: 'closed' }))).length).toBe(s.closed);
          if ((s.reached as number) > 0) checked++;
        }
      }
    expect(checked).toBeGreaterThan(30);
  });

  it('velocity: the open deals and amount of each row', async () => {
    for (const who of ROLES)
      for (const groupBy of ['none', 'owner', 'team', 'pipeline'] as const) {
        const res = await as(who).get(`/api/v1/analytics/velocity?groupBy=${groupBy}&${RANGE}`);
        const rows =
          groupBy === 'none' ? [{ key: null, ...(res.body.total as Row) }] : (res.body.rows as Row[]);
        for (const row of rows) {
          const q = openDealsDrill({ groupBy, key: row.key as string | null });
          if (!q) continue;
          const deals = await listed(who, q);
          expect(deals.length, `${who} ${groupBy} ${row.label}`).toBe(row.openDeals);
          expect(sum(deals)).toBeCloseTo(row.openAmount as number, 2);
        }
      }
  });

  it('forecast: deals, categories and won of each owner and rolled-up team row', async () => {
    let checked = 0;
    for (const period of [month, quarterOf(month), quarterOf(addMonths(month, 3))])
      for (const who of ROLES)
        for (const groupBy of ['owner', 'team'] as const) {
          const res = await as(who).get(`/api/v1/forecast?period=${period}&groupBy=${groupBy}`);
          expect(res.status).toBe(200);
          const rows = [...(res.body.rows as Row[]), { key: null, total: true, ...(res.body.total as Row) }];
          for (const row of rows) {
            const drill = (figure: PeriodFigure) =>
              periodDrill({
                period,
                groupBy: row.total ? 'none' : groupBy,
                key: row.key as string | null,
                figure,
              });
            const label = `${who} ${period} ${groupBy} ${row.label ?? 'total'}`;
            const open = await listed(who, drill('open')!);
            expect(open.length, label).toBe(row.deals);
            const figures: [PeriodFigure, string][] = [
              ['pipeline', 'pipeline'],
              ['best_case', 'bestCase'],
              ['commit', 'commit'],
              ['won', 'closed'],
            ];
            for (const [figure, field] of figures)
              expect(sum(await listed(who, drill(figure)!)), `${label} ${field}`).toBeCloseTo(
                row[field] as number,
                2,
              );
            checked++;
          }
        }
    expect(checked).toBeGreaterThan(40);
  });

  it('quotas and coverage: won and open pipeline of each row', async () => {
    for (const period of [month, quarterOf(month)])
      for (const who of ROLES)
        for (const groupBy of ['owner', 'team'] as const) {
          const res = await as(who).get(`/api/v1/quotas/attainment?period=${period}&groupBy=${groupBy}`);
          expect(res.status).toBe(200);
          const cov = await as(who).get(`/api/v1/analytics/coverage?period=${period}&groupBy=${groupBy}`);
          expect(cov.body.rows).toEqual(res.body.rows);
          for (const row of [
            ...(res.body.rows as Row[]),
            { key: null, total: true, ...(res.body.total as Row) },
          ]) {
            const drill = (figure: PeriodFigure) =>
              periodDrill({
                period,
                groupBy: row.total ? 'none' : groupBy,
                key: row.key as string | null,
                figure,
              })!;
            const label = `${who} ${period} ${groupBy} ${row.label ?? 'total'}`;
            expect(sum(await listed(who, drill('won'))), label).toBeCloseTo(row.won as number, 2);
            expect(sum(await listed(who, drill('open'))), label).toBeCloseTo(row.openPipeline as number, 2);
          }
        }
  });
});
