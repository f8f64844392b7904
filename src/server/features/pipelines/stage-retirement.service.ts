import { fieldError } from '../../../core/field-errors.ts';
import { retireRefusal } from '../../../core/process/retirement.ts';
import type { Actor } from '../../auth/actor.ts';
import { getRow, lockRow, updateRow } from '../../crud/repo.ts';
import type { Row } from '../../crud/resource.ts';
import type { Db } from '../../db/client.ts';
import { conflict, DomainError, forbidden, notFound } from '../../http/errors.ts';
import { pipelinesResource } from './pipelines.resource.ts';
import { countOpenDeals, lockPipelineStages, setRetiredAt } from './stage-retirement.repo.ts';

/**
 * Retires a stage of a funnel model (停用), or makes a retired one active again, and answers the pipeline
 * as read after it. One transaction: the pipeline is locked first (so two retirements of one model, or a
 * retirement and a save of the designer, take turns and the last-active-stage rule holds), then its stages.
 * Retiring is refused (409) while open deals sit in the stage — the admin moves them first, so no deal is
 * stranded in a stage it cannot be moved within — and for the model's last active stage. Retiring or
 * restoring a stage that already is so changes nothing. A change is a change of the model: its version goes
 * up, and `ifMatch`, when sent, must be the version the caller read.
 */
export async function setStageRetired(opts: {
  db: Db;
  actor: Actor;
  pipelineId: string;
  stageId: string;
  retired: boolean;
  ifMatch?: number;
  now: Date;
}): Promise<Row> {
  const { db, actor, pipelineId, stageId, retired, now } = opts;
  return db.transaction(async (tx) => {
    const pipeline = await lockRow(tx, pipelinesResource, actor, pipelineId);
    if (!pipeline) throw notFound('pipeline');
    if (!actor.isAdmin) throw forbidden('Only admins design funnel models.');
    if (opts.ifMatch !== undefined && pipeline.version !== opts.ifMatch)
      throw new DomainError(412, 'version_conflict', 'Someone changed this funnel model after you read it.', {
        current: { version: pipeline.version, updatedAt: pipeline.updatedAt },
      });
    const stages = await lockPipelineStages(tx, actor.orgId, pipelineId);
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) throw notFound('stage');
    if (retired !== !!stage.retiredAt) {
      if (retired) {
        const refusal = retireRefusal(stages, stageId, await countOpenDeals(tx, actor.orgId, stageId));
        const named = { stageId, stage: stage.nameEn, stageZh: stage.nameZh };
        if (refusal?.code === 'last_active_stage')
          throw conflict(
            'last_active_stage',
            `"${stage.nameEn}" is the only active stage of this funnel model; it cannot be retired.`,
            { errors: [fieldError('stageId', 'last_active_stage', named)] },
          );
        if (refusal?.code === 'stage_has_open_deals')
          throw conflict(
            'stage_has_open_deals',
            `${refusal.open} open ${refusal.open === 1 ? 'deal is' : 'deals are'} in the stage "${stage.nameEn}": move ${refusal.open === 1 ? 'it' : 'them'} to another stage first, then retire it.`,
            {
              open: refusal.open,
              errors: [fieldError('stageId', 'stage_has_open_deals', { ...named, open: refusal.open })],
            },
          );
      }
      await setRetiredAt(tx, actor.orgId, stageId, retired ? now : null);
      await updateRow(tx, pipelinesResource, actor, pipelineId, {}, now);
    }
    return (await getRow(tx, pipelinesResource, actor, pipelineId))!;
  });
}
