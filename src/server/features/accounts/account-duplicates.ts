import { sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import type { Actor } from '../../auth/actor.ts';
import { accountVisible } from '../../crud/visibility.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { conflict, problemSchema } from '../../http/errors.ts';

/**
 * Duplicate accounts, as a Salesforce duplicate rule (alert, allow): an account whose name has the same
 * reference key as a live account of the organization (`GTX Pro` and `gtx-pro`) is refused with 409
 * `duplicate_account`, unless the request says `allowDuplicate: true`. That holds for a create, a rename
 * and a restore from the recycle bin (deleted accounts do not count, so one of the same name may have been
 * created since). Imports match by the same key and never come here.
 */

export const duplicateAccountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerName: z.string().nullable(),
});
export type DuplicateAccount = z.infer<typeof duplicateAccountSchema>;

export const allowDuplicateField = z
  .boolean()
  .optional()
  .describe(
    'Create (or rename) the account even though a live account of the organization has the same name (case, spaces, punctuation and full-width forms ignored). Without it such a write answers 409 `duplicate_account`.',
  );

/** The optional body of an account's restore: the same rule applies to bringing a name back. */
export const accountRestoreSchema = z
  .object({
    allowDuplicate: z
      .boolean()
      .optional()
      .describe(
        'Restore the account even though a live account of the organization has the same name since it was deleted. Without it such a restore answers 409 `duplicate_account` and brings back nothing.',
      ),
  })
  .strict()
  .meta({ id: 'AccountRestore' });

export const duplicateAccountProblem = problemSchema
  .extend({
    duplicates: z
      .array(duplicateAccountSchema)
      .optional()
      .describe(
        'With `duplicate_account`: the accounts with the same name that you may see (at most 10). Empty when only accounts you may not see have it.',
      ),
  })
  .meta({ id: 'AccountConflict' });

/** At most this many duplicates are named: enough to pick the right one, not a list of the organization. */
const SHOWN = 10;

/** Keys computed per transaction: the locks held stay short, and a failure loses little. */
const FILL_BATCH = 5000;

/** A statement on one connection (the import's, or one taken from the pool for this). */
type Run = (text: string, params?: unknown[]) => Promise<pg.QueryResult>;

/**
 * Computes the keys no one computed yet (rows written by the demo, a restore or by hand, or renamed by
 * them), so the check sees every account. It runs before a write's transaction (the resource's
 * `beforeTransaction`) and before an accounts import, in transactions of its own, so the keys stay
 * computed when the write is refused. Usually there are none: the partial index answers that at once.
 * Rows another transaction holds are skipped, never waited for: the check is advisory, as two
 * simultaneous creates of one name pass it anyway.
 */
export async function fillNameKeys(run: Run, orgId: string): Promise<void> {
  for (;;) {
    await run('BEGIN');
    let filled: number;
    try {
      const missing = await run(
        `SELECT id, name FROM accounts WHERE org_id = $1 AND name_key IS NULL
          LIMIT ${FILL_BATCH} FOR UPDATE SKIP LOCKED`,
        [orgId],
      );
      filled = missing.rows.length;
      if (filled)
        await run(
          `UPDATE accounts a SET name_key = k.key FROM unnest($2::uuid[], $3::text[]) AS k(id, key)
            WHERE a.org_id = $1 AND a.id = k.id`,
          [
            orgId,
            missing.rows.map((r: { id: string }) => r.id),
            missing.rows.map((r: { name: string }) => referenceKey(r.name)),
          ],
        );
      await run('COMMIT');
    } catch (err) {
      await run('ROLLBACK');
      throw err;
    }
    if (filled < FILL_BATCH) return;
  }
}

/** `fillNameKeys` on a connection of its own from the application's pool. */
export async function fillMissingKeys(db: Db, orgId: string): Promise<void> {
  const pool = db.$client;
  if (!(pool instanceof pg.Pool)) return fillNameKeys((t, p) => pool.query(t, p), orgId);
  const client = await pool.connect();
  try {
    await fillNameKeys((t, p) => client.query(t, p), orgId);
  } finally {
    client.release();
  }
}

/**
 * Refuses a name another live account of the organization already has (by reference key), naming the
 * ones the actor may see; `self` is the account being renamed. Returns the key to store with the name.
 */
export async function checkDuplicateName(opts: {
  tx: DbOrTx;
  actor: Actor;
  name: string;
  self?: string;
  allow: boolean;
}): Promise<string> {
  const { tx, actor } = opts;
  const key = referenceKey(opts.name);
  // A name of punctuation only has no key and matches nothing (as in imports).
  if (opts.allow || key === '') return key;
  const visible = accountVisible(actor, 'a') ?? sql`true`;
  const found = await tx.execute<{
    id: string;
    name: string;
    owner_name: string | null;
    visible: boolean;
  }>(sql`
    SELECT a.id, a.name, u.name AS owner_name, ${visible} AS visible
      FROM accounts a LEFT JOIN users u ON u.org_id = a.org_id AND u.id = a.owner_id
     WHERE a.org_id = ${actor.orgId} AND a.name_key = ${key} AND a.deleted_at IS NULL
       ${opts.self ? sql`AND a.id <> ${opts.self}` : sql``}
     ORDER BY visible DESC, a.name, a.id
     LIMIT ${SHOWN}`);
  if (found.rows.length === 0) return key;
  // Accounts the actor may not see are not described: only that the name is taken.
  const duplicates: DuplicateAccount[] = found.rows
    .filter((r) => r.visible)
    .map((r) => ({ id: r.id, name: r.name, ownerName: r.owner_name }));
  throw conflict('duplicate_account', 'An account with this name already exists.', {
    errors: [fieldError('name', 'duplicate_name', { kind: 'account' })],
    duplicates,
  });
}
