import { and, asc, eq } from 'drizzle-orm';
import { criterionMet, evidencedStage } from '../../../core/process/milestones.ts';
import type { Actor } from '../../auth/actor.ts';
import { getRow } from '../../crud/repo.ts';
import type { Db } from '../../db/client.ts';
import { criterionCompletions, pipelineStages, stagePeriods, users } from '../../db/schema/index.ts';
import { notFound } from '../../http/errors.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import { canOverride } from './move.service.ts';
import { loadDealFacts, loadStages, ownerManagerChain } from './process.repo.ts';

/**
 * Everything the deal page's stage path shows: every stage (done / current / upcoming) with its buyer step,
 * guidance, tools and milestone checklist (who completed what), the evidenced stage, and the stage history.
 */
export async function processView(opts: { db: Db; actor: Actor; id: string }) {
  const { db, actor, id } = opts;
  const deal = await getRow(db, opportunitiesResource, actor, id);
  if (!deal) throw notFound('opportunity');
  const facts = (await loadDealFacts(db, actor.orgId, id))!;
  const pipelineId = deal.pipelineId as string;
  const [stages, stageRows, completions, periods, people, ownerManagerIds] = await Promise.all([
    loadStages(db, actor.orgId, pipelineId),
    db
      .select()
      .from(pipelineStages)
      .where(and(eq(pipelineStages.orgId, actor.orgId), eq(pipelineStages.pipelineId, pipelineId))),
    db
      .select()
      .from(criterionCompletions)
      .where(and(eq(criterionCompletions.orgId, actor.orgId), eq(criterionCompletions.opportunityId, id))),
    db
      .select()
      .from(stagePeriods)
      .where(and(eq(stagePeriods.orgId, actor.orgId), eq(stagePeriods.opportunityId, id)))
      .orderBy(asc(stagePeriods.enteredAt), asc(stagePeriods.id)),
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.orgId, actor.orgId)),
    ownerManagerChain(db, actor.orgId, deal.ownerId as string),
  ]);
  const who = (uid: string | null) =>
    uid ? { id: uid, name: people.find((p) => p.id === uid)?.name ?? '' } : null;
  const current = stages.find((s) => s.id === deal.stageId)!;
  const evidenced = evidencedStage(stages, facts);
  return {
    opportunityId: id,
    pipelineId,
    stageId: current.id,
    evidencedStageId: evidenced.id,
    buyerStep: facts.buyerStep,
    canOverride: canOverride(actor, deal.ownerId as string),
    // The confirmation rule's input, so the deal page's Confirm button applies the server's rule itself.
    ownerId: deal.ownerId as string,
    ownerManagerIds,
    stages: stages.map((s) => {
      const row = stageRows.find((r) => r.id === s.id)!;
      return {
        id: s.id,
        position: s.position,
        nameEn: s.nameEn,
        nameZh: s.nameZh,
        buyerStepEn: row.buyerStepEn,
        buyerStepZh: row.buyerStepZh,
        funnelState: s.funnelState,
        probability: row.probability,
        expectedDays: s.expectedDays,
        guidanceEn: row.guidanceEn,
        guidanceZh: row.guidanceZh,
        tools: s.tools,
        retiredAt: s.retiredAt ?? null,
        status:
          s.position < current.position
            ? ('done' as const)
            : s.position === current.position
              ? ('current' as const)
              : ('upcoming' as const),
        criteria: s.criteria.map((c) => {
          const done = completions.find((x) => x.criterionId === c.id);
          return {
            ...c,
            hintEn: c.hintEn ?? null,
            hintZh: c.hintZh ?? null,
            met: criterionMet(c, facts),
            completion: done
              ? {
                  by: who(done.completedBy),
                  at: done.completedAt,
                  note: done.note,
                  link: done.link,
                  confirmedBy: who(done.confirmedBy),
                  confirmedAt: done.confirmedAt,
                }
              : null,
          };
        }),
      };
    }),
    history: periods.map((p) => ({
      stageId: p.stageId,
      enteredAt: p.enteredAt,
      leftAt: p.leftAt,
      enteredBy: who(p.enteredBy),
      fromStageId: p.fromStageId,
      reason: p.reason,
      override: p.override,
      unmetAtEntry: p.unmetAtEntry,
    })),
  };
}
