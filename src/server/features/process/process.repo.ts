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
  const res = await db.execute<FactsRow>(sql`
    SELECT o.id, o.pipeline_id, o.stage_id, o.status, o.buyer_step,
           to_char(o.expected_close_date, 'YYYY-MM-DD') AS expected_close_date,
           to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
           (SELECT to_char(sp.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM stage_periods sp
             WHERE sp.org_id = o.org_id AND sp.opportunity_id = o.id AND sp.left_at IS NULL) AS stage_entered_at,
           json_build_object('name', o.name, 'amount', o.amount::float8, 'expectedCloseDate', o.expected_close_date,
             'nextStep', o.next_step, 'keyNeed', o.key_need, 'competitor', o.competitor, 'buyerStep', o.buyer_step,
             'closeReason', o.close_reason) AS fields,
           (SELECT json_agg(json_build_object('criterionId', cc.criterion_id, 'confirmed', cc.confirmed_by IS NOT NULL,
              'link', cc.link)) FROM criterion_completions cc
             WHERE cc.org_id = o.org_id AND cc.opportunity_id = o.id) AS completions,
           (SELECT json_agg(json_build_object('contactId', s.contact_id, 'role', s.role, 'attitude', s.attitude, 'met', s.met))
              FROM stakeholders s WHERE s.org_id = o.org_id AND s.opportunity_id = o.id AND s.deleted_at IS NULL) AS stakeholders,
           (SELECT array_agg(DISTINCT a.type::text) FROM activities a
             WHERE a.org_id = o.org_id AND a.opportunity_id = o.id AND a.status = 'done' AND a.deleted_at IS NULL) AS done_types,
           (SELECT to_char(max(a.start_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM activities a
             WHERE a.org_id = o.org_id AND a.opportunity_id = o.id AND a.status = 'done' AND a.deleted_at IS NULL) AS last_activity_at
      FROM opportunities o
     WHERE o.org_id = ${orgId} AND o.deleted_at IS NULL AND ${where}`);
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
