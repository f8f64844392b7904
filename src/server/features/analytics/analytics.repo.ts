import { type SQL, sql } from 'drizzle-orm';
import { type AnalyticsScope, type Histogram, NO_PRODUCT } from '../../../core/analytics/model.ts';
import type { Actor } from '../../auth/actor.ts';
import { opportunityVisible } from '../../crud/visibility.ts';
import type { DbOrTx } from '../../db/client.ts';

/**
 * The analytics read the summary tables (see src/server/db/schema/analytics.ts), never the deals or their
 * stage history. Visibility is the one of the crud layer (`opportunityVisible`): the summary rows of the
 * owners in the actor's scope, plus — computed per deal from analytics_deals — the deals someone in the
 * scope is on the deal team of while their owner is outside it.
 */

export type SourceKind = 'stage' | 'outcome' | 'cycle' | 'open';
const SOURCES: Record<SourceKind, { summary: string; perDeal: string; perDealWhere?: string }> = {
  stage: { summary: 'analytics_stage_summary', perDeal: 'analytics_deal_stage_rows' },
  outcome: { summary: 'analytics_outcome_summary', perDeal: 'analytics_deal_outcome_rows' },
  cycle: {
    summary: 'analytics_cycle_summary',
    perDeal: 'analytics_deal_outcome_rows',
    perDealWhere: 's.won = 1',
  },
  open: { summary: 'analytics_open_summary', perDeal: 'analytics_deal_open_rows' },
};

/**
 * product_id of the outcome and cycle summaries' rows for deals without a product (drizzle/0017): NULL is
 * taken — it stands for the deal itself — and no product has the nil UUID.
 */
const NO_PRODUCT_ID = '00000000-0000-0000-0000-000000000000';

export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
export const monthDate = (month: string) => sql`${`${month}-01`}::date`;

/** What an actor's analytics cover: the org, the owners in scope, and the deal-team deals beyond them. */
export type ReadScope = { orgId: string; userIds: string[] | null; extraDeals: SQL | null };

export function readScope(actor: Actor): ReadScope {
  const ids = actor.scopeUserIds;
  if (!ids) return { orgId: actor.orgId, userIds: null, extraDeals: null };
  const scope = uuidArray(ids);
  // Deals visible through the deal team only: found from the members index, then held to the same rule
  // every other read of deals uses.
  const extraDeals = sql`SELECT o.id FROM opportunities o
     WHERE o.org_id = ${actor.orgId} AND o.deleted_at IS NULL
       AND o.id IN (SELECT m.opportunity_id FROM opportunity_members m
                     WHERE m.org_id = ${actor.orgId} AND m.user_id = ANY(${scope}))
       AND NOT (o.owner_id = ANY(${scope}))
       AND ${opportunityVisible(actor, 'o') ?? sql`true`}`;
  return { orgId: actor.orgId, userIds: ids, extraDeals };
}

/**
 * Rows of one summary shape (alias `s`) for what the actor sees: the summary table for owners in scope,
 * UNION ALL the per-deal rows of deal-team deals. `cols` and `where` use the alias `s`.
 */
export function source(scope: ReadScope, kind: SourceKind, cols: string, where: SQL): SQL {
  const src = SOURCES[kind];
  const c = sql.raw(cols);
  const owners = scope.userIds ? sql`AND s.owner_id = ANY(${uuidArray(scope.userIds)})` : sql``;
  const own = sql`SELECT ${c} FROM ${sql.raw(src.summary)} s WHERE s.org_id = ${scope.orgId} ${owners} AND ${where}`;
  if (!scope.extraDeals) return own;
  const extraWhere = src.perDealWhere ? sql.raw(` AND ${src.perDealWhere}`) : sql``;
  return sql`${own} UNION ALL SELECT ${c} FROM ${sql.raw(src.perDeal)} s
    WHERE s.org_id = ${scope.orgId} AND s.opportunity_id IN (${scope.extraDeals}) AND ${where}${extraWhere}`;
}

/** The teams whose own quotas an actor sees: all (null) or the subtree they manage. */
export async function managedTeams(db: DbOrTx, actor: Actor): Promise<AnalyticsScope> {
  if (!actor.scopeUserIds) return { userIds: null, teamIds: null };
  const res = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE managed AS (
      SELECT t.id FROM teams t WHERE t.org_id = ${actor.orgId} AND t.manager_id = ${actor.userId} AND t.deleted_at IS NULL
      UNION
      SELECT t.id FROM teams t JOIN managed m ON t.parent_id = m.id WHERE t.org_id = ${actor.orgId} AND t.deleted_at IS NULL
    ) SELECT id FROM managed`);
  return { userIds: actor.scopeUserIds, teamIds: res.rows.map((r) => r.id) };
}

export type Directory = {
  users: Map<string, { name: string; teamId: string | null }>;
  teams: Map<string, { name: string; parentId: string | null }>;
};

/** People and teams of the organization, for labels and team roll-ups. */
export async function loadDirectory(db: DbOrTx, orgId: string): Promise<Directory> {
  const users = await db.execute<{ id: string; name: string; team_id: string | null }>(
    sql`SELECT id, name, team_id FROM users WHERE org_id = ${orgId}`,
  );
  const teams = await db.execute<{ id: string; name: string; parent_id: string | null }>(
    sql`SELECT id, name, parent_id FROM teams WHERE org_id = ${orgId} AND deleted_at IS NULL`,
  );
  return {
    users: new Map(users.rows.map((u) => [u.id, { name: u.name, teamId: u.team_id }])),
    teams: new Map(teams.rows.map((t) => [t.id, { name: t.name, parentId: t.parent_id }])),
  };
}

export async function loadNames(
  db: DbOrTx,
  orgId: string,
  table: 'pipelines' | 'products',
  ids: string[],
): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const res = await db.execute<{ id: string; name: string }>(
    sql`SELECT id, name FROM ${sql.raw(table)} WHERE org_id = ${orgId} AND id = ANY(${uuidArray(ids)})`,
  );
  return new Map(res.rows.map((r) => [r.id, r.name]));
}

export type StageRow = {
  id: string;
  pipeline_id: string;
  position: number;
  name_en: string;
  name_zh: string;
  probability: number;
  expected_days: number;
  /** ISO timestamp (UTC, milliseconds) when the stage was retired; null: active. */
  retired_at: string | null;
};

/**
 * The stages of one pipeline, retired ones included: their history still counts in the funnel and time in
 * stage, and the answers say which are retired so the charts can mark them. pipeline_stages is tiny.
 */
export async function loadPipelineStages(db: DbOrTx, orgId: string, pipelineId: string): Promise<StageRow[]> {
  const res = await db.execute<StageRow>(sql`
    SELECT id, pipeline_id, position, name_en, name_zh, probability, expected_days,
           to_char(retired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS retired_at
      FROM pipeline_stages
     WHERE org_id = ${orgId} AND pipeline_id = ${pipelineId} ORDER BY position`);
  return res.rows;
}

/** The pipeline asked for (live), or the organization's default one. */
export async function resolvePipeline(
  db: DbOrTx,
  orgId: string,
  pipelineId: string | undefined,
): Promise<string | undefined> {
  const res = await db.execute<{ id: string }>(sql`
    SELECT id FROM pipelines WHERE org_id = ${orgId} AND deleted_at IS NULL
       AND ${pipelineId ? sql`id = ${pipelineId}` : sql`is_default`}
     LIMIT 1`);
  return res.rows[0]?.id;
}

/**
 * Key of a grouping over a source aliased `s` (team needs the owner joined as `u`, which `join` does), in
 * its own type (uuids and dates group and sort faster than text), and `text` turning a column holding it
 * into the API's string key.
 */
export function grouping(
  groupBy: string,
  orgId: string,
): { key: SQL; join: SQL; text: (col: string) => SQL } {
  const none = sql``;
  const asText = (col: string) => sql.raw(`${col}::text`);
  switch (groupBy) {
    case 'owner':
      return { key: sql`s.owner_id`, join: none, text: asText };
    case 'team':
      return {
        key: sql`u.team_id`,
        join: sql`LEFT JOIN users u ON u.org_id = ${orgId} AND u.id = s.owner_id`,
        text: asText,
      };
    case 'pipeline':
      return { key: sql`s.pipeline_id`, join: none, text: asText };
    case 'product':
      // Product rows of the summaries (the caller keeps product_id NULL, the deal itself, out): a product
      // id, or the sentinel of the deals without one (drizzle/0017), which the API calls NO_PRODUCT.
      return {
        key: sql`s.product_id`,
        join: none,
        text: (col) =>
          sql.raw(`CASE WHEN ${col} = '${NO_PRODUCT_ID}'::uuid THEN '${NO_PRODUCT}' ELSE ${col}::text END`),
      };
    case 'month':
      return { key: sql`s.closed_month`, join: none, text: (col) => sql.raw(`to_char(${col}, 'YYYY-MM')`) };
    default:
      return { key: sql`0`, join: none, text: () => sql`'all'` };
  }
}

export type OutcomeAgg = {
  key: string | null;
  won: number;
  lost: number;
  no_decision: number;
  won_amount: number;
  won_cycle_days: number;
};

/**
 * Won / lost / no decision of deals closed in [from, to] (months), by a grouping. By product: a group per
 * product and one of the deals without (NO_PRODUCT); a deal with several products counts in each of their
 * groups, so the groups may add up to more than the deals — the total (grouping `none`, the rows with
 * product_id NULL) counts each deal once.
 */
export async function outcomeTotals(
  db: DbOrTx,
  scope: ReadScope,
  q: { groupBy: string; from: string; to: string; pipelineId?: string },
): Promise<OutcomeAgg[]> {
  const g = grouping(q.groupBy, scope.orgId);
  const where = sql`s.product_id IS ${q.groupBy === 'product' ? sql`NOT NULL` : sql`NULL`}
    AND s.closed_month BETWEEN ${monthDate(q.from)} AND ${monthDate(q.to)}
    ${q.pipelineId ? sql`AND s.pipeline_id = ${q.pipelineId}` : sql``}`;
  const src = source(
    scope,
    'outcome',
    's.owner_id, s.pipeline_id, s.product_id, s.closed_month, s.won, s.lost, s.no_decision, s.won_amount, s.won_cycle_days',
    where,
  );
  const res = await db.execute<OutcomeAgg>(sql`
    SELECT ${g.text('k')} AS key, won, lost, no_decision, won_amount, won_cycle_days FROM (
      SELECT ${g.key} AS k, sum(s.won)::int AS won, sum(s.lost)::int AS lost, sum(s.no_decision)::int AS no_decision,
             sum(s.won_amount)::float8 AS won_amount, sum(s.won_cycle_days)::float8 AS won_cycle_days
        FROM (${src}) s ${g.join}
       GROUP BY 1
      HAVING sum(s.won) + sum(s.lost) + sum(s.no_decision) > 0) x`);
  return res.rows;
}

export type CycleHistogram = Histogram & { key: string | null };

/**
 * The cycle days of won deals closed in [from, to] (months), by a grouping: each group's histogram of cycle
 * lengths (ascending), exact, from the summary rows it adds up. Products group as in `outcomeTotals`.
 */
export async function cycleHistograms(
  db: DbOrTx,
  scope: ReadScope,
  q: { groupBy: string; from: string; to: string; pipelineId?: string },
): Promise<CycleHistogram[]> {
  const g = grouping(q.groupBy, scope.orgId);
  const where = sql`s.product_id IS ${q.groupBy === 'product' ? sql`NOT NULL` : sql`NULL`}
    AND s.closed_month BETWEEN ${monthDate(q.from)} AND ${monthDate(q.to)}
    ${q.pipelineId ? sql`AND s.pipeline_id = ${q.pipelineId}` : sql``}`;
  const src = source(
    scope,
    'cycle',
    's.owner_id, s.pipeline_id, s.product_id, s.closed_month, s.cycle_days, s.won',
    where,
  );
  const res = await db.execute<{ key: string | null; days: number[]; counts: number[] }>(sql`
    SELECT ${g.text('k')} AS key, array_agg(cycle_days ORDER BY cycle_days) AS days,
           array_agg(n ORDER BY cycle_days) AS counts
      FROM (SELECT ${g.key} AS k, s.cycle_days, sum(s.won)::int AS n
              FROM (${src}) s ${g.join}
             GROUP BY 1, 2
            HAVING sum(s.won) <> 0) h
     GROUP BY k`);
  return res.rows.map((r) => ({ key: r.key, values: r.days, counts: r.counts }));
}

export type StageAgg = {
  stage_id: string;
  reached: number;
  reached_won: number;
  reached_closed: number;
  entered: number;
  stays: number;
  stay_ms: number;
  open_stays: number;
};

/** Per stage of one pipeline (or all), for deals created in [from, to] (or ever). */
export async function stageTotals(
  db: DbOrTx,
  scope: ReadScope,
  q: { pipelineId?: string; from?: string; to?: string; stageIds?: string[] },
): Promise<StageAgg[]> {
  const conds: SQL[] = [sql`true`];
  if (q.pipelineId) conds.push(sql`s.pipeline_id = ${q.pipelineId}`);
  if (q.from && q.to) conds.push(sql`s.cohort_month BETWEEN ${monthDate(q.from)} AND ${monthDate(q.to)}`);
  if (q.stageIds) conds.push(sql`s.stage_id = ANY(${uuidArray(q.stageIds)})`);
  const src = source(
    scope,
    'stage',
    's.stage_id, s.reached, s.reached_won, s.reached_closed, s.entered, s.stays, s.stay_ms, s.open_stays',
    sql.join(conds, sql` AND `),
  );
  const res = await db.execute<StageAgg>(sql`
    SELECT s.stage_id, sum(s.reached)::int AS reached, sum(s.reached_won)::int AS reached_won,
           sum(s.reached_closed)::int AS reached_closed, sum(s.entered)::int AS entered,
           sum(s.stays)::int AS stays, sum(s.stay_ms)::float8 AS stay_ms, sum(s.open_stays)::int AS open_stays
      FROM (${src}) s
     GROUP BY 1`);
  return res.rows;
}

export type OpenAgg = {
  key: string | null;
  owner_id: string;
  stage_id: string;
  forecast_category: string;
  deals: number;
  amount: number;
};

/** Open deals by a grouping (and owner, stage, category), optionally those expected to close in some months. */
export async function openTotals(
  db: DbOrTx,
  scope: ReadScope,
  q: { groupBy: string; months?: string[]; pipelineId?: string; excludeOmitted?: boolean },
): Promise<OpenAgg[]> {
  const g = grouping(q.groupBy, scope.orgId);
  const conds: SQL[] = [sql`true`];
  if (q.months)
    conds.push(sql`s.close_month = ANY(${`{${q.months.map((m) => `${m}-01`).join(',')}}`}::date[])`);
  if (q.pipelineId) conds.push(sql`s.pipeline_id = ${q.pipelineId}`);
  if (q.excludeOmitted) conds.push(sql`s.forecast_category <> 'omitted'`);
  const src = source(
    scope,
    'open',
    's.owner_id, s.pipeline_id, s.stage_id, s.forecast_category, s.close_month, s.deals, s.amount',
    sql.join(conds, sql` AND `),
  );
  const res = await db.execute<OpenAgg>(sql`
    SELECT ${g.text('k')} AS key, owner_id, stage_id, forecast_category, deals, amount FROM (
      SELECT ${g.key} AS k, s.owner_id, s.stage_id, s.forecast_category::text AS forecast_category,
             sum(s.deals)::int AS deals, sum(s.amount)::float8 AS amount
        FROM (${src}) s ${g.join}
       GROUP BY 1, 2, 3, 4
      HAVING sum(s.deals) <> 0) x`);
  return res.rows;
}

/**
 * The first month with deals in the range analytics the actor sees: the earliest month a deal closed in
 * (win rates, cycle time, velocity) or was created in with a stage history (funnel, time in stage) — as
 * far back as imported history goes. From the summaries' indexes: the outcome summary is keyed by month
 * after the organization; the stage summary by pipeline first, so its earliest month is looked up per
 * pipeline. Rows whose figures all cancelled out (their deals changed or went) count for nothing.
 */
export async function firstMonth(db: DbOrTx, scope: ReadScope): Promise<string | null> {
  const closed = source(
    scope,
    'outcome',
    's.closed_month',
    sql`s.product_id IS NULL AND (s.won <> 0 OR s.lost <> 0 OR s.no_decision <> 0)`,
  );
  const created = source(scope, 'stage', 's.cohort_month', sql`s.pipeline_id = p.id AND s.reached <> 0`);
  const res = await db.execute<{ first: string | null }>(sql`
    SELECT to_char(least(
      (SELECT min(c.closed_month) FROM (${closed}) c),
      (SELECT min(x.m) FROM pipelines p
         CROSS JOIN LATERAL (SELECT min(c.cohort_month) AS m FROM (${created}) c) x
        WHERE p.org_id = ${scope.orgId})
    ), 'YYYY-MM') AS first`);
  return res.rows[0]?.first ?? null;
}

/** Recomputes an organization's summaries from the raw rows (bulk loads, imports, repair). */
export async function rebuildAnalyticsSql(db: DbOrTx, orgId: string): Promise<void> {
  await db.execute(sql`SELECT winpath_analytics_rebuild(${orgId}::uuid)`);
}
