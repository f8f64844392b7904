import { and, eq, sql } from 'drizzle-orm';
import { VERSION } from '../src/config.ts';
import { addMonths, parsePeriod, quarterOf } from '../src/core/analytics/periods.ts';
import { buildApp } from '../src/server/app.ts';
import { withIndexesDeferred } from '../src/server/db/bulk-load.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { users } from '../src/server/db/schema/index.ts';
import { rebuildAnalytics } from '../src/server/features/analytics/analytics.service.ts';
import { createToken } from '../src/server/features/auth/auth.service.ts';
import { generateLargeDemo } from '../src/server/features/demo/demo-large.service.ts';
import { takeForecastSnapshot } from '../src/server/features/forecast/forecast.service.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import { benchDatabase, table } from './lib.ts';

const DEALS = Number(process.env.BENCH_ANALYTICS_DEALS ?? 1_000_000);
const RUNS = 10;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * Pipeline science at a million deals (4 million stage changes, 3 million activities, the large demo):
 * each analytics endpoint's median over 10 calls through the whole HTTP stack, beside a naive single
 * SQL statement over the raw tables answering the same question, run in the same database.
 */
export async function analyticsBench(): Promise<void> {
  console.log(`\n## Pipeline science at ${DEALS.toLocaleString('en')} deals (median of ${RUNS} calls)`);
  const database = await benchDatabase();
  const db = openDatabase(database.url, { max: 6 });
  const now = new Date();
  const org = await createOrganization({
    db: db.db,
    name: 'Analytics Bench Co',
    adminEmail: 'bench@example.com',
    adminPassword: 'bench-password-1',
  });
  const orgId = org.organization.id;

  let t = performance.now();
  // The generator switches the per-statement summary maintenance off for its load and rebuilds the
  // summaries once at the end (the bulk path imports take too).
  const gen = await generateLargeDemo({
    db: db.db,
    orgId,
    now,
    scale: { reps: 200, accounts: Math.max(1_000, DEALS / 50), opportunities: DEALS },
    onProgress: (line) => console.log(line),
  });
  console.log(
    `large demo: ${gen.opportunities.toLocaleString('en')} deals, ${gen.stageChanges.toLocaleString('en')} stage changes, ` +
      `${gen.activities.toLocaleString('en')} activities in ${secs(t)}`,
  );

  // The analytics read stage periods: should the generator record stage changes only in the field
  // history, derive them from it (one stay per stage entered).
  t = performance.now();
  const [{ n: existing } = { n: 0 }] = (
    await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_periods WHERE org_id = $1', [
      orgId,
    ])
  ).rows;
  if (existing === 0) {
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL winpath.analytics = 'off'`);
      await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
      await withIndexesDeferred(tx, ['stage_periods'], async () => {
        await tx.execute(sql`
          WITH h AS (
            SELECT h.opportunity_id, h.at, (h.old_value #>> '{}')::uuid AS old_stage,
                   (h.new_value #>> '{}')::uuid AS new_stage,
                   row_number() OVER w AS k, lead(h.at) OVER w AS next_at
              FROM opportunity_history h
             WHERE h.org_id = ${orgId} AND h.field = 'stageId'
            WINDOW w AS (PARTITION BY h.opportunity_id ORDER BY h.at, h.id)
          ), o AS (
            SELECT id, pipeline_id, stage_id, status, created_at, updated_at, owner_id
              FROM opportunities WHERE org_id = ${orgId} AND deleted_at IS NULL
          )
          INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at, left_at, entered_by,
                                     from_stage_id)
          SELECT ${orgId}, o.id, o.pipeline_id, coalesce(f.old_stage, o.stage_id), o.created_at,
                 coalesce(f.at, CASE WHEN o.status <> 'open' THEN greatest(o.updated_at, o.created_at) END),
                 o.owner_id, NULL
            FROM o LEFT JOIN h f ON f.opportunity_id = o.id AND f.k = 1
          UNION ALL
          SELECT ${orgId}, h.opportunity_id, o.pipeline_id, h.new_stage, h.at,
                 coalesce(h.next_at, CASE WHEN o.status <> 'open' THEN greatest(o.updated_at, h.at) END),
                 o.owner_id, h.old_stage
            FROM h JOIN o ON o.id = h.opportunity_id`);
      });
      await rebuildAnalytics({ db: tx, orgId });
    });
  }
  const [{ n: periods } = { n: 0 }] = (
    await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_periods WHERE org_id = $1', [
      orgId,
    ])
  ).rows;
  console.log(
    `stage periods: ${periods.toLocaleString('en')} (${existing ? 'written by the generator' : `derived in ${secs(t)}`})`,
  );

  // Quotas for every rep this quarter, so coverage and attainment have something to divide by.
  const month = now.toISOString().slice(0, 7);
  const quarter = quarterOf(month);
  const { start: qStart, end: qEnd } = parsePeriod(quarter);
  await db.pool.query(
    `INSERT INTO quotas (org_id, user_id, period_start, period_end, amount)
     SELECT $1, id, $2::date, $3::date, 30000000 FROM users WHERE org_id = $1 AND role = 'rep'`,
    [orgId, qStart, qEnd],
  );

  t = performance.now();
  await rebuildAnalytics({ db: db.db, orgId });
  console.log(`analytics rebuild again (replacing the summaries): ${secs(t)}`);
  await db.pool.query(
    'ANALYZE stage_periods, opportunities, analytics_deals, analytics_stage_summary, analytics_outcome_summary, analytics_cycle_summary, analytics_open_summary',
  );
  const sizes = (
    await db.pool.query<{ t: string; n: number }>(
      `
      SELECT 'analytics_deals' AS t, count(*)::int AS n FROM analytics_deals WHERE org_id = $1
      UNION ALL SELECT 'analytics_stage_summary', count(*)::int FROM analytics_stage_summary WHERE org_id = $1
      UNION ALL SELECT 'analytics_outcome_summary', count(*)::int FROM analytics_outcome_summary WHERE org_id = $1
      UNION ALL SELECT 'analytics_cycle_summary', count(*)::int FROM analytics_cycle_summary WHERE org_id = $1
      UNION ALL SELECT 'analytics_open_summary', count(*)::int FROM analytics_open_summary WHERE org_id = $1`,
      [orgId],
    )
  ).rows;
  console.log(`summary rows: ${sizes.map((s) => `${s.t} ${s.n.toLocaleString('en')}`).join(', ')}`);

  t = performance.now();
  await takeForecastSnapshot({ db: db.db, orgId, now });
  console.log(`forecast snapshot (5 periods × every owner): ${secs(t)}`);

  const app = await buildApp({ db: db.db, version: VERSION });
  await app.ready();
  const tokenOf = async (userId: string) =>
    (await createToken({ db: db.db, orgId, userId, name: 'bench', actorId: null })).token;
  const [manager] = await db.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.email, `rm1@${org.organization.slug}.winpath.dev`)));
  const tokens = { admin: await tokenOf(org.admin.id), manager: manager ? await tokenOf(manager.id) : null };

  const call = async (token: string, url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) => {
    const started = performance.now();
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    const took = performance.now() - started;
    if (res.statusCode >= 300) throw new Error(`${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return took;
  };
  const timeApi = async (token: string, url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) => {
    for (let i = 0; i < 2; i++) await call(token, url, method, body);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await call(token, url, method, body));
    return median(times);
  };
  const timeSql = async (text: string, params: unknown[], runs = 3) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await db.pool.query(text, params);
      times.push(performance.now() - started);
    }
    return median(times);
  };

  const from = addMonths(month, -11);
  const all = 'from=2000-01';
  const fromDate = `${from}-01`;
  const pipelineId = org.pipelineId;
  const NAIVE = {
    winRates: [
      `SELECT owner_id, count(*) FILTER (WHERE status = 'won') AS won, count(*) FILTER (WHERE status = 'lost') AS lost,
              count(*) FILTER (WHERE status = 'no_decision') AS nd
         FROM opportunities WHERE org_id = $1 AND deleted_at IS NULL AND status <> 'open' AND closed_at >= $2
        GROUP BY owner_id`,
      [orgId, fromDate],
    ],
    cycleTime: [
      `SELECT owner_id, avg(closed_at - (created_at AT TIME ZONE 'UTC')::date),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_at - (created_at AT TIME ZONE 'UTC')::date)
         FROM opportunities WHERE org_id = $1 AND deleted_at IS NULL AND status = 'won' AND closed_at >= $2
        GROUP BY owner_id`,
      [orgId, fromDate],
    ],
    funnel: [
      `SELECT stage_id, count(DISTINCT opportunity_id) FROM stage_periods
        WHERE org_id = $1 AND pipeline_id = $2 GROUP BY stage_id`,
      [orgId, pipelineId],
    ],
    timeInStage: [
      `SELECT stage_id, count(*), avg(extract(epoch FROM left_at - entered_at) / 86400) FROM stage_periods
        WHERE org_id = $1 AND pipeline_id = $2 AND left_at IS NOT NULL GROUP BY stage_id`,
      [orgId, pipelineId],
    ],
    velocity: [
      `SELECT count(*) FILTER (WHERE status = 'open') AS open_deals,
              count(*) FILTER (WHERE status = 'won' AND closed_at >= $2)::float
                / nullif(count(*) FILTER (WHERE status IN ('won', 'lost') AND closed_at >= $2), 0) AS win_rate,
              avg(amount) FILTER (WHERE status = 'won' AND closed_at >= $2) AS avg_won,
              avg(closed_at - (created_at AT TIME ZONE 'UTC')::date) FILTER (WHERE status = 'won' AND closed_at >= $2) AS cycle
         FROM opportunities WHERE org_id = $1 AND deleted_at IS NULL`,
      [orgId, fromDate],
    ],
    coverage: [
      `WITH o AS (SELECT owner_id, sum(amount) AS open FROM opportunities
                   WHERE org_id = $1 AND deleted_at IS NULL AND status = 'open' AND forecast_category <> 'omitted'
                     AND expected_close_date BETWEEN $2 AND $3 GROUP BY 1),
            w AS (SELECT owner_id, sum(amount) AS won FROM opportunities
                   WHERE org_id = $1 AND deleted_at IS NULL AND status = 'won' AND closed_at BETWEEN $2 AND $3 GROUP BY 1),
            q AS (SELECT user_id AS owner_id, sum(amount) AS quota FROM quotas
                   WHERE org_id = $1 AND deleted_at IS NULL AND period_start <= $3 AND period_end >= $2 GROUP BY 1)
       SELECT q.owner_id, o.open / nullif(q.quota - coalesce(w.won, 0), 0)
         FROM q LEFT JOIN o USING (owner_id) LEFT JOIN w USING (owner_id)`,
      [orgId, qStart, qEnd],
    ],
    forecast: [
      `WITH conv AS (
         SELECT sp.stage_id, count(DISTINCT sp.opportunity_id) FILTER (WHERE o.status = 'won')::float
                  / nullif(count(DISTINCT sp.opportunity_id) FILTER (WHERE o.status <> 'open'), 0) AS rate
           FROM stage_periods sp JOIN opportunities o ON o.id = sp.opportunity_id
          WHERE sp.org_id = $1 AND o.deleted_at IS NULL GROUP BY 1)
       SELECT o.owner_id, o.forecast_category, sum(o.amount), sum(o.amount * ps.probability / 100.0),
              sum(o.amount * coalesce(conv.rate, ps.probability / 100.0))
         FROM opportunities o JOIN pipeline_stages ps ON ps.id = o.stage_id LEFT JOIN conv ON conv.stage_id = o.stage_id
        WHERE o.org_id = $1 AND o.deleted_at IS NULL AND o.status = 'open' AND o.forecast_category <> 'omitted'
          AND o.expected_close_date BETWEEN $2 AND $3
        GROUP BY 1, 2`,
      [orgId, qStart, qEnd],
    ],
    accuracy: [
      `SELECT s.period, s.week_start, sum(s.commit + s.closed),
              (SELECT sum(amount) FROM opportunities o WHERE o.org_id = $1 AND o.status = 'won'
                  AND to_char(o.closed_at, 'YYYY-MM') = s.period)
         FROM forecast_snapshots s WHERE s.org_id = $1 GROUP BY 1, 2`,
      [orgId],
    ],
  } as const;

  type Case = { name: string; url: string; naive?: keyof typeof NAIVE; manager?: boolean };
  const cases: Case[] = [
    {
      name: 'win rates by owner',
      url: '/api/v1/analytics/win-rates?groupBy=owner',
      naive: 'winRates',
      manager: true,
    },
    { name: 'win rates by month', url: '/api/v1/analytics/win-rates?groupBy=month' },
    {
      name: 'cycle time by owner (mean, median)',
      url: '/api/v1/analytics/cycle-time?groupBy=owner',
      naive: 'cycleTime',
    },
    { name: 'funnel (all history)', url: `/api/v1/analytics/funnel?${all}`, naive: 'funnel', manager: true },
    {
      name: 'time in stage (all history)',
      url: `/api/v1/analytics/time-in-stage?${all}`,
      naive: 'timeInStage',
      manager: true,
    },
    {
      name: 'velocity by owner',
      url: '/api/v1/analytics/velocity?groupBy=owner',
      naive: 'velocity',
      manager: true,
    },
    {
      name: 'coverage by team (quarter)',
      url: `/api/v1/analytics/coverage?period=${quarter}&groupBy=team`,
      naive: 'coverage',
    },
    { name: 'quota attainment by owner', url: `/api/v1/quotas/attainment?period=${quarter}` },
    {
      name: 'forecast by team (quarter)',
      url: `/api/v1/forecast?period=${quarter}&groupBy=team`,
      naive: 'forecast',
      manager: true,
    },
    { name: 'forecast accuracy', url: '/api/v1/forecast/accuracy?kind=month', naive: 'accuracy' },
  ];
  const rows: Record<string, string | number>[] = [];
  for (const c of cases) {
    const admin = await timeApi(tokens.admin, c.url);
    const scoped = c.manager && tokens.manager ? await timeApi(tokens.manager, c.url) : undefined;
    const naive = c.naive ? await timeSql(NAIVE[c.naive][0], [...NAIVE[c.naive][1]]) : undefined;
    rows.push({
      endpoint: c.name,
      'admin ms': ms(admin),
      'manager ms': scoped === undefined ? '' : ms(scoped),
      'naive SQL ms': naive === undefined ? '' : ms(naive),
      'speed-up': naive === undefined ? '' : `${(naive / admin).toFixed(0)}×`,
      goal: admin < 300 ? 'ok' : 'MISSED',
    });
  }
  console.log(table(rows));

  // What the maintenance costs a write at this size: stage moves and closes through the API, with the
  // summaries maintained in the transaction, and the same with the maintenance switched off.
  const stages = (
    await db.pool.query<{ id: string }>(
      'SELECT id FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position',
      [pipelineId],
    )
  ).rows;
  const writes = async (label: string, url: string) => {
    const wdb = openDatabase(url, { max: 2 });
    const wapp = await buildApp({ db: wdb.db, version: VERSION });
    await wapp.ready();
    const open = (
      await wdb.pool.query<{ id: string; stage_id: string }>(
        // Not the admin's own deals: an override is never the owner's (move.service.ts canOverride).
        `SELECT id, stage_id FROM opportunities WHERE org_id = $1 AND status = 'open' AND deleted_at IS NULL
          AND owner_id <> $2 ORDER BY random() LIMIT ${RUNS + 2}`,
        [orgId, org.admin.id],
      )
    ).rows;
    const send = async (method: 'POST' | 'PATCH', path: string, body: unknown, ifMatch?: string) => {
      const started = performance.now();
      const res = await wapp.inject({
        method,
        url: path,
        headers: {
          authorization: `Bearer ${tokens.admin}`,
          'content-type': 'application/json',
          ...(ifMatch ? { 'if-match': ifMatch } : {}),
        },
        payload: JSON.stringify(body),
      });
      if (res.statusCode !== 200) throw new Error(`${path} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      return performance.now() - started;
    };
    const moves: number[] = [];
    const closes: number[] = [];
    for (const d of open) {
      const target = stages.find((s) => s.id !== d.stage_id)!;
      moves.push(
        await send('POST', `/api/v1/opportunities/${d.id}/move`, {
          stageId: target.id,
          override: true,
          reason: 'bench',
        }),
      );
    }
    for (const d of open) {
      const [{ version } = { version: 1 }] = (
        await wdb.pool.query<{ version: number }>('SELECT version FROM opportunities WHERE id = $1', [d.id])
      ).rows;
      closes.push(await send('PATCH', `/api/v1/opportunities/${d.id}`, { status: 'won' }, `"${version}"`));
    }
    await wapp.close();
    await wdb.close();
    return { label, move: ms(median(moves.slice(2))), close: ms(median(closes.slice(2))) };
  };
  const off = new URL(database.url);
  off.searchParams.set('options', '-c winpath.analytics=off');
  const writeRows = [
    await writes('summaries maintained', database.url),
    await writes('maintenance switched off', off.toString()),
  ];
  console.log(
    `writes through the API (median ms): ${writeRows.map((w) => `${w.label}: move ${w.move}, close ${w.close}`).join('; ')}`,
  );
  // The deals closed with the maintenance off are not in the summaries: bring them back in line.
  await rebuildAnalytics({ db: db.db, orgId });
  const snap = await timeApi(tokens.admin, '/api/v1/forecast/snapshots', 'POST', { replace: true });
  console.log(`weekly snapshot retaken through the API: ${ms(snap)} ms (median)`);

  await app.close();
  await db.close();
  await database.stop();
}
