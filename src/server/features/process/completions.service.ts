import { and, eq } from 'drizzle-orm';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import { lockRow } from '../../crud/repo.ts';
import type { Db } from '../../db/client.ts';
import { criterionCompletions, milestoneCriteria, opportunityHistory } from '../../db/schema/index.ts';
import { DomainError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import { canOverride } from './move.service.ts';

type Action = 'complete' | 'uncomplete' | 'confirm';

/** Whether the actor's role confirms criteria at all: a manager or an admin (who may change deals). */
export function confirmsCriteria(actor: Actor): boolean {
  return actor.canWriteSales && (actor.isAdmin || actor.role === 'manager');
}

/**
 * Why the actor may not confirm a criterion that `completedBy` completed on a deal the actor sees, or null
 * when they may. Confirmation is a second person's: a manager or admin other than the one who completed it.
 */
export function confirmRefusal(actor: Actor, completedBy: string): DomainError | null {
  if (completedBy === actor.userId)
    return new DomainError(403, 'confirm_own', 'A second person must confirm what you completed.');
  if (!confirmsCriteria(actor)) return forbidden('Only a manager or an admin confirms criteria.');
  return null;
}

/**
 * Whether a completion waits for this actor: they may confirm it (above), and they are the one who oversees
 * the deal's owner (an admin, or a manager over the owner: the person the deal page offers the confirm
 * button to). My day's "Waiting for your confirmation" lists exactly these.
 */
export function awaitsConfirmationBy(
  actor: Actor,
  completion: { ownerId: string; completedBy: string },
): boolean {
  return confirmRefusal(actor, completion.completedBy) === null && canOverride(actor, completion.ownerId);
}

/**
 * Completes, clears or confirms a checkbox/document exit criterion on a deal. The other kinds
 * (stakeholder, activity, field) are never ticked by hand: they are met when the data says so.
 * Confirmation is a second person's: a manager or admin other than the one who completed it.
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
      const refusal = confirmRefusal(actor, existing.completedBy);
      if (refusal) throw refusal;
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
