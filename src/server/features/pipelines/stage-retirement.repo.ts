import { sql } from 'drizzle-orm';
import { fieldError } from '../../../core/field-errors.ts';
import type { DbOrTx } from '../../db/client.ts';
import { invalid } from '../../http/errors.ts';

/** A stage as retirement reads it. */
export type RetirementStage = {
  id: string;
  position: number;
  nameEn: string;
  nameZh: string;
  retiredAt: string | null;
};

/**
 * The stages of a pipeline, locked FOR UPDATE (in id order, as stage removal locks them): a deal entering a
 * stage reads it FOR KEY SHARE first (`refuseRetiredStage`) and its foreign key check takes the same lock,
 * so once these locks are held every deal moved or created into them has committed (and is counted), and
 * none can enter a stage retired here before this transaction ends.
 */
export async function lockPipelineStages(
  tx: DbOrTx,
  orgId: string,
  pipelineId: string,
): Promise<RetirementStage[]> {
  const { rows } = await tx.execute<{
    id: string;
    position: number;
    name_en: string;
    name_zh: string;
    retired_at: string | null;
  }>(sql`
    SELECT id, position, name_en, name_zh,
           to_char(retired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS retired_at
      FROM pipeline_stages WHERE org_id = ${orgId} AND pipeline_id = ${pipelineId}
     ORDER BY id FOR UPDATE`);
  return rows
    .map((r) => ({
      id: r.id,
      position: r.position,
      nameEn: r.name_en,
      nameZh: r.name_zh,
      retiredAt: r.retired_at,
    }))
    .sort((a, b) => a.position - b.position);
}

/** Live open deals sitting in a stage (the recycle bin's are not: they block nothing until restored). */
export async function countOpenDeals(tx: DbOrTx, orgId: string, stageId: string): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM opportunities
     WHERE org_id = ${orgId} AND stage_id = ${stageId} AND status = 'open' AND deleted_at IS NULL`);
  return rows[0]?.n ?? 0;
}

/** Retires a stage as of `at`, or makes it active again (`at` null). */
export async function setRetiredAt(tx: DbOrTx, orgId: string, stageId: string, at: Date | null) {
  await tx.execute(sql`
    UPDATE pipeline_stages SET retired_at = ${at ? at.toISOString() : null}::timestamptz
     WHERE org_id = ${orgId} AND id = ${stageId}`);
}

/**
 * Refuses a deal entering a retired stage (created in it, moved into it, or put in it by a change of
 * pipeline): 422 naming `path` (`stageId`) with `stage_retired`. The stage is read FOR KEY SHARE, which
 * waits for a retirement in progress (it holds the stage FOR UPDATE) and then reads what it committed; an
 * unknown stage is left to the caller and the foreign keys.
 */
export async function refuseRetiredStage(tx: DbOrTx, orgId: string, stageId: string, path = 'stageId') {
  const { rows } = await tx.execute<{ name_en: string; name_zh: string; retired: boolean }>(sql`
    SELECT name_en, name_zh, retired_at IS NOT NULL AS retired FROM pipeline_stages
     WHERE org_id = ${orgId} AND id = ${stageId} FOR KEY SHARE`);
  const stage = rows[0];
  if (stage?.retired)
    throw invalid(
      [fieldError(path, 'stage_retired', { stageId, stage: stage.name_en, stageZh: stage.name_zh })],
      `The stage "${stage.name_en}" is retired and takes no new deals.`,
    );
}
