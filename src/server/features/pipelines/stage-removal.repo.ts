import { sql } from 'drizzle-orm';
import { type FieldError, fieldError } from '../../../core/field-errors.ts';
import { sentence } from '../../../core/wording.ts';
import type { DbOrTx } from '../../db/client.ts';
import { DomainError } from '../../http/errors.ts';

type StageUse = {
  id: string;
  name_en: string;
  name_zh: string;
  open: number;
  closed: number;
  /** Deals with a stay in the stage in their history (and deals in the recycle bin sitting in it). */
  history: number;
};

/**
 * Refuses, in the saving transaction, to remove stages that deals still use: a 409 `stage_in_use` naming
 * each such stage with its deals (open and closed) or, for a stage only the history of deals passed
 * through, how many deals' history it is in. Removing such a stage would orphan or silently delete stage
 * history (win rates, time in stage, funnel conversion all read it), so it is kept; the foreign keys from
 * opportunities and stage_periods (ON DELETE NO ACTION) stay the final guard. The wording of both refusals
 * says such a stage can be retired instead (stage-retirement.service.ts), and the designer offers it.
 */
export async function refuseRemovingUsedStages(tx: DbOrTx, orgId: string, removed: string[]) {
  if (!removed.length) return;
  const ids = `{${removed.join(',')}}`;
  // Locked first: a deal being moved into one of these stages holds a key-share lock on it (its foreign
  // key check), so the counts below see every deal committed before the stage goes, and none comes after.
  await tx.execute(
    sql`SELECT id FROM pipeline_stages WHERE org_id = ${orgId} AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`,
  );
  const { rows } = await tx.execute<StageUse>(sql`
    SELECT s.id, s.name_en, s.name_zh,
      (SELECT count(*)::int FROM opportunities o
        WHERE o.org_id = s.org_id AND o.stage_id = s.id AND o.deleted_at IS NULL AND o.status = 'open') AS open,
      (SELECT count(*)::int FROM opportunities o
        WHERE o.org_id = s.org_id AND o.stage_id = s.id AND o.deleted_at IS NULL AND o.status <> 'open') AS closed,
      (SELECT count(*)::int FROM (
          SELECT p.opportunity_id FROM stage_periods p WHERE p.org_id = s.org_id AND p.stage_id = s.id
          UNION
          SELECT o.id FROM opportunities o WHERE o.org_id = s.org_id AND o.stage_id = s.id
        ) d) AS history
    FROM pipeline_stages s
    WHERE s.org_id = ${orgId} AND s.id = ANY(${ids}::uuid[])
    ORDER BY s.position`);
  const errors = rows.flatMap((s) => stageUseError(s));
  if (!errors.length) return;
  throw new DomainError(409, 'stage_in_use', errors.map((e) => `${sentence(e.message)}.`).join(' '), {
    errors,
  });
}

/** Why a stage cannot go, as a field error on `stages` naming it (`params.stageId` says which). */
function stageUseError(s: StageUse): FieldError[] {
  const stage = { stageId: s.id, stage: s.name_en, stageZh: s.name_zh };
  if (s.open + s.closed > 0)
    return [
      fieldError('stages', 'stage_has_deals', {
        ...stage,
        deals: s.open + s.closed,
        open: s.open,
        closed: s.closed,
      }),
    ];
  if (s.history > 0) return [fieldError('stages', 'stage_in_history', { ...stage, deals: s.history })];
  return [];
}
