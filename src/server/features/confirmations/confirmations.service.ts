import { sql } from 'drizzle-orm';
import { confirmsCriteria, mayConfirm } from '../../../core/process/confirmation.ts';
import type { Actor } from '../../auth/actor.ts';
import { opportunityVisible } from '../../crud/visibility.ts';
import type { DbOrTx } from '../../db/client.ts';
import { ownerManagerChains } from '../process/process.repo.ts';
import type { PendingAnswer } from './confirmations.routes.ts';

type Row = {
  opportunity_id: string;
  opportunity_name: string;
  owner_id: string;
  criterion_id: string;
  label_en: string;
  label_zh: string;
  kind: 'checkbox' | 'document';
  stage_id: string;
  stage_name_en: string;
  stage_name_zh: string;
  completed_by: string;
  completed_by_name: string | null;
  completed_at: string;
  note: string | null;
  link: string | null;
};

/**
 * The milestone criteria waiting for the actor's confirmation: completed on an open deal the actor sees,
 * the criterion asks for a confirmation, nobody has confirmed it yet, and the confirmation rule the confirm
 * action applies (`mayConfirm`, core) lets this actor give it. Oldest first; `total` counts them all.
 */
export async function pendingConfirmations(opts: {
  db: DbOrTx;
  actor: Actor;
  limit: number;
}): Promise<PendingAnswer> {
  const { db, actor, limit } = opts;
  if (!actor.canWriteSales || !confirmsCriteria(actor.role))
    return { canConfirm: false, total: 0, items: [] };
  const vis = opportunityVisible(actor, 'o');
  const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const res = await db.execute<Row>(sql`
    SELECT cc.opportunity_id, o.name AS opportunity_name, o.owner_id, cc.criterion_id,
           mc.label_en, mc.label_zh, mc.kind::text AS kind,
           ps.id AS stage_id, ps.name_en AS stage_name_en, ps.name_zh AS stage_name_zh,
           cc.completed_by, u.name AS completed_by_name, ${iso('cc.completed_at')} AS completed_at,
           cc.note, cc.link
      FROM criterion_completions cc
      JOIN opportunities o ON o.org_id = cc.org_id AND o.id = cc.opportunity_id
      JOIN milestone_criteria mc ON mc.org_id = cc.org_id AND mc.id = cc.criterion_id
      JOIN pipeline_stages ps ON ps.org_id = mc.org_id AND ps.id = mc.stage_id
      LEFT JOIN users u ON u.org_id = cc.org_id AND u.id = cc.completed_by
     WHERE cc.org_id = ${actor.orgId} AND cc.confirmed_by IS NULL
       AND mc.requires_confirmation AND mc.kind IN ('checkbox', 'document')
       AND mc.pipeline_id = o.pipeline_id
       AND o.deleted_at IS NULL AND o.status = 'open'
       ${vis ? sql`AND ${vis}` : sql``}
     ORDER BY cc.completed_at, o.name, ps.position, mc.position`);
  const chains = await ownerManagerChains(
    db,
    actor.orgId,
    res.rows.map((r) => r.owner_id),
  );
  const confirmer = { userId: actor.userId, role: actor.role };
  const waiting = res.rows.filter((r) =>
    mayConfirm({
      confirmer,
      ownerId: r.owner_id,
      ownerManagerIds: chains.get(r.owner_id) ?? [],
      completedBy: r.completed_by,
    }),
  );
  return {
    canConfirm: true,
    total: waiting.length,
    items: waiting.slice(0, limit).map((r) => ({
      opportunityId: r.opportunity_id,
      opportunityName: r.opportunity_name,
      ownerId: r.owner_id,
      criterionId: r.criterion_id,
      labelEn: r.label_en,
      labelZh: r.label_zh,
      kind: r.kind,
      stage: { id: r.stage_id, nameEn: r.stage_name_en, nameZh: r.stage_name_zh },
      completedBy: { id: r.completed_by, name: r.completed_by_name ?? '' },
      completedAt: r.completed_at,
      note: r.note,
      link: r.link,
    })),
  };
}
