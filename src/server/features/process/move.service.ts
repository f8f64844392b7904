import { fieldError } from '../../../core/field-errors.ts';
import { unmetForMove } from '../../../core/process/milestones.ts';
import { label } from '../../../core/process/model.ts';
import type { Actor } from '../../auth/actor.ts';
import { getRow, lockRow, updateRow } from '../../crud/repo.ts';
import type { Row } from '../../crud/resource.ts';
import type { Db } from '../../db/client.ts';
import { opportunityHistory } from '../../db/schema/index.ts';
import { DomainError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import { refuseRetiredStage } from '../pipelines/stage-retirement.repo.ts';
import { loadDealFacts, loadStages } from './process.repo.ts';
import { enterStage } from './stage-periods.ts';

/**
 * Who may override a milestone gate: admins, and managers over the deal owner — never the owner, whatever
 * their role: an override is a second person's decision (PRODUCT.md: managers approve gate overrides), as a
 * milestone confirmation is (`confirmRefusal` in src/core/process/confirmation.ts).
 */
export function canOverride(actor: Actor, ownerId: string): boolean {
  if (actor.userId === ownerId) return false;
  return actor.isAdmin || (actor.role === 'manager' && (actor.scopeUserIds?.includes(ownerId) ?? false));
}

/**
 * Moves a deal to another stage of its funnel model. Forward moves must meet every exit criterion of the
 * stages being left (and skipped), else 409 `milestone_unmet` with the list; a manager may override with a
 * reason, which the stage history keeps. Backward moves need a reason. A retired stage takes no deals (422
 * `stage_retired`), though a deal in one may leave it. One transaction.
 */
export async function moveOpportunity(opts: {
  db: Db;
  actor: Actor;
  id: string;
  stageId: string;
  reason?: string;
  override?: boolean;
  ifMatch?: number;
  now: Date;
}): Promise<Row> {
  const { db, actor, id, now } = opts;
  const reason = opts.reason?.trim() || null;
  return db.transaction(async (tx) => {
    const before = await lockRow(tx, opportunitiesResource, actor, id);
    if (!before) throw notFound('opportunity');
    if (opts.ifMatch !== undefined && before.version !== opts.ifMatch)
      throw new DomainError(412, 'version_conflict', 'Someone changed this deal after you read it.', {
        current: { version: before.version, updatedAt: before.updatedAt },
      });
    if (!actor.canWriteSales) throw forbidden(`Your role (${actor.role}) may not move deals.`);
    if (before.status !== 'open')
      throw new DomainError(409, 'deal_closed', 'The deal is closed; reopen it before moving it.');
    const stages = await loadStages(tx, actor.orgId, before.pipelineId as string);
    const target = stages.find((s) => s.id === opts.stageId);
    if (!target) throw invalid([fieldError('stageId', 'stage_of_other_pipeline')]);
    const current = stages.find((s) => s.id === before.stageId)!;
    if (target.id === current.id) return (await getRow(tx, opportunitiesResource, actor, id))!;
    // A retired stage takes no deals (checked under a lock a retirement in progress waits for, or holds).
    await refuseRetiredStage(tx, actor.orgId, target.id);

    let unmet: { stageId: string; criterionId: string; label: string }[] = [];
    if (target.position < current.position) {
      if (!reason)
        throw invalid([fieldError('reason', 'back_reason_required')], 'Say why the deal moves back.');
    } else {
      const facts = (await loadDealFacts(tx, actor.orgId, id))!;
      unmet = unmetForMove(stages, current.position, target.position, facts).map((u) => ({
        stageId: u.stageId,
        criterionId: u.criterion.id,
        label: label(u.criterion, actor.locale),
      }));
      if (unmet.length && !opts.override)
        throw new DomainError(409, 'milestone_unmet', `${unmet.length} exit criteria are not met yet.`, {
          unmet,
          // Whether this user may move it anyway with `override` and a reason: the client asks for one or
          // says who can, instead of guessing from the role.
          canOverride: canOverride(actor, before.ownerId as string),
        });
      if (unmet.length) {
        if (!canOverride(actor, before.ownerId as string))
          throw new DomainError(
            403,
            'override_not_allowed',
            'Only a manager of the deal owner (or an admin), not the owner, may override a gate.',
          );
        if (!reason)
          throw invalid(
            [fieldError('reason', 'override_reason_required')],
            'Say why the gate is overridden.',
          );
      }
    }
    const at = now.toISOString();
    await updateRow(tx, opportunitiesResource, actor, id, { stageId: target.id }, now);
    await tx.insert(opportunityHistory).values({
      orgId: actor.orgId,
      opportunityId: id,
      actorId: actor.userId,
      at,
      field: 'stageId',
      oldValue: current.id,
      newValue: target.id,
    });
    await enterStage(tx, {
      orgId: actor.orgId,
      opportunityId: id,
      pipelineId: before.pipelineId as string,
      stageId: target.id,
      at,
      by: actor.userId,
      fromStageId: current.id,
      reason,
      override: unmet.length > 0,
      unmet: unmet.length ? unmet.map(({ criterionId, label }) => ({ criterionId, label })) : null,
    });
    return (await getRow(tx, opportunitiesResource, { ...actor, scopeUserIds: null }, id))!;
  });
}
