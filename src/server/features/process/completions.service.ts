import { and, eq } from 'drizzle-orm';
import { fieldError } from '../../../core/field-errors.ts';
import { type ConfirmRefusal, confirmRefusal } from '../../../core/process/confirmation.ts';
import type { Actor } from '../../auth/actor.ts';
import { lockRow } from '../../crud/repo.ts';
import type { Db } from '../../db/client.ts';
import { criterionCompletions, milestoneCriteria, opportunityHistory } from '../../db/schema/index.ts';
import { DomainError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import { ownerManagerChain } from './process.repo.ts';

type Action = 'complete' | 'uncomplete' | 'confirm';

const REFUSALS: Record<ConfirmRefusal, string> = {
  confirm_own: 'A second person must confirm what you completed.',
  confirm_own_deal: 'The deal owner may not confirm criteria on their own deal.',
  confirm_not_allowed: 'Only an admin or a manager over the deal owner confirms criteria on this deal.',
};

/** The confirmation rule of `core/process/confirmation.ts` as a 403 problem with its stable code. */
function confirmationError(refusal: ConfirmRefusal): DomainError {
  return new DomainError(403, refusal, REFUSALS[refusal]);
}

/**
 * Completes, clears or confirms a checkbox/document exit criterion on a deal. The other kinds
 * (stakeholder, activity, field) are never ticked by hand: they are met when the data says so.
 * Confirmation follows `confirmRefusal` (core): an admin or a manager over the deal owner, neither the one
 * who completed it nor the owner.
 */
export async function setCriterion(opts: {
  db: Db;
  actor: Actor;
  opportunityId: string;
  criterionId: string;
  action: Action;
  note?: string | null;
  link?: string | null;
  now: Date;
}): Promise<void> {
  const { db, actor, opportunityId, criterionId, action, now } = opts;
  await db.transaction(async (tx) => {
    const deal = await lockRow(tx, opportunitiesResource, actor, opportunityId);
    if (!deal) throw notFound('opportunity');
    if (!actor.canWriteSales) throw forbidden(`Your role (${actor.role}) may not change deals.`);
    const [criterion] = await tx
      .select()
      .from(milestoneCriteria)
      .where(
        and(
          eq(milestoneCriteria.orgId, actor.orgId),
          eq(milestoneCriteria.id, criterionId),
          eq(milestoneCriteria.pipelineId, deal.pipelineId as string),
        ),
      );
    if (!criterion) throw notFound('criterion');
    if (criterion.kind !== 'checkbox' && criterion.kind !== 'document')
      throw new DomainError(
        422,
        'criterion_automatic',
        'This criterion is met by the data itself (a stakeholder, an activity or a field), not by ticking it.',
      );
    const key = and(
      eq(criterionCompletions.opportunityId, opportunityId),
      eq(criterionCompletions.criterionId, criterionId),
    );
    const [existing] = await tx.select().from(criterionCompletions).where(key);
    const at = now.toISOString();
    if (action === 'complete') {
      const link = opts.link?.trim() || null;
      if (criterion.kind === 'document' && !link) throw invalid([fieldError('link', 'link_required')]);
      const values = {
        note: opts.note ?? null,
        link,
        completedBy: actor.userId,
        completedAt: at,
        confirmedBy: null,
        confirmedAt: null,
      };
      if (existing) await tx.update(criterionCompletions).set(values).where(key);
      else
        await tx
          .insert(criterionCompletions)
          .values({ orgId: actor.orgId, opportunityId, criterionId, ...values });
    } else if (action === 'uncomplete') {
      if (!existing) return;
      await tx.delete(criterionCompletions).where(key);
    } else {
      if (!existing)
        throw new DomainError(409, 'not_completed', 'Complete the criterion before confirming it.');
      const refusal = confirmRefusal({
        confirmer: { userId: actor.userId, role: actor.role },
        ownerId: deal.ownerId as string,
        ownerManagerIds: await ownerManagerChain(tx, actor.orgId, deal.ownerId as string),
        completedBy: existing.completedBy,
      });
      if (refusal) throw confirmationError(refusal);
      await tx.update(criterionCompletions).set({ confirmedBy: actor.userId, confirmedAt: at }).where(key);
    }
    await tx.insert(opportunityHistory).values({
      orgId: actor.orgId,
      opportunityId,
      actorId: actor.userId,
      at,
      field: 'milestone',
      oldValue: null,
      newValue: { criterionId, label: criterion.labelEn, action },
    });
  });
}
