import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsScope,
  type GroupBy,
  NO_PRODUCT,
  type VelocityGroupBy,
} from '../../src/core/analytics/model.ts';
import { parsePeriod } from '../../src/core/analytics/periods.ts';
import { type QuotaPeriod, quotasOverlap, sameQuotaSubject } from '../../src/core/analytics/quota-overlap.ts';
import {
  type AnalyticsData,
  cycleTimeRef,
  firstMonthRef,
  forecastRef,
  funnelRef,
  quotaRef,
  type RefDeal,
  stageConversionsRef,
  timeInStageRef,
  velocityRef,
  winRatesRef,
} from '../../src/core/analytics/reference.ts';
import { type Rng, rng } from '../../src/core/random.ts';
import { loadActor } from '../../src/server/auth/actor.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Every analytic is computed twice: by the API (from the summary tables the triggers maintain) and by the
 * plain reference implementation in src/core (from the raw records). On random organizations — deals
 * written straight into the tables, then moved, closed, reopened, reassigned, re-priced, deleted and
 * restored through the API — the two must agree for every role's view, and a rebuild from scratch must
 * leave the summaries exactly as the incremental maintenance did.
 */

let ctx: TestContext;
let org: SeededOrg;
let accountId: string;
let pipelines: { id: string; stages: { id: string; position: number }[] }[];
let productIds: string[];
/** Rows of deals without a product compared (win rates and cycle time by product). */
let noProductRows = 0;
/** Funnel and time-in-stage rows of retired stages compared. */
let retiredRows = 0;

const WHO = ['admin', 'vp', 'manager', 'rep', 'rep3', 'presales'] as const;
type Who = (typeof WHO)[number];
const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
const q = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await ctx.db.pool.query<T>(text, params)).rows;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Analytics Property Co');
  const admin = as('admin');
  accountId = (await admin.post('/api/v1/accounts', { name: 'Property Account' })).body.id as string;
  const second = await admin.post('/api/v1/pipelines/from-template', { template: 'transactional' });
  expect(second.status).toBe(201);
  productIds = [];
  for (const [name, listPrice] of [
    ['APS', 120000],
    ['MES', 80000],
    ['Energy', 45000.5],
  ] as const) {
    const p = await admin.post('/api/v1/products', { name, listPrice });
    productIds.push(p.body.id as string);
  }
  pipelines = [];
  for (const id of [org.pipelineId, second.body.id as string])
    pipelines.push({
      id,
      stages: await q<{ id: string; position: number }>(
        'SELECT id, position FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position',
        [id],
      ),
    });
});
afterAll(() => ctx.close());

const DAY = 86_400_000;
/** Stage paths end in the past: a move through the API closes the open stay now. */
const LATEST = Date.now() - 2 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const between = (r: Rng, from: string, to: string) =>
  Date.parse(from) + Math.floor(r.next() * (Date.parse(to) - Date.parse(from)));

/** A random organization's deals, stage paths, deal teams, products and quotas, written with SQL. */
async function writeWorld(r: Rng): Promise<void> {
  await q('DELETE FROM opportunities WHERE org_id = $1', [org.orgId]);
  await q('DELETE FROM quotas WHERE org_id = $1', [org.orgId]);
  // Every stage active while the API changes the deals (a retired one takes no moves): see retireSome.
  await q('UPDATE pipeline_stages SET retired_at = NULL WHERE org_id = $1', [org.orgId]);
  const people = WHO.map((w) => org.users[w].id).concat(org.users.rep2.id);
  const owners = [
    org.users.rep.id,
    org.users.rep.id,
    org.users.rep2.id,
    org.users.rep3.id,
    org.users.manager.id,
    org.users.vp.id,
    org.users.admin.id,
  ];
  const deals: unknown[][] = [];
  const periods: unknown[][] = [];
  const members: unknown[][] = [];
  const items: unknown[][] = [];
  const n = r.int(4, 28);
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const owner = r.pick(owners);
    const created = between(r, '2025-01-01', '2026-11-20');
    const final = r.pick(pipelines);
    const path: { pipelineId: string; stageId: string; at: number }[] = [];
    let t = created + r.int(0, 5) * DAY + r.int(0, 86_399_999);
    const legs = r.chance(0.12) ? [r.pick(pipelines), final] : [final];
    for (const leg of legs) {
      const moves = r.chance(0.1) ? 0 : r.int(1, 6);
      let pos = r.chance(0.7) ? 1 : r.int(1, leg.stages.length);
      for (let m = 0; m < moves && t < LATEST; m++) {
        path.push({ pipelineId: leg.id, stageId: leg.stages[pos - 1]!.id, at: t });
        t += r.int(1, 40 * 24) * 3_600_000 + r.int(0, 999);
        pos = r.chance(0.75) ? Math.min(leg.stages.length, pos + r.int(1, 2)) : r.int(1, leg.stages.length);
      }
    }
    const status = r.pick(['open', 'open', 'open', 'won', 'lost', 'no_decision'] as const);
    const closeAt = Math.min(t + r.int(0, 10) * DAY, Date.now() - DAY);
    path.forEach((p, k) => {
      const next = path[k + 1];
      const left = next ? next.at : status === 'open' ? null : closeAt;
      periods.push([org.orgId, id, p.pipelineId, p.stageId, iso(p.at), left === null ? null : iso(left)]);
    });
    const inFinal = path.filter((p) => p.pipelineId === final.id);
    const stageId = inFinal.length ? inFinal[inFinal.length - 1]!.stageId : r.pick(final.stages).id;
    const category =
      status === 'open'
        ? r.pick(['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const)
        : r.chance(0.8)
          ? status === 'won'
            ? 'closed'
            : 'omitted'
          : r.pick(['pipeline', 'commit'] as const);
    const amount = r.chance(0.3) ? r.int(0, 50_000_000) / 100 : r.int(0, 5_000) * 1000;
    const expected = r.chance(0.85) ? iso(between(r, '2026-06-01', '2027-03-31')).slice(0, 10) : null;
    // Inside the 30-day recycle bin whatever day the suite runs, so the API can restore it.
    const deleted = r.chance(0.08) ? iso(Date.now() - 3 * 86_400_000) : null;
    deals.push([
      id,
      org.orgId,
      `Deal ${i}`,
      accountId,
      owner,
      amount,
      expected,
      status,
      status === 'open' ? null : 'reason',
      status === 'open' ? null : iso(closeAt).slice(0, 10),
      category,
      final.id,
      stageId,
      iso(created),
      deleted,
    ]);
    for (const u of people) if (u !== owner && r.chance(0.12)) members.push([org.orgId, id, u]);
    for (const p of productIds)
      if (r.chance(0.3)) items.push([org.orgId, id, p, r.int(1, 3), r.int(1, 9) * 1000]);
  }
  const insert = async (table: string, cols: string[], rows: unknown[][], casts: string[] = []) => {
    if (!rows.length) return;
    const params: unknown[] = [];
    const tuples = rows.map(
      (row) =>
        `(${row.map((v, i) => {
          params.push(v);
          return `$${params.length}${casts[i] ? `::${casts[i]}` : ''}`;
        })})`,
    );
    await q(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  };
  await insert(
    'opportunities',
    [
      'id',
      'org_id',
      'name',
      'account_id',
      'owner_id',
      'amount',
      'expected_close_date',
      'status',
      'close_reason',
      'closed_at',
      'forecast_category',
      'pipeline_id',
      'stage_id',
      'created_at',
      'deleted_at',
    ],
    deals,
    [
      '',
      '',
      '',
      '',
      '',
      '',
      'date',
      'opportunity_status',
      '',
      'date',
      'forecast_category',
      '',
      '',
      'timestamptz',
      'timestamptz',
    ],
  );
  // Periods in two statements: most at once, the rest one by one (single-row refreshes too).
  const split = Math.floor(periods.length * 0.7);
  await insert(
    'stage_periods',
    ['org_id', 'opportunity_id', 'pipeline_id', 'stage_id', 'entered_at', 'left_at'],
    periods.slice(0, split),
    ['', '', '', '', 'timestamptz', 'timestamptz'],
  );
  for (const p of periods.slice(split))
    await insert(
      'stage_periods',
      ['org_id', 'opportunity_id', 'pipeline_id', 'stage_id', 'entered_at', 'left_at'],
      [p],
      ['', '', '', '', 'timestamptz', 'timestamptz'],
    );
  await insert('opportunity_members', ['org_id', 'opportunity_id', 'user_id'], members);
  await insert(
    'opportunity_line_items',
    ['org_id', 'opportunity_id', 'product_id', 'quantity', 'unit_price'],
    items,
  );

  // Up to three quotas per person and two per team, as the API takes them: one that overlaps a quota kept
  // before for the same subject (the rule of src/core, which the API and the database enforce) is left
  // out, so a subject's adjacent quotas (November, then December) meet in the roll-ups.
  const quotas: unknown[][] = [];
  const kept: QuotaPeriod[] = [];
  const offer = (quota: QuotaPeriod, amount: number) => {
    if (kept.some((k) => quotasOverlap(k, quota))) return;
    kept.push(quota);
    quotas.push([org.orgId, quota.userId, quota.teamId, quota.periodStart, quota.periodEnd, amount]);
  };
  for (const u of people)
    if (r.chance(0.6))
      for (let k = r.int(1, 3); k > 0; k--) {
        const start = r.pick(['2026-10-01', '2026-11-01', '2026-12-01', '2026-07-01', '2027-01-01']);
        const end = r.pick(['2026-10-31', '2026-11-30', '2026-12-31', '2027-03-31']);
        // Some count toward another team than the person's own.
        const team = r.chance(0.25) ? r.pick([org.teams.east, org.teams.north, org.teams.national]) : null;
        if (end >= start)
          offer({ userId: u, teamId: team, periodStart: start, periodEnd: end }, r.int(1, 80) * 100_000);
      }
  for (const team of [org.teams.east, org.teams.national])
    if (r.chance(0.5))
      for (let k = r.int(1, 2); k > 0; k--) {
        const [start, end] = r.pick([
          ['2026-10-01', '2026-12-31'],
          ['2026-11-01', '2026-11-30'],
          ['2026-12-01', '2026-12-31'],
          ['2027-01-01', '2027-03-31'],
        ] as const);
        offer({ userId: null, teamId: team, periodStart: start, periodEnd: end }, r.int(1, 200) * 100_000);
      }
  await insert('quotas', ['org_id', 'user_id', 'team_id', 'period_start', 'period_end', 'amount'], quotas, [
    '',
    '',
    '',
    'date',
    'date',
    '',
  ]);
}

async function version(id: string): Promise<string> {
  const [row] = await q<{ version: number }>('SELECT version FROM opportunities WHERE id = $1', [id]);
  return `"${row!.version}"`;
}

/** Changes through the API: the write paths the application itself uses. */
async function mutate(r: Rng): Promise<void> {
  const admin = as('admin');
  const live = await q<{
    id: string;
    status: string;
    pipeline_id: string;
    stage_id: string;
    owner_id: string;
    deleted: boolean;
  }>(
    'SELECT id, status, pipeline_id, stage_id, owner_id, deleted_at IS NOT NULL AS deleted FROM opportunities WHERE org_id = $1 ORDER BY id',
    [org.orgId],
  );
  for (let k = r.int(0, 6); k > 0 && live.length; k--) {
    const d = r.pick(live);
    const url = `/api/v1/opportunities/${d.id}`;
    if (d.deleted) {
      expect((await admin.post(`${url}/restore`)).status).toBe(200);
      d.deleted = false;
      continue;
    }
    const op = r.int(0, 6);
    if (op === 0 && d.status === 'open') {
      const stages = pipelines.find((p) => p.id === d.pipeline_id)!.stages.filter((s) => s.id !== d.stage_id);
      const target = r.pick(stages);
      const res = await admin.post(`${url}/move`, {
        stageId: target.id,
        reason: 'property test',
        override: true,
      });
      // An override is never the owner's own (move.service.ts canOverride): over an unmet gate, the admin's
      // own deal stays where it was.
      if (d.owner_id === org.users.admin.id && res.status === 403) {
        expect(res.body.code).toBe('override_not_allowed');
        continue;
      }
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      d.stage_id = target.id;
    } else if (op === 1) {
      const status = d.status === 'open' ? r.pick(['won', 'lost', 'no_decision']) : 'open';
      const res = await admin.patch(
        url,
        { status, closeReason: 'because' },
        { 'if-match': await version(d.id) },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      d.status = status;
    } else if (op === 2) {
      const ownerId = r.pick([
        org.users.rep.id,
        org.users.rep3.id,
        org.users.manager.id,
        org.users.presales.id,
      ]);
      expect((await admin.patch(url, { ownerId }, { 'if-match': await version(d.id) })).status).toBe(200);
      d.owner_id = ownerId;
    } else if (op === 3) {
      const res = await admin.patch(
        url,
        {
          amount: r.int(1, 900) * 1000,
          expectedCloseDate: r.pick(['2026-11-30', '2026-12-15', '2027-02-01', null]),
          forecastCategory: r.pick(['pipeline', 'best_case', 'commit', 'omitted']),
        },
        { 'if-match': await version(d.id) },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    } else if (op === 4) {
      const lineItems = productIds
        .filter(() => r.chance(0.5))
        .map((productId) => ({ productId, quantity: 1 }));
      expect((await admin.patch(url, { lineItems }, { 'if-match': await version(d.id) })).status).toBe(200);
    } else if (op === 5) {
      expect((await admin.del(url, { 'if-match': await version(d.id) })).status).toBe(204);
      d.deleted = true;
    } else {
      // A funnel redesign: two stages of the second pipeline change places (recomputed at commit).
      const p = pipelines[1]!;
      const [a, b] = [r.pick(p.stages), r.pick(p.stages)];
      if (a.id === b.id) continue;
      const client = await ctx.db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('UPDATE pipeline_stages SET position = position + 1000 WHERE pipeline_id = $1', [
          p.id,
        ]);
        await client.query(
          `UPDATE pipeline_stages SET position = CASE id WHEN $2::uuid THEN $3::int WHEN $4::uuid THEN $5::int ELSE position - 1000 END
            WHERE pipeline_id = $1`,
          [p.id, a.id, b.position, b.id, a.position],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      [a.position, b.position] = [b.position, a.position];
      p.stages.sort((x, y) => x.position - y.position);
    }
  }
}

/**
 * Retires a stage of some pipelines, written straight into the table: retiring changes no figure (the
 * history in the stage still counts), the answers only say which stages are retired.
 */
async function retireSome(r: Rng): Promise<void> {
  for (const p of pipelines)
    if (r.chance(0.6))
      await q('UPDATE pipeline_stages SET retired_at = $2::timestamptz WHERE id = $1', [
        r.pick(p.stages).id,
        iso(between(r, '2026-01-01', '2026-11-01') + r.int(0, 999)),
      ]);
}

const TS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

async function loadData(): Promise<AnalyticsData> {
  const deals = await q<RefDeal & Record<string, unknown>>(
    `SELECT o.id, o.owner_id AS "ownerId", o.pipeline_id AS "pipelineId", o.stage_id AS "stageId", o.status,
            o.amount::float8 AS amount, to_char(o.created_at AT TIME ZONE 'UTC', ${TS}) AS "createdAt",
            o.closed_at::text AS "closedAt", o.expected_close_date::text AS "expectedCloseDate",
            o.forecast_category AS "forecastCategory",
            coalesce((SELECT array_agg(m.user_id::text) FROM opportunity_members m WHERE m.opportunity_id = o.id), '{}') AS "memberIds",
            coalesce((SELECT array_agg(li.product_id::text) FROM opportunity_line_items li WHERE li.opportunity_id = o.id), '{}') AS "productIds"
       FROM opportunities o WHERE o.org_id = $1 AND o.deleted_at IS NULL`,
    [org.orgId],
  );
  const periods = await q(
    `SELECT opportunity_id AS "opportunityId", pipeline_id AS "pipelineId", stage_id AS "stageId",
            to_char(entered_at AT TIME ZONE 'UTC', ${TS}) AS "enteredAt", to_char(left_at AT TIME ZONE 'UTC', ${TS}) AS "leftAt"
       FROM stage_periods WHERE org_id = $1`,
    [org.orgId],
  );
  const stages = await q(
    `SELECT id, pipeline_id AS "pipelineId", position, probability, name_en AS "nameEn", name_zh AS "nameZh",
            expected_days AS "expectedDays", to_char(retired_at AT TIME ZONE 'UTC', ${TS}) AS "retiredAt"
       FROM pipeline_stages WHERE org_id = $1`,
    [org.orgId],
  );
  return {
    deals,
    periods: periods as AnalyticsData['periods'],
    stages: stages as AnalyticsData['stages'],
    users: (await q('SELECT id, name, team_id AS "teamId" FROM users WHERE org_id = $1', [
      org.orgId,
    ])) as AnalyticsData['users'],
    teams: (await q(
      'SELECT id, name, parent_id AS "parentId" FROM teams WHERE org_id = $1 AND deleted_at IS NULL',
      [org.orgId],
    )) as AnalyticsData['teams'],
    pipelines: (await q('SELECT id, name FROM pipelines WHERE org_id = $1', [
      org.orgId,
    ])) as AnalyticsData['pipelines'],
    products: (await q('SELECT id, name FROM products WHERE org_id = $1', [
      org.orgId,
    ])) as AnalyticsData['products'],
    quotas: (await q(
      `SELECT user_id AS "userId", team_id AS "teamId", period_start::text AS "periodStart",
              period_end::text AS "periodEnd", amount::float8 AS amount FROM quotas WHERE org_id = $1 AND deleted_at IS NULL`,
      [org.orgId],
    )) as AnalyticsData['quotas'],
  };
}

async function scopeOf(who: Who): Promise<AnalyticsScope> {
  const actor = (await loadActor(ctx.db.db, org.orgId, org.users[who].id))!;
  if (!actor.scopeUserIds) return { userIds: null, teamIds: null };
  const teams = await q<{ id: string; parent_id: string | null; manager_id: string | null }>(
    'SELECT id, parent_id, manager_id FROM teams WHERE org_id = $1 AND deleted_at IS NULL',
    [org.orgId],
  );
  const managed = new Set(teams.filter((t) => t.manager_id === actor.userId).map((t) => t.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams)
      if (t.parent_id && managed.has(t.parent_id) && !managed.has(t.id)) {
        managed.add(t.id);
        grew = true;
      }
  }
  return { userIds: actor.scopeUserIds, teamIds: [...managed] };
}

/** Deep equality with a tolerance for floating-point sums (the database sums exact decimals). */
function approx(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const ok = Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
    if (!ok) expect.fail(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      expect.fail(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
    expected.forEach((e, i) => {
      approx((actual as unknown[])[i], e, `${path}[${i}]`);
    });
    return;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object')
      expect.fail(`${path}: ${JSON.stringify(actual)} is not an object`);
    for (const [k, v] of Object.entries(expected))
      approx((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  if (actual !== expected) expect.fail(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
}

async function get(who: Who, url: string): Promise<Record<string, unknown>> {
  const res = await as(who).get(url);
  if (res.status !== 200) expect.fail(`${who} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function compareAll(data: AnalyticsData, seed: number): Promise<number> {
  let compared = 0;
  const full = { from: '2024-06', to: '2027-06' };
  for (const who of WHO) {
    const scope = await scopeOf(who);
    const check = async (
      url: string,
      expected: unknown,
      pick: (b: Record<string, unknown>) => unknown = (b) => b,
    ) => {
      approx(pick(await get(who, url)), expected, `seed ${seed} ${who} ${url}`);
      compared++;
    };
    const groupings: GroupBy[] = ['owner', 'team', 'pipeline', 'product', 'month'];
    for (const groupBy of groupings) {
      const winRates = winRatesRef(data, scope, { groupBy, ...full });
      const cycle = cycleTimeRef(data, scope, { groupBy, ...full });
      await check(`/api/v1/analytics/win-rates?groupBy=${groupBy}&from=${full.from}&to=${full.to}`, winRates);
      await check(`/api/v1/analytics/cycle-time?groupBy=${groupBy}&from=${full.from}&to=${full.to}`, cycle);
      if (groupBy === 'product') {
        noProductRows += winRates.rows.filter((r) => r.key === NO_PRODUCT).length;
        noProductRows += cycle.rows.filter((r) => r.key === NO_PRODUCT).length;
        // Every closed deal is in some product row (its products', or no product's).
        const inRows = winRates.rows.reduce((n, r) => n + r.won + r.lost + r.noDecision, 0);
        const { won, lost, noDecision } = winRates.total;
        expect(inRows).toBeGreaterThanOrEqual(won + lost + noDecision);
      }
    }
    await check('/api/v1/analytics/extent', { firstMonth: firstMonthRef(data, scope) });
    const p2 = pipelines[1]!.id;
    await check(
      `/api/v1/analytics/win-rates?groupBy=owner&from=2026-01&to=2026-11&pipelineId=${p2}`,
      winRatesRef(data, scope, { groupBy: 'owner', from: '2026-01', to: '2026-11', pipelineId: p2 }),
    );
    for (const [pipelineId, from, to] of [
      [org.pipelineId, full.from, full.to],
      [p2, full.from, full.to],
      [org.pipelineId, '2025-09', '2026-03'],
    ] as const) {
      const range = `pipeline=${pipelineId}&from=${from}&to=${to}`;
      // The rows carry retiredAt too: the API says which stages are retired, as the records do.
      const funnelRows = funnelRef(data, scope, { pipelineId, from, to });
      const timeRows = timeInStageRef(data, scope, { pipelineId, from, to });
      retiredRows += [...funnelRows, ...timeRows].filter((s) => s.retiredAt !== null).length;
      await check(`/api/v1/analytics/funnel?${range}`, funnelRows, (b) => b.stages);
      await check(`/api/v1/analytics/time-in-stage?${range}`, timeRows, (b) => b.stages);
    }
    for (const groupBy of ['none', 'owner', 'team', 'pipeline'] as VelocityGroupBy[])
      await check(
        `/api/v1/analytics/velocity?groupBy=${groupBy}&from=2025-06&to=2026-11`,
        velocityRef(data, scope, { groupBy, from: '2025-06', to: '2026-11' }),
      );
    const conversions = new Map(stageConversionsRef(data).map((c) => [c.stageId, c]));
    for (const period of ['2026-11', '2026-12', '2026-Q4', '2027-Q1'])
      for (const groupBy of ['owner', 'team'] as const) {
        const p = parsePeriod(period);
        const quotas = quotaRef(data, scope, { period: p, groupBy });
        // Left to win of the total is each person's own gap added up: an over-achiever never nets
        // another's shortfall away (the per-person rows add up to it), and it is never below the netted gap.
        const { total } = quotas;
        expect(total.remainingQuota).toBeGreaterThanOrEqual(Math.max(total.quota - total.won, 0) - 1e-6);
        if (groupBy === 'owner')
          expect(total.remainingQuota).toBeCloseTo(
            quotas.rows.reduce((s, r) => s + r.remainingQuota, 0),
            6,
          );
        await check(`/api/v1/analytics/coverage?period=${period}&groupBy=${groupBy}`, quotas);
        await check(`/api/v1/quotas/attainment?period=${period}&groupBy=${groupBy}`, quotas);
        const body = await get(who, `/api/v1/forecast?period=${period}&groupBy=${groupBy}`);
        approx(
          body.rows,
          forecastRef(data, scope, { period: p, groupBy }).rows,
          `seed ${seed} ${who} forecast ${period} ${groupBy}`,
        );
        approx(
          body.total,
          forecastRef(data, scope, { period: p, groupBy }).total,
          `seed ${seed} ${who} forecast total`,
        );
        for (const c of body.stageConversions as { stageId: string }[])
          approx(c, conversions.get(c.stageId), `seed ${seed} ${who} conversion ${c.stageId}`);
        compared++;
      }
  }
  return compared;
}

/** The summaries, without rows whose figures all cancelled out. */
async function summaries(): Promise<string> {
  const tables = {
    analytics_stage_summary:
      'reached <> 0 OR entered <> 0 OR stays <> 0 OR open_stays <> 0 OR stay_ms <> 0 OR reached_won <> 0 OR reached_closed <> 0',
    analytics_outcome_summary:
      'won <> 0 OR lost <> 0 OR no_decision <> 0 OR won_amount <> 0 OR lost_amount <> 0 OR no_decision_amount <> 0 OR won_cycle_days <> 0',
    analytics_cycle_summary: 'won <> 0',
    analytics_open_summary: 'deals <> 0 OR amount <> 0',
  };
  const out: unknown[] = [];
  for (const [table, nonZero] of Object.entries(tables))
    out.push(
      await q(`SELECT * FROM ${table} WHERE org_id = $1 AND (${nonZero}) ORDER BY 1, 2, 3, 4, 5, 6`, [
        org.orgId,
      ]),
    );
  out.push(await q('SELECT * FROM analytics_deals WHERE org_id = $1 ORDER BY opportunity_id', [org.orgId]));
  return JSON.stringify(out);
}

describe('analytics against the reference implementation', () => {
  it('agree on random organizations for every role, after SQL loads and API changes alike', async () => {
    let compared = 0;
    let deals = 0;
    /** Quotas compared beside another of the same subject (adjacent or apart in time). */
    let sharing = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const r = rng(seed);
        await writeWorld(r);
        await mutate(r);
        await retireSome(r);
        const data = await loadData();
        // The reference is given quotas as the rule leaves them: no two of a subject overlap.
        expect(
          data.quotas.filter((a, i) => data.quotas.some((b, j) => j > i && quotasOverlap(a, b))),
        ).toEqual([]);
        deals += data.deals.length;
        sharing += data.quotas.filter((a) =>
          data.quotas.some((b) => b !== a && sameQuotaSubject(a, b)),
        ).length;
        compared += await compareAll(data, seed);
        // Incremental maintenance leaves exactly what a rebuild from the raw rows computes.
        const incremental = await summaries();
        await q('SELECT winpath_analytics_rebuild($1)', [org.orgId]);
        expect(await summaries()).toBe(incremental);
      }),
      // 1803707455 moved an admin-owned deal over a gate, which only someone else may do (CI, stop 14).
      { numRuns: 12 },
    );
    expect(deals).toBeGreaterThan(50);
    expect(sharing).toBeGreaterThan(0);
    // Deals without a product were among those compared, in their own row.
    expect(noProductRows).toBeGreaterThan(0);
    // So were retired stages, with their retiredAt.
    expect(retiredRows).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(12 * WHO.length * 40);
  }, 300_000);
});
