import type pg from 'pg';
import { referenceKey } from '../../../core/import/normalize.ts';
import type { Pending } from './resolver.ts';

/**
 * The statements an import runs around the entity writers (writers.ts): the session's settings, what it
 * reads of the organization, the records created for unmatched references, and the analytics and search
 * index upkeep of its batches.
 */

export type Query = (text: string, params?: unknown[]) => Promise<pg.QueryResult>;

/** The settings of the import's own connection (discarded at the end). */
export async function tuneImportSession(q: Query): Promise<void> {
  // Each batch commits its rows with the job's progress in one transaction, so not waiting for the WAL
  // flush cannot break exactly-once: a server crash loses the last batches and their progress together.
  // New rows' search-index entries go to the GIN pending lists, merged once at the end instead of row by
  // row (mergeSearchIndex).
  await q('SET synchronous_commit = off');
  await q("SET gin_pending_list_limit = '64MB'");
  await q("SET work_mem = '64MB'");
  // Batch statements are costed high (the bulk analytics plans switch nested loops off): JIT compiling
  // them costs more than it saves on batches of this size.
  await q('SET jit = off');
  // A killed client's session must not run on for minutes (holding the job's lock and writing a batch
  // that can only roll back): the server checks the connection every second during long statements.
  await q("SET client_connection_check_interval = '1s'");
}

/** The organization's currency and its first admin (who imports when no one is named). */
export async function importingOrg(
  q: Query,
  orgId: string,
): Promise<{ currency: string; admin_id: string | null } | undefined> {
  return (
    await q(
      `SELECT o.default_currency AS currency,
         (SELECT id FROM users u WHERE u.org_id = o.id AND u.role = 'admin' AND u.status = 'active'
            AND u.deleted_at IS NULL ORDER BY u.created_at, u.id LIMIT 1) AS admin_id
       FROM organizations o WHERE o.id = $1`,
      [orgId],
    )
  ).rows[0] as { currency: string; admin_id: string | null } | undefined;
}

/** The organization's default currency (null: no such organization). */
export async function defaultCurrency(db: pg.Pool, orgId: string): Promise<string | null> {
  const r = await db.query<{ default_currency: string }>(
    'SELECT default_currency FROM organizations WHERE id = $1',
    [orgId],
  );
  return r.rows[0]?.default_currency ?? null;
}

export async function liveDeals(q: Query, orgId: string): Promise<number> {
  return (
    await q('SELECT count(*)::int AS n FROM opportunities WHERE org_id = $1 AND deleted_at IS NULL', [orgId])
  ).rows[0].n as number;
}

/** Each manager's (first) team: the team a user imported with that manager joins. */
export async function managedTeams(q: Query, orgId: string): Promise<Map<string, string>> {
  const teams = new Map<string, string>();
  for (const r of (
    await q(
      'SELECT DISTINCT ON (manager_id) manager_id, id FROM teams WHERE org_id = $1 AND manager_id IS NOT NULL AND deleted_at IS NULL ORDER BY manager_id, created_at',
      [orgId],
    )
  ).rows as { manager_id: string; id: string }[])
    teams.set(r.manager_id, r.id);
  return teams;
}

/** Inserts the records created for unmatched references, in the batch's transaction. */
export async function insertPending(
  q: Query,
  orgId: string,
  ownerId: string | null,
  currency: string,
  pending: Pending[],
): Promise<void> {
  const of = (kind: Pending['kind']) => pending.filter((p) => p.kind === kind);
  const users = of('user');
  if (users.length)
    await q(
      `INSERT INTO users (id, org_id, name, role) SELECT id, $1, name, 'rep' FROM unnest($2::uuid[], $3::text[]) AS x(id, name)`,
      [orgId, users.map((u) => u.id), users.map((u) => u.name)],
    );
  const teams = of('team');
  if (teams.length)
    await q(
      `INSERT INTO teams (id, org_id, name, parent_id) SELECT id, $1, name, parent FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS x(id, name, parent)`,
      [orgId, teams.map((t) => t.id), teams.map((t) => t.name), teams.map((t) => t.parentId ?? null)],
    );
  const accounts = of('account');
  if (accounts.length)
    await q(
      `INSERT INTO accounts (id, org_id, name, owner_id, name_key)
       SELECT id, $1, name, $4, key FROM unnest($2::uuid[], $3::text[], $5::text[]) AS x(id, name, key)`,
      [
        orgId,
        accounts.map((a) => a.id),
        accounts.map((a) => a.name),
        ownerId,
        accounts.map((a) => referenceKey(a.name)),
      ],
    );
  const products = of('product');
  if (products.length)
    await q(
      `INSERT INTO products (id, org_id, name, currency) SELECT id, $1, name, $4 FROM unnest($2::uuid[], $3::text[]) AS x(id, name)`,
      [orgId, products.map((p) => p.id), products.map((p) => p.name), currency],
    );
}

/** The teams created for managers get their manager, once the batch's users exist. */
export async function assignCreatedTeamManagers(q: Query, orgId: string, pending: Pending[]): Promise<void> {
  await q(
    `UPDATE teams t SET manager_id = m.manager FROM unnest($2::uuid[], $3::uuid[]) AS m(team, manager)
      WHERE t.org_id = $1 AND t.id = m.team
        AND EXISTS (SELECT 1 FROM users u WHERE u.org_id = $1 AND u.id = m.manager)`,
    [
      orgId,
      pending.filter((p) => p.managerId).map((p) => p.id),
      pending.filter((p) => p.managerId).map((p) => p.managerId),
    ],
  );
}

/** Accounts created for the batch's deals or contacts belong to the owner of the first row naming them. */
export async function ownCreatedAccounts(q: Query, orgId: string, accountIds: string[]): Promise<void> {
  await q(
    `UPDATE accounts a SET owner_id = x.owner_id
       FROM (SELECT DISTINCT ON (account_id) account_id, owner_id FROM imp_stage ORDER BY account_id, row_no) x
      WHERE a.org_id = $1 AND a.id = x.account_id AND a.id = ANY($2::uuid[])`,
    [orgId, accountIds],
  );
}

/** The deal triggers' analytics upkeep, off for the rest of the batch's transaction (else `SELECT 1`). */
export async function analyticsTriggers(q: Query, off: boolean): Promise<void> {
  await q(off ? "SELECT set_config('winpath.analytics', 'off', true)" : 'SELECT 1');
}

/** The analytics summaries brought up to date with the deals the batch wrote (imp_done). */
export async function refreshBatchAnalytics(q: Query, orgId: string): Promise<void> {
  await q("SELECT set_config('winpath.analytics', 'on', true)");
  await q('SELECT winpath_analytics_refresh($1, array(SELECT id FROM imp_done))', [orgId]);
}

/** The organization's analytics summaries rebuilt from its deals (in the caller's transaction). */
export async function rebuildAnalytics(q: Query, orgId: string): Promise<void> {
  await q("SELECT set_config('work_mem', '256MB', true)");
  await q('SELECT winpath_analytics_rebuild($1)', [orgId]);
}

/** Merges the search-index entries the import queued (see tuneImportSession). */
export async function mergeSearchIndex(q: Query, table: string): Promise<void> {
  await q(
    `SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_am am ON am.oid = c.relam
      WHERE i.indrelid = $1::regclass AND am.amname = 'gin'`,
    [table],
  );
}
