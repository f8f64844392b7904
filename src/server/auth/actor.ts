import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

export const ROLES = ['admin', 'manager', 'rep', 'presales', 'enablement', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is making a request, resolved once per credential and cached briefly.
 * `scopeUserIds` is the visibility scope: null means the whole organization (admins and the read-only
 * roles); otherwise the users whose records this actor sees (self, plus a manager's team subtree).
 */
export type Actor = {
  orgId: string;
  userId: string;
  role: Role;
  name: string;
  email: string | null;
  locale: 'en' | 'zh-CN';
  scopeUserIds: string[] | null;
  /** May create and change sales records (viewer and enablement read only). */
  canWriteSales: boolean;
  isAdmin: boolean;
  /**
   * Internal: the SQL standing for the scope in visibility predicates. Prepared statements set it to a
   * placeholder so one statement serves every actor of that shape; otherwise the scope is inlined as a value.
   */
  scopeSql?: SQL;
};

const ORG_WIDE_READERS: ReadonlySet<Role> = new Set(['admin', 'viewer', 'enablement']);

type UserRow = {
  id: string;
  org_id: string;
  role: Role;
  name: string;
  email: string | null;
  locale: 'en' | 'zh-CN';
};

/** Loads an active user as an Actor, or undefined when the user is unknown, deleted or deactivated. */
export async function loadActor(db: DbOrTx, orgId: string, userId: string): Promise<Actor | undefined> {
  const res = await db.execute<UserRow & { scope: string[] | null }>(sql`
    WITH RECURSIVE managed AS (
      SELECT t.id FROM teams t
       WHERE t.org_id = ${orgId} AND t.manager_id = ${userId} AND t.deleted_at IS NULL
      UNION
      SELECT t.id FROM teams t JOIN managed m ON t.parent_id = m.id
       WHERE t.org_id = ${orgId} AND t.deleted_at IS NULL
    )
    SELECT u.id, u.org_id, u.role, u.name, u.email, u.locale,
           (SELECT array_agg(m.id) FROM users m
             WHERE m.org_id = ${orgId} AND (m.id = u.id OR m.team_id IN (SELECT id FROM managed))) AS scope
      FROM users u
     WHERE u.org_id = ${orgId} AND u.id = ${userId} AND u.status = 'active' AND u.deleted_at IS NULL`);
  const row = res.rows[0];
  if (!row) return undefined;
  const orgWide = ORG_WIDE_READERS.has(row.role);
  return {
    orgId: row.org_id,
    userId: row.id,
    role: row.role,
    name: row.name,
    email: row.email,
    locale: row.locale,
    scopeUserIds: orgWide ? null : row.role === 'manager' ? (row.scope ?? [row.id]) : [row.id],
    canWriteSales: row.role !== 'viewer' && row.role !== 'enablement',
    isAdmin: row.role === 'admin',
  };
}

/**
 * A short-lived in-process cache of credential → actor, so an authenticated read costs one query, not two.
 * Writes that change who sees what (users, teams, tokens, sessions) clear it; across processes the TTL
 * bounds staleness.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 10_000,
  ) {}
  get(key: string, now = Date.now()): Actor | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.actor;
  }
  set(key: string, actor: Actor, now = Date.now()): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { actor, until: now + this.ttlMs });
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}
