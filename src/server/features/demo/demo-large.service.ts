import { and, asc, eq, isNull, like, type SQL, sql } from 'drizzle-orm';
import {
  DEMO_DEAL_THEMES,
  DEMO_LOSS_REASONS,
  DEMO_OUTCOMES,
  DEMO_PEOPLE_EN,
  DEMO_PEOPLE_ZH,
  DEMO_TITLES,
} from '../../../core/demo-data.ts';
import { hashPassword } from '../../auth/secrets.ts';
import { withIndexesDeferred } from '../../db/bulk-load.ts';
import type { Db, Tx } from '../../db/client.ts';
import { organizations, pipelineStages, pipelines, teams, users } from '../../db/schema/index.ts';
import { DomainError } from '../../http/errors.ts';
import { DEMO_PASSWORD } from './demo.service.ts';

/**
 * A large demo organization for performance work: a few hundred people, tens of thousands of accounts,
 * a million deals with their stage history and activities.
 *
 * Everything big is generated inside PostgreSQL with set-based statements (generate_series,
 * INSERT ... SELECT): building millions of rows in Node and shipping them over the wire would take an
 * order of magnitude longer. Stage changes per deal and activities per deal follow fixed distributions
 * assigned by rank (ntile), so the totals are exact: 4 stage changes and 3 activities per deal on
 * average whenever `opportunities` is a multiple of 100.
 */
export type LargeScale = { reps: number; accounts: number; opportunities: number };
export const LARGE_SCALE: LargeScale = { reps: 200, accounts: 20_000, opportunities: 1_000_000 };

export type LargeDemoSummary = {
  users: number;
  teams: number;
  accounts: number;
  contacts: number;
  opportunities: number;
  stageChanges: number;
  stagePeriods: number;
  activities: number;
  seconds: number;
};

const ZH_CITIES = ['上海', '北京', '深圳', '苏州', '杭州', '南京', '成都', '武汉', '西安', '青岛'];
const ZH_CORES = ['恒达', '华信', '中科', '瑞丰', '金桥', '新元', '博远', '天成', '宏图', '东方'];
const ZH_CORES_2 = ['联创', '正泰', '海纳', '远景', '安泰', '明德', '鼎盛', '汇通', '嘉禾', '凯捷'];
/** Legal-name endings and the industry they imply, used in pairs. */
const ZH_KINDS: [string, string][] = [
  ['智能制造有限公司', '制造'],
  ['电力设备股份有限公司', '能源'],
  ['物流集团', '物流'],
  ['医药有限公司', '医药'],
  ['汽车零部件有限公司', '汽车制造'],
  ['电子科技有限公司', '电子'],
  ['新能源科技有限公司', '新能源'],
  ['建设集团', '建筑'],
  ['食品股份有限公司', '食品饮料'],
  ['信息技术有限公司', '信息技术'],
  ['化工有限公司', '化工'],
  ['重工机械有限公司', '工程机械'],
];
const BRANCH_CITIES = [
  '广州',
  '天津',
  '重庆',
  '宁波',
  '无锡',
  '佛山',
  '东莞',
  '合肥',
  '长沙',
  '郑州',
  '厦门',
];
const EN_PREFIXES = ['Nordwind', 'Bluepeak', 'Silverline', 'Ironbridge', 'Greenfield', 'Northstar'];
const EN_PREFIXES_2 = ['Redwood', 'Brightwater', 'Summit', 'Atlas', 'Crescent', 'Harbor'];
const EN_KINDS: [string, string][] = [
  ['Logistics', 'Logistics'],
  ['Manufacturing', 'Industrial'],
  ['Energy', 'Energy'],
  ['Healthcare', 'Healthcare'],
  ['Automotive', 'Automotive'],
  ['Electronics', 'Technology'],
  ['Foods', 'Consumer goods'],
  ['Chemicals', 'Chemicals'],
];
const EN_LEGAL = ['GmbH', 'Ltd.', 'Inc.', 'AG', 'Pte. Ltd.'];
const EN_REGIONS = ['Shanghai', 'Singapore', 'Munich', 'Hong Kong', 'Shenzhen', 'Tokyo'];
const REGIONS: [string, string][] = [
  ['华东区', 'East'],
  ['华北区', 'North'],
  ['华南区', 'South'],
  ['西部区', 'West'],
];
const WON_REASONS = ['Best technical fit', 'Strong coach and early access', 'Reference customer visit'];
const NEXT_STEPS = ['Schedule on-site visit', '约见决策人', 'Send proposal', '技术交流', 'Demo to IT team'];
const PLAN_GOALS = ['Confirm budget and timeline', '确认决策链', 'Meet the decision maker'];

const p = sql.param;

/** Picks an element of a text[] parameter with a fresh random index per row. */
const pickRandom = (arr: readonly string[]) =>
  sql`(${p([...arr])}::text[])[1 + floor(random() * ${arr.length})::int]`;

/**
 * Generates the large dataset into an existing organization (its default pipeline needs at least 8
 * stages). One transaction: a failure leaves the organization as it was.
 */
export async function generateLargeDemo(opts: {
  db: Db;
  orgId: string;
  now: Date;
  scale?: LargeScale;
  seed?: number;
  onProgress?: (line: string) => void;
}): Promise<LargeDemoSummary> {
  const { db, orgId, now } = opts;
  const scale = opts.scale ?? LARGE_SCALE;
  const progress = opts.onProgress ?? (() => {});
  const started = Date.now();
  let stepStarted = started;
  const step = (what: string, rows?: number) => {
    const t = Date.now();
    const count = rows === undefined ? '' : `${rows.toLocaleString('en-US')} rows`;
    progress(
      `  ${what.padEnd(15)} ${count.padStart(15)} ${((t - stepStarted) / 1000).toFixed(1).padStart(6)} s`,
    );
    stepStarted = t;
  };

  const [org] = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new DomainError(404, 'not_found', 'The organization does not exist.');
  const pw = await hashPassword(DEMO_PASSWORD);

  const summary = await db.transaction(async (tx) => {
    // Bulk work: bigger sort memory for the window functions, and the demo does not need to wait for
    // the WAL flush of every statement.
    await tx.execute(sql`SET LOCAL work_mem = '128MB'`);
    await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    // The analytics summaries are maintained per statement by triggers; for a load this size one
    // rebuild at the end is far cheaper (see drizzle/0006_analytics_maintenance.sql).
    await tx.execute(sql`SET LOCAL winpath.analytics = 'off'`);
    await tx.execute(sql`SELECT setseed(${((opts.seed ?? 20261122) % 1000) / 1000})`);

    const stages = await defaultStages(tx, orgId);
    const domain = await freeDomain(tx, orgId, org.slug);
    const people = await createPeople(tx, { orgId, domain, reps: scale.reps, passwordHash: pw });
    step('teams + users', people.users);

    const accountsCount = await createAccounts(tx, orgId, scale.accounts, people.repIds, now);
    step('accounts', accountsCount);
    const contactsCount = await createContacts(tx, orgId);
    step('contacts', contactsCount);
    // The big tables are loaded with their indexes and foreign keys set aside (see withIndexesDeferred):
    // several times faster than maintaining them row by row (measured: 390 s -> 80 s for the inserts
    // plus 80 s for building the indexes once).
    const big = await withIndexesDeferred(
      tx,
      ['opportunities', 'opportunity_history', 'stage_periods', 'activities'],
      async () => {
        await planOpportunities(tx, { count: scale.opportunities, repIds: people.repIds, now });
        step('deal plan');
        const deals = await createOpportunities(tx, { orgId, stages, now });
        step('opportunities', deals);
        const changes = await createStageChanges(tx, orgId, stages.ids);
        step('stage changes', changes);
        const periods = await createStagePeriods(tx, orgId, stages.pipelineId, stages.ids);
        step('stage periods', periods);
        const acts = await createActivities(tx, orgId, now);
        step('activities', acts);
        return { deals, changes, periods, acts };
      },
      () => step('indexes + keys'),
    );
    // Fresh statistics before anything queries a million new rows: without them the planner takes the
    // new tables for empty (ANALYZE inside the transaction sees its own inserts).
    await tx.execute(
      sql`ANALYZE accounts, contacts, opportunities, opportunity_history, stage_periods, activities, users, teams`,
    );
    step('analyze');
    const rebuild = await tx.execute(sql`SELECT 1 FROM pg_proc WHERE proname = 'winpath_analytics_rebuild'`);
    if (rebuild.rows.length) {
      await tx.execute(sql`SELECT winpath_analytics_rebuild(${orgId}::uuid)`);
      step('analytics');
    }
    return {
      users: people.users,
      teams: people.teams,
      accounts: accountsCount,
      contacts: contactsCount,
      opportunities: big.deals,
      stageChanges: big.changes,
      stagePeriods: big.periods,
      activities: big.acts,
    };
  });
  // Millions of rows just written have no visibility map yet: until autovacuum gets to them (minutes,
  // competing with everything else), index-only scans read the heap and queries are several times slower
  // and erratic. Vacuum them now, as after any restore; the summaries too, which the rebuild rewrote: with no
  // statistics the planner takes their 100,000s of rows for one and sorts them on disk.
  await db.execute(
    sql`VACUUM (ANALYZE) opportunities, stage_periods, opportunity_history, activities, accounts, contacts,
          analytics_deals, analytics_stage_summary, analytics_outcome_summary, analytics_cycle_summary,
          analytics_open_summary`,
  );
  step('vacuum');
  return { ...summary, seconds: (Date.now() - started) / 1000 };
}

async function defaultStages(tx: Tx, orgId: string): Promise<{ pipelineId: string; ids: string[] }> {
  const [pipeline] = await tx
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, true), isNull(pipelines.deletedAt)));
  const rows = pipeline
    ? await tx
        .select({ id: pipelineStages.id })
        .from(pipelineStages)
        .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, pipeline.id)))
        .orderBy(asc(pipelineStages.position))
    : [];
  if (!pipeline || rows.length < 8)
    throw new DomainError(
      422,
      'no_default_pipeline',
      'The large demo needs the organization to have a default pipeline with at least 8 stages.',
    );
  return { pipelineId: pipeline.id, ids: rows.map((r) => r.id) };
}

/** E-mails are unique per organization: a second run into the same organization gets its own domain. */
async function freeDomain(tx: Tx, orgId: string, slug: string): Promise<string> {
  for (let i = 1; ; i++) {
    const domain = i === 1 ? `${slug}.winpath.dev` : `${slug}-${i}.winpath.dev`;
    const taken = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), like(users.email, `%@${domain}`)))
      .limit(1);
    if (!taken.length) return domain;
  }
}

/**
 * A national sales organization: a VP, four regional managers, team leads for teams of ten reps,
 * presales consultants, an enablement lead and an executive viewer.
 */
async function createPeople(
  tx: Tx,
  o: { orgId: string; domain: string; reps: number; passwordHash: string },
): Promise<{ repIds: string[]; users: number; teams: number }> {
  const { orgId, domain } = o;
  const teamCount = Math.max(1, Math.ceil(o.reps / 10));
  const mk = (
    name: string,
    email: string,
    role: 'manager' | 'rep' | 'presales' | 'viewer' | 'enablement',
    teamId: string | null,
    i: number,
  ) => ({
    orgId,
    name,
    email: `${email}@${domain}`,
    role,
    teamId,
    passwordHash: o.passwordHash,
    locale: i % 5 === 0 ? ('en' as const) : ('zh-CN' as const),
  });
  const personName = (i: number) =>
    i % 5 === 0
      ? DEMO_PEOPLE_EN[i % DEMO_PEOPLE_EN.length]!
      : `${DEMO_PEOPLE_ZH[i % DEMO_PEOPLE_ZH.length]}${Math.floor(i / DEMO_PEOPLE_ZH.length) || ''}`;

  const [national] = await tx
    .insert(teams)
    .values({ orgId, name: '全国销售部 National Sales' })
    .returning({ id: teams.id });
  const regions = await tx
    .insert(teams)
    .values(REGIONS.map(([zh, en]) => ({ orgId, name: `${zh} ${en}`, parentId: national!.id })))
    .returning({ id: teams.id });
  const squads = await tx
    .insert(teams)
    .values(
      Array.from({ length: teamCount }, (_, t) => {
        const [zh, en] = REGIONS[t % REGIONS.length]!;
        const n = Math.floor(t / REGIONS.length) + 1;
        return { orgId, name: `${zh}${n}组 ${en} ${n}`, parentId: regions[t % REGIONS.length]!.id };
      }),
    )
    .returning({ id: teams.id });

  const [vp] = await tx
    .insert(users)
    .values(mk('王建国 (VP Sales)', 'vp', 'manager', national!.id, 1))
    .returning({ id: users.id });
  const regionManagers = await tx
    .insert(users)
    .values(regions.map((r, i) => mk(`${personName(i + 3)} (RM)`, `rm${i + 1}`, 'manager', r.id, i + 3)))
    .returning({ id: users.id });
  const leads = await tx
    .insert(users)
    .values(squads.map((s, i) => mk(personName(i + 11), `lead${i + 1}`, 'manager', s.id, i + 11)))
    .returning({ id: users.id });
  const pad = (n: number) => String(n).padStart(3, '0');
  const reps = await tx
    .insert(users)
    .values(
      Array.from({ length: o.reps }, (_, i) =>
        mk(personName(i + 40), `rep${pad(i + 1)}`, 'rep', squads[i % squads.length]!.id, i + 40),
      ),
    )
    .returning({ id: users.id });
  const presalesCount = Math.max(1, Math.round(o.reps / 20));
  await tx
    .insert(users)
    .values([
      ...Array.from({ length: presalesCount }, (_, i) =>
        mk(personName(i + 7), `presales${i + 1}`, 'presales', national!.id, i + 7),
      ),
      mk('Grace Liu', 'exec', 'viewer', null, 0),
      mk('郑培训', 'enablement', 'enablement', null, 2),
    ]);

  await tx.update(teams).set({ managerId: vp!.id }).where(eq(teams.id, national!.id));
  // Managers per team in one statement each level: the ids pair up by position.
  await tx.execute(sql`
    UPDATE teams t SET manager_id = m.manager_id
    FROM unnest(${p(regions.map((r) => r.id))}::uuid[], ${p(regionManagers.map((u) => u.id))}::uuid[]) AS m(team_id, manager_id)
    WHERE t.org_id = ${orgId} AND t.id = m.team_id`);
  await tx.execute(sql`
    UPDATE teams t SET manager_id = m.manager_id
    FROM unnest(${p(squads.map((s) => s.id))}::uuid[], ${p(leads.map((u) => u.id))}::uuid[]) AS m(team_id, manager_id)
    WHERE t.org_id = ${orgId} AND t.id = m.team_id`);
  return {
    repIds: reps.map((r) => r.id),
    users: 1 + regionManagers.length + leads.length + reps.length + presalesCount + 2,
    teams: 1 + regions.length + squads.length,
  };
}

/**
 * Accounts get distinct, plausible names from combining cities, brand words and legal endings; one in
 * seven is an international company. One in twenty (beyond the first 200) is a subsidiary of one of the
 * first 200, which act as group headquarters.
 */
async function createAccounts(
  tx: Tx,
  orgId: string,
  count: number,
  repIds: string[],
  now: Date,
): Promise<number> {
  const zhCores = [...ZH_CORES, ...ZH_CORES_2];
  const enPrefixes = [...EN_PREFIXES, ...EN_PREFIXES_2];
  const zhCombos = ZH_CITIES.length * zhCores.length * ZH_KINDS.length;
  const enCombos = enPrefixes.length * EN_KINDS.length * EN_LEGAL.length;
  await tx.execute(sql`
    CREATE TEMP TABLE wp_acc ON COMMIT DROP AS
    WITH base AS (
      SELECT g, (g % 7 = 0) AS en, g - 1 AS i, random() AS r_tier, random() AS r_size
      FROM generate_series(1, ${count}::int) AS g
    ), named AS (
      SELECT b.*,
        CASE WHEN en THEN
          (${p(enPrefixes)}::text[])[1 + i % ${enPrefixes.length}] || ' ' ||
          (${p(EN_KINDS.map((k) => k[0]))}::text[])[1 + (i / ${enPrefixes.length}) % ${EN_KINDS.length}]
        ELSE
          (${p(ZH_CITIES)}::text[])[1 + i % ${ZH_CITIES.length}] ||
          (${p(zhCores)}::text[])[1 + (i / ${ZH_CITIES.length}) % ${zhCores.length}]
        END AS short_name,
        CASE WHEN en THEN
          (${p(EN_KINDS.map((k) => k[1]))}::text[])[1 + (i / ${enPrefixes.length}) % ${EN_KINDS.length}]
        ELSE
          (${p(ZH_KINDS.map((k) => k[1]))}::text[])[1 + (i / ${ZH_CITIES.length * zhCores.length}) % ${ZH_KINDS.length}]
        END AS industry,
        CASE WHEN en THEN
          ' ' || (${p(EN_LEGAL)}::text[])[1 + (i / ${enPrefixes.length * EN_KINDS.length}) % ${EN_LEGAL.length}] ||
          CASE WHEN i >= ${enCombos} THEN ' – ' || (${p(EN_REGIONS)}::text[])[1 + (i / ${enCombos}) % ${EN_REGIONS.length}] ELSE '' END
        ELSE
          (${p(ZH_KINDS.map((k) => k[0]))}::text[])[1 + (i / ${ZH_CITIES.length * zhCores.length}) % ${ZH_KINDS.length}] ||
          CASE WHEN i >= ${zhCombos} THEN (${p(BRANCH_CITIES)}::text[])[1 + (i / ${zhCombos}) % ${BRANCH_CITIES.length}] || '分公司' ELSE '' END
        END AS name_tail
      FROM base b
    )
    SELECT g, gen_random_uuid() AS id, en, short_name, short_name || name_tail AS name, industry,
      CASE WHEN r_tier < 0.01 THEN 'strategic' WHEN r_tier < 0.05 THEN 'key'
           WHEN r_tier < 0.20 THEN 'growth' ELSE 'standard' END AS tier,
      (ARRAY['1-49','50-249','250-999','1000-4999','5000+'])[1 + floor(r_size * 5)::int] AS size,
      CASE WHEN en THEN 'https://www.' || lower(replace(short_name, ' ', '')) || '.com' END AS website,
      CASE WHEN g > 200 AND g % 20 = 0 THEN 1 + g % 200 END AS parent_g,
      (${p(repIds)}::uuid[])[1 + floor(random() * ${repIds.length})::int] AS owner_id,
      ${now.toISOString()}::timestamptz - (400 + random() * 700) * interval '1 day' AS created_at
    FROM named`);
  const res = await tx.execute(sql`
    INSERT INTO accounts (id, org_id, name, industry, size, website, parent_id, tier, owner_id, created_at, updated_at)
    SELECT a.id, ${orgId}, a.name, a.industry, a.size::company_size, a.website, parent.id, a.tier::account_tier,
      a.owner_id, a.created_at, a.created_at
    FROM wp_acc a LEFT JOIN wp_acc parent ON parent.g = a.parent_g
    ORDER BY a.g`);
  await tx.execute(sql`CREATE UNIQUE INDEX ON wp_acc (g)`);
  await tx.execute(sql`ANALYZE wp_acc`);
  return res.rowCount ?? 0;
}

/** One to five contacts per account (three on average), with titles from the buying team. */
async function createContacts(tx: Tx, orgId: string): Promise<number> {
  const res = await tx.execute(sql`
    INSERT INTO contacts (org_id, account_id, owner_id, name, title, email, phone, created_at, updated_at)
    SELECT ${orgId}, a.id, a.owner_id,
      CASE WHEN a.en THEN (${p([...DEMO_PEOPLE_EN])}::text[])[1 + (a.g * 3 + c) % ${DEMO_PEOPLE_EN.length}]
           ELSE (${p([...DEMO_PEOPLE_ZH])}::text[])[1 + (a.g * 7 + c) % ${DEMO_PEOPLE_ZH.length}] END,
      CASE WHEN a.en THEN (${p(DEMO_TITLES.map((t) => t[0]))}::text[])[1 + (a.g + c) % ${DEMO_TITLES.length}]
           ELSE (${p(DEMO_TITLES.map((t) => t[1]))}::text[])[1 + (a.g + c) % ${DEMO_TITLES.length}] END,
      'contact' || a.g || '.' || c || '@example.com',
      CASE WHEN a.en THEN '+49 30 ' || (1000000 + (a.g * 7919 + c) % 8999999)
           ELSE '13' || lpad(((a.g * 104729 + c * 7) % 1000000000)::text, 9, '0') END,
      a.created_at + c * interval '3 days', a.created_at + c * interval '3 days'
    FROM wp_acc a CROSS JOIN LATERAL generate_series(1, 1 + (a.g * 13 + 5) % 5) AS c`);
  return res.rowCount ?? 0;
}

/**
 * Deals. Stage changes per deal follow a fixed distribution (0 to 8, mean exactly 4) assigned by rank;
 * the deal's current stage follows from its path (0-7 changes walk forward from stage 1; 8 changes
 * include a slip back from stage 5 to 4). Activities per deal (0 to 8, mean exactly 3) are assigned by
 * rank too, correlated with how far the deal got. Deals reaching stage 8 are won; most deals older
 * than five months are closed lost or no-decision.
 */
async function planOpportunities(tx: Tx, o: { count: number; repIds: string[]; now: Date }): Promise<void> {
  const now = o.now.toISOString();
  const [accountsCount] = (await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM wp_acc`)).rows;
  await tx.execute(sql`
    CREATE TEMP TABLE wp_opp ON COMMIT DROP AS
    WITH base AS (
      SELECT g, gen_random_uuid() AS id, 1 + floor(random() * ${accountsCount!.n})::int AS acc_g,
        5 + random() * 725 AS age_days, random() AS r_close, random() AS r_owner, random() AS r_span,
        random() AS r_amount, random() AS r_rank, floor(random() * 1000003)::bigint AS seed
      FROM generate_series(1, ${o.count}::int) AS g
    ), ranked AS (
      SELECT b.*, ntile(100) OVER (ORDER BY r_rank) AS tile FROM base b
    ), shaped AS (
      SELECT r.*,
        CASE WHEN tile <= 7 THEN 0 WHEN tile <= 15 THEN 1 WHEN tile <= 27 THEN 2 WHEN tile <= 43 THEN 3
             WHEN tile <= 58 THEN 4 WHEN tile <= 72 THEN 5 WHEN tile <= 84 THEN 6 WHEN tile <= 94 THEN 7
             ELSE 8 END AS n_changes
      FROM ranked r
    ), staged AS (
      SELECT s.*,
        CASE WHEN n_changes = 8 THEN 7 ELSE n_changes + 1 END AS stage_pos,
        CASE WHEN n_changes = 7 THEN 'won'
             WHEN age_days > 150 AND r_close < 0.62 THEN 'lost'
             WHEN age_days > 150 AND r_close < 0.80 THEN 'no_decision'
             ELSE 'open' END AS status,
        ntile(100) OVER (ORDER BY n_changes + random() * 4) AS act_tile
      FROM shaped s
    ), timed AS (
      SELECT st.*,
        ${now}::timestamptz - age_days * interval '1 day' AS created_at,
        ${now}::timestamptz - age_days * interval '1 day'
          + age_days * (CASE WHEN status = 'open' THEN 0.6 + 0.4 * r_span ELSE 0.25 + 0.65 * r_span END)
          * interval '1 day' AS end_at
      FROM staged st
    )
    SELECT t.id, t.n_changes, t.stage_pos, t.status, t.created_at, t.end_at, t.r_amount, t.seed,
      CASE WHEN t.act_tile <= 12 THEN 0 WHEN t.act_tile <= 29 THEN 1 WHEN t.act_tile <= 46 THEN 2
           WHEN t.act_tile <= 64 THEN 3 WHEN t.act_tile <= 75 THEN 4 WHEN t.act_tile <= 85 THEN 5
           WHEN t.act_tile <= 92 THEN 6 WHEN t.act_tile <= 97 THEN 7 ELSE 8 END AS n_activities,
      a.id AS account_id, a.en, a.short_name,
      CASE WHEN t.r_owner < 0.85 THEN a.owner_id
           ELSE (${p(o.repIds)}::uuid[])[1 + floor(t.r_owner * 1000)::int % ${o.repIds.length}] END AS owner_id
    FROM timed t JOIN wp_acc a ON a.g = t.acc_g`);
}

async function createOpportunities(
  tx: Tx,
  o: { orgId: string; stages: { pipelineId: string; ids: string[] }; now: Date },
): Promise<number> {
  const now = o.now.toISOString();

  const res = await tx.execute(sql`
    INSERT INTO opportunities (id, org_id, name, account_id, owner_id, amount, currency, expected_close_date,
      status, close_reason, closed_at, forecast_category, next_step, pipeline_id, stage_id, created_at, updated_at)
    SELECT o.id, ${o.orgId},
      o.short_name || ' ' || CASE WHEN o.en
        THEN (${p(DEMO_DEAL_THEMES.map((t) => t[0]))}::text[])[1 + floor(random() * ${DEMO_DEAL_THEMES.length})::int]
        ELSE (${p(DEMO_DEAL_THEMES.map((t) => t[1]))}::text[])[1 + floor(random() * ${DEMO_DEAL_THEMES.length})::int] END,
      o.account_id, o.owner_id, (8 + floor(o.r_amount * 293)) * 10000, 'CNY',
      CASE WHEN o.status = 'open' THEN (${now}::timestamptz + (-20 + random() * 180) * interval '1 day')::date
           ELSE (o.end_at AT TIME ZONE 'UTC')::date END,
      o.status::opportunity_status,
      CASE o.status WHEN 'won' THEN ${pickRandom(WON_REASONS)}
                    WHEN 'lost' THEN ${pickRandom(DEMO_LOSS_REASONS)}
                    WHEN 'no_decision' THEN 'No decision' END,
      CASE WHEN o.status <> 'open' THEN (o.end_at AT TIME ZONE 'UTC')::date END,
      (CASE WHEN o.status = 'won' THEN 'closed' WHEN o.status <> 'open' THEN 'omitted'
            WHEN o.stage_pos >= 7 THEN 'commit' WHEN o.stage_pos >= 5 THEN 'best_case'
            ELSE 'pipeline' END)::forecast_category,
      CASE WHEN o.status = 'open' THEN ${pickRandom(NEXT_STEPS)} END,
      ${o.stages.pipelineId}, (${p(o.stages.ids)}::uuid[])[o.stage_pos],
      o.created_at, o.end_at
    FROM wp_opp o`);
  return res.rowCount ?? 0;
}

/**
 * A deal's stage path, shared by its stage changes and its stage periods: position `k` (0 = where the
 * deal started) is stage k + 1, except on the 8-change path, which slips back from stage 5 to 4 once.
 */
const pathStage = (k: SQL, stageIds: string[]) =>
  sql`(${p(stageIds)}::uuid[])[CASE WHEN o.n_changes = 8 THEN (ARRAY[1,2,3,4,5,4,5,6,7])[${k} + 1] ELSE ${k} + 1 END]`;

/**
 * When change `j` (1..n) happened: in the j-th of n equal slices of the deal's life [created, last
 * touched], at a point fixed by the deal's seed, so changes are strictly increasing in time and the
 * stage periods, computed in another statement, meet the changes exactly.
 */
const changeAt = (j: SQL) =>
  sql`(o.created_at + (o.end_at - o.created_at) * ((${j} - 1 + 0.1 + 0.8 * ((o.seed + ${j} * 2654435761) % 1000003) / 1000003.0) / o.n_changes))`;

/** The stage changes, with stage ids as JSON strings: the shape the API writes. */
async function createStageChanges(tx: Tx, orgId: string, stageIds: string[]): Promise<number> {
  const res = await tx.execute(sql`
    INSERT INTO opportunity_history (org_id, opportunity_id, actor_id, at, field, old_value, new_value)
    SELECT ${orgId}, o.id, o.owner_id, ${changeAt(sql`j`)}, 'stageId',
      to_jsonb(${pathStage(sql`(j - 1)`, stageIds)}::text), to_jsonb(${pathStage(sql`j`, stageIds)}::text)
    FROM wp_opp o CROSS JOIN LATERAL generate_series(1, o.n_changes) AS j`);
  return res.rowCount ?? 0;
}

/**
 * The time each deal spent in each stage of its path (what the process engine and the analytics read):
 * one period per position, the last one still open for open deals.
 */
async function createStagePeriods(
  tx: Tx,
  orgId: string,
  pipelineId: string,
  stageIds: string[],
): Promise<number> {
  const res = await tx.execute(sql`
    INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at, left_at, entered_by,
      from_stage_id)
    SELECT ${orgId}, o.id, ${pipelineId}, ${pathStage(sql`k`, stageIds)},
      CASE WHEN k = 0 THEN o.created_at ELSE ${changeAt(sql`k`)} END,
      CASE WHEN k < o.n_changes THEN ${changeAt(sql`(k + 1)`)} WHEN o.status <> 'open' THEN o.end_at END,
      o.owner_id,
      CASE WHEN k > 0 THEN ${pathStage(sql`(k - 1)`, stageIds)} END
    FROM wp_opp o CROSS JOIN LATERAL generate_series(0, o.n_changes) AS k`);
  return res.rowCount ?? 0;
}

/**
 * Visits, calls, meetings, demos, e-mails and tasks over each deal's life; open deals also have some
 * planned ones in the next two weeks. One in ten is logged against the account only.
 */
async function createActivities(tx: Tx, orgId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const res = await tx.execute(sql`
    INSERT INTO activities (org_id, type, status, subject, start_at, duration_minutes, goal, outcome, owner_id,
      account_id, opportunity_id, created_at, updated_at)
    SELECT ${orgId}, x.type::activity_type,
      (CASE WHEN x.start_at > ${at}::timestamptz THEN 'planned' WHEN x.r_status < 0.93 THEN 'done'
            ELSE 'cancelled' END)::activity_status,
      CASE x.type WHEN 'visit' THEN '客户拜访 On-site visit' WHEN 'call' THEN 'Phone call 电话沟通'
        WHEN 'meeting' THEN '项目会议 Meeting' WHEN 'demo' THEN '产品演示 Demo'
        WHEN 'email' THEN 'Proposal e-mail' ELSE 'Prepare proposal 准备方案' END,
      x.start_at,
      CASE WHEN x.type IN ('email', 'task') THEN NULL
           ELSE (ARRAY[30, 45, 60, 90, 120])[1 + floor(x.r_duration * 5)::int] END,
      CASE WHEN x.start_at > ${at}::timestamptz THEN ${pickRandom(PLAN_GOALS)} END,
      CASE WHEN x.start_at <= ${at}::timestamptz AND x.r_status < 0.93 THEN ${pickRandom(DEMO_OUTCOMES)} END,
      x.owner_id, x.account_id, CASE WHEN x.r_deal < 0.9 THEN x.opportunity_id END,
      least(x.start_at, ${at}::timestamptz), least(x.start_at, ${at}::timestamptz)
    FROM (
      SELECT o.id AS opportunity_id, o.account_id, o.owner_id,
        (ARRAY['visit','visit','call','call','meeting','demo','email','task'])[1 + floor(random() * 8)::int] AS type,
        -- A random day of the deal's life, during office hours (UTC+8 09:00-17:00).
        date_trunc('day', o.created_at + (
          CASE WHEN o.status = 'open' THEN ${at}::timestamptz + interval '14 days' ELSE o.end_at END
          - o.created_at) * random()) + (1 + floor(random() * 9)) * interval '1 hour' AS start_at,
        random() AS r_status, random() AS r_duration, random() AS r_deal
      FROM wp_opp o CROSS JOIN LATERAL generate_series(1, o.n_activities) AS k
    ) x`);
  return res.rowCount ?? 0;
}
