import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { stagePeriods } from '../../db/schema/index.ts';

/** Ends the deal's open stage period (if any) and opens one in the new stage, in the caller's transaction. */
export async function enterStage(
  tx: DbOrTx,
  p: {
    orgId: string;
    opportunityId: string;
    pipelineId: string;
    stageId: string;
    at: string;
    by: string | null;
    fromStageId?: string | null;
    reason?: string | null;
    override?: boolean;
    unmet?: { criterionId: string; label: string }[] | null;
  },
): Promise<void> {
  await closeStagePeriod(tx, p.orgId, p.opportunityId, p.at);
  await tx.insert(stagePeriods).values({
    orgId: p.orgId,
    opportunityId: p.opportunityId,
    pipelineId: p.pipelineId,
    stageId: p.stageId,
    enteredAt: p.at,
    enteredBy: p.by,
    fromStageId: p.fromStageId ?? null,
    reason: p.reason ?? null,
    override: p.override ?? false,
    unmetAtEntry: p.unmet ?? null,
  });
}

/** Closing a deal ends its time in the current stage. */
export async function closeStagePeriod(
  tx: DbOrTx,
  orgId: string,
  opportunityId: string,
  at: string,
): Promise<void> {
  await tx
    .update(stagePeriods)
    .set({ leftAt: at })
    .where(
      and(
        eq(stagePeriods.orgId, orgId),
        eq(stagePeriods.opportunityId, opportunityId),
        isNull(stagePeriods.leftAt),
      ),
    );
}
