import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Criterion, DealFacts, Stage } from '../../../core/process/model.ts';
import type { DbOrTx } from '../../db/client.ts';
import { milestoneCriteria, pipelineStages } from '../../db/schema/index.ts';

/** A funnel model: its stages in order, each with its milestone criteria in order. */
export async function loadStages(db: DbOrTx, orgId: string, pipelineId: string): Promise<Stage[]> {
  const stages = await db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, pipelineId)))
    .orderBy(asc(pipelineStages.position));
  const criteria = await db
    .select()
    .from(milestoneCriteria)
    .where(and(eq(milestoneCriteria.orgId, orgId), eq(milestoneCriteria.pipelineId, pipelineId)))
    .orderBy(asc(milestoneCriteria.position));
  return stages.map((s) => ({
    id: s.id,
    position: s.position,
    nameEn: s.nameEn,
    nameZh: s.nameZh,
    expectedDays: s.expectedDays,
    funnelState: s.funnelState,
    tools: s.tools,
    retiredAt: s.retiredAt,
    criteria: criteria
      .filter((c) => c.stageId === s.id)
      .map(
        (c): Criterion => ({
          id: c.id,
          labelEn: c.labelEn,
          labelZh: c.labelZh,
          hintEn: c.hintEn,
          hintZh: c.hintZh,
          kind: c.kind,
          config: c.config as Criterion['config'],
          requiresConfirmation: c.requiresConfirmation,
        }),
      ),
  }));
}

type FactsRow = {
  id: string;
  pipeline_id: string;
  stage_id: string;
  status: DealFacts['status'];
  buyer_step: number | null;
  expected_close_date: string | null;
  created_at: string;
  stage_entered_at: string | null;
  fields: Record<string, unknown>;
  completions: DealFacts['completions'] | null;
  stakeholders: DealFacts['stakeholders'] | null;
  done_types: string[] | null;
  last_activity_at: string | null;
};

/**
 * The facts of many deals in one statement (correlated, index-backed subqueries), for gates, the deal
 * page and health over a whole pipeline. `where` selects the deals (always within the organization).
 */
export async function loadFacts(
  db: DbOrTx,
  orgId: string,
  where: SQL,
): Promise<Map<string, DealFacts & { pipelineId: string }>> {
  // Set-based: each child table is aggregated once for the selected deals and hash-joined, which scales to
  // a whole pipeline far better than one correlated subquery per deal and per child.
  const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const res = await db.execute<FactsRow>(sql`
    WITH d AS (
      SELECT o.* FROM opportunities o WHERE o.org_id = ${orgId} AND o.deleted_at IS NULL AND ${where}
    ), sp AS (
      SELECT sp.opportunity_id, max(sp.entered_at) AS entered_at FROM stage_periods sp
       WHERE sp.org_id = ${orgId} AND sp.left_at IS NULL AND sp.opportunity_id IN (SELECT id FROM d) GROUP BY 1
    ), cc AS (
      SELECT cc.opportunity_id, json_agg(json_build_object('criterionId', cc.criterion_id,
               'confirmed', cc.confirmed_by IS NOT NULL, 'link', cc.link)) AS completions
        FROM criterion_completions cc
       WHERE cc.org_id = ${orgId} AND cc.opportunity_id IN (SELECT id FROM d) GROUP BY 1
    ), sh AS (
      SELECT s.opportunity_id, json_agg(json_build_object('contactId', s.contact_id, 'role', s.role,
               'attitude', s.attitude, 'met', s.met)) AS stakeholders
        FROM stakeholders s
       WHERE s.org_id = ${orgId} AND s.deleted_at IS NULL AND s.opportunity_id IN (SELECT id FROM d) GROUP BY 1
    ), ac AS (
      SELECT a.opportunity_id, array_agg(DISTINCT a.type::text) AS done_types, max(a.start_at) AS last_at
        FROM activities a
       WHERE a.org_id = ${orgId} AND a.status = 'done' AND a.deleted_at IS NULL
         AND a.opportunity_id IN (SELECT id FROM d) GROUP BY 1
    )
    SELECT d.id, d.pipeline_id, d.stage_id, d.status, d.buyer_step,
           to_char(d.expected_close_date, 'YYYY-MM-DD') AS expected_close_date,
           ${iso('d.created_at')} AS created_at,
           ${iso('sp.entered_at')} AS stage_entered_at,
           json_build_object('name', d.name, 'amount', d.amount::float8, 'expectedCloseDate', d.expected_close_date,
             'nextStep', d.next_step, 'keyNeed', d.key_need, 'competitor', d.competitor, 'buyerStep', d.buyer_step,
             'closeReason', d.close_reason) AS fields,
           cc.completions, sh.stakeholders, ac.done_types,
           ${iso('ac.last_at')} AS last_activity_at
      FROM d
      LEFT JOIN sp ON sp.opportunity_id = d.id
      LEFT JOIN cc ON cc.opportunity_id = d.id
      LEFT JOIN sh ON sh.opportunity_id = d.id
      LEFT JOIN ac ON ac.opportunity_id = d.id`);
  const out = new Map<string, DealFacts & { pipelineId: string }>();
  for (const r of res.rows)
    out.set(r.id, {
      pipelineId: r.pipeline_id,
      stageId: r.stage_id,
      status: r.status,
      buyerStep: r.buyer_step,
      expectedCloseDate: r.expected_close_date,
      createdAt: r.created_at,
      stageEnteredAt: r.stage_entered_at ?? r.created_at,
      fields: r.fields,
      completions: r.completions ?? [],
      stakeholders: r.stakeholders ?? [],
      doneActivityTypes: r.done_types ?? [],
      lastActivityAt: r.last_activity_at,
    });
  return out;
}

export async function loadDealFacts(db: DbOrTx, orgId: string, opportunityId: string) {
  return (await loadFacts(db, orgId, sql`o.id = ${opportunityId}`)).get(opportunityId);
}

/**
 * Each owner's line manager chain: the managers of the owner's team and of every team above it (deleted
 * teams end the chain, as they end a manager's scope). The input of the confirmation rule
 * (`core/process/confirmation.ts`); owners without a team have an empty chain.
 */
export async function ownerManagerChains(
  db: DbOrTx,
  orgId: string,
  ownerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ownerIds.map((id) => [id, []]));
  if (!ownerIds.length) return out;
  const res = await db.execute<{ owner_id: string; managers: string[] | null }>(sql`
    WITH RECURSIVE chain AS (
      SELECT u.id AS owner_id, t.id AS team_id, t.parent_id, t.manager_id
        FROM users u JOIN teams t ON t.org_id = u.org_id AND t.id = u.team_id AND t.deleted_at IS NULL
       WHERE u.org_id = ${orgId} AND u.id = ANY(${`{${[...new Set(ownerIds)].join(',')}}`}::uuid[])
      UNION
      SELECT c.owner_id, t.id, t.parent_id, t.manager_id
        FROM chain c JOIN teams t ON t.org_id = ${orgId} AND t.id = c.parent_id AND t.deleted_at IS NULL
    )
    SELECT owner_id, array_agg(DISTINCT manager_id) FILTER (WHERE manager_id IS NOT NULL) AS managers
      FROM chain GROUP BY owner_id`);
  for (const r of res.rows) out.set(r.owner_id, r.managers ?? []);
  return out;
}

export async function ownerManagerChain(db: DbOrTx, orgId: string, ownerId: string): Promise<string[]> {
  return (await ownerManagerChains(db, orgId, [ownerId])).get(ownerId) ?? [];
}
