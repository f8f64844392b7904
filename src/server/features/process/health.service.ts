import { sql } from 'drizzle-orm';
import { dealHealth, type Health } from '../../../core/process/health.ts';
import type { Stage } from '../../../core/process/model.ts';
import type { Actor } from '../../auth/actor.ts';
import { getRow } from '../../crud/repo.ts';
import { opportunityVisible } from '../../crud/visibility.ts';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/errors.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import { loadFacts, loadStages } from './process.repo.ts';

export async function opportunityHealth(opts: {
  db: Db;
  actor: Actor;
  id: string;
  now: Date;
  /** The viewer's time zone, whose day decides a passed close date (default UTC). */
  timeZone?: string;
}): Promise<Health> {
  const { db, actor, id, now, timeZone } = opts;
  const deal = await getRow(db, opportunitiesResource, actor, id);
  if (!deal) throw notFound('opportunity');
  const facts = (await loadFacts(db, actor.orgId, sql`o.id = ${id}`)).get(id)!;
  const stages = await loadStages(db, actor.orgId, facts.pipelineId);
  return dealHealth(stages, facts, { now, locale: actor.locale, timeZone });
}

export type AtRisk = { id: string; name: string; ownerId: string; amount: number; stageId: string } & Health;

/**
 * The open deals the actor may see (a manager: their team subtree) whose health score is at or below
 * `maxScore`, worst first. Optionally narrowed to one owner or team.
 */
export async function atRiskDeals(opts: {
  db: Db;
  actor: Actor;
  now: Date;
  maxScore: number;
  limit: number;
  ownerId?: string;
  teamId?: string;
  timeZone?: string;
}): Promise<AtRisk[]> {
  const { db, actor, now } = opts;
  const vis = opportunityVisible(actor, 'o');
  const conds = [sql`o.status = 'open'`];
  if (vis) conds.push(vis);
  if (opts.ownerId) conds.push(sql`o.owner_id = ${opts.ownerId}`);
  if (opts.teamId)
    conds.push(sql`o.owner_id IN (SELECT u.id FROM users u WHERE u.org_id = ${actor.orgId} AND u.team_id IN (
      WITH RECURSIVE sub AS (SELECT id FROM teams WHERE org_id = ${actor.orgId} AND id = ${opts.teamId}
        UNION SELECT t.id FROM teams t JOIN sub ON t.parent_id = sub.id WHERE t.org_id = ${actor.orgId})
      SELECT id FROM sub))`);
  const facts = await loadFacts(db, actor.orgId, sql.join(conds, sql` AND `));
  const names = await db.execute<{ id: string; name: string; owner_id: string; amount: number }>(
    sql`SELECT id, name, owner_id, amount::float8 AS amount FROM opportunities o
         WHERE o.org_id = ${actor.orgId} AND o.deleted_at IS NULL AND ${sql.join(conds, sql` AND `)}`,
  );
  const byId = new Map(names.rows.map((r) => [r.id, r]));
  const models = new Map<string, Stage[]>();
  const out: AtRisk[] = [];
  for (const [id, f] of facts) {
    let stages = models.get(f.pipelineId);
    if (!stages) {
      stages = await loadStages(db, actor.orgId, f.pipelineId);
      models.set(f.pipelineId, stages);
    }
    const h = dealHealth(stages, f, { now, locale: actor.locale, timeZone: opts.timeZone });
    const d = byId.get(id)!;
    if (h.score <= opts.maxScore)
      out.push({ id, name: d.name, ownerId: d.owner_id, amount: d.amount, stageId: f.stageId, ...h });
  }
  out.sort((a, b) => a.score - b.score || b.amount - a.amount);
  return out.slice(0, opts.limit);
}
