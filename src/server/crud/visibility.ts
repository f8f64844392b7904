import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';

/**
 * Record visibility, in one place. Every read and write of a sales record is filtered by these
 * predicates, so a handler cannot forget them:
 *   - admins, viewers and enablement see the whole organization (`scopeUserIds` null);
 *   - a manager sees records of everyone in the team subtree they manage, and their own;
 *   - a rep (or presales) sees their own records and the deals whose deal team they are on,
 *     plus what hangs off those deals (their account, contacts of that account, activities, notes).
 * The organization filter itself is applied separately, always.
 */

const scope = (actor: Actor): SQL => actor.scopeSql ?? sql`${`{${(actor.scopeUserIds ?? []).join(',')}}`}`;

export function opportunityVisible(actor: Actor, ref: string): SQL | undefined {
  if (!actor.scopeUserIds) return undefined;
  const r = sql.raw(ref);
  const s = scope(actor);
  return sql`(${r}.owner_id = ANY(${s}::uuid[]) OR EXISTS (SELECT 1 FROM opportunity_members vm
    WHERE vm.org_id = ${r}.org_id AND vm.opportunity_id = ${r}.id AND vm.user_id = ANY(${s}::uuid[])))`;
}

export function accountVisible(actor: Actor, ref: string): SQL | undefined {
  if (!actor.scopeUserIds) return undefined;
  const r = sql.raw(ref);
  const s = scope(actor);
  return sql`(${r}.owner_id = ANY(${s}::uuid[]) OR EXISTS (SELECT 1 FROM opportunities vo
    WHERE vo.org_id = ${r}.org_id AND vo.account_id = ${r}.id AND vo.deleted_at IS NULL
      AND ${opportunityVisible(actor, 'vo')}))`;
}

export function contactVisible(actor: Actor, ref: string): SQL | undefined {
  if (!actor.scopeUserIds) return undefined;
  const r = sql.raw(ref);
  const s = scope(actor);
  return sql`(${r}.owner_id = ANY(${s}::uuid[]) OR EXISTS (SELECT 1 FROM accounts va
    WHERE va.org_id = ${r}.org_id AND va.id = ${r}.account_id AND ${accountVisible(actor, 'va')}))`;
}

/** Activities and notes: own, or attached to a visible deal, account (or contact, for notes). */
export function attachedVisible(actor: Actor, ref: string, withContact: boolean): SQL | undefined {
  if (!actor.scopeUserIds) return undefined;
  const r = sql.raw(ref);
  const s = scope(actor);
  const contact = withContact
    ? sql` OR EXISTS (SELECT 1 FROM contacts vc WHERE vc.org_id = ${r}.org_id AND vc.id = ${r}.contact_id
        AND ${contactVisible(actor, 'vc')})`
    : sql``;
  return sql`(${r}.owner_id = ANY(${s}::uuid[])
    OR EXISTS (SELECT 1 FROM opportunities xo WHERE xo.org_id = ${r}.org_id AND xo.id = ${r}.opportunity_id
      AND ${opportunityVisible(actor, 'xo')})
    OR EXISTS (SELECT 1 FROM accounts xa WHERE xa.org_id = ${r}.org_id AND xa.id = ${r}.account_id
      AND ${accountVisible(actor, 'xa')})${contact})`;
}
