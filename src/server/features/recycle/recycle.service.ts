import { sql } from 'drizzle-orm';
import { cascadeDepth, RECYCLE_DAYS, RECYCLED_KINDS } from '../../../core/recycle.ts';
import type { Db } from '../../db/client.ts';

/**
 * Children first (deepest in the cascade first), so a purge never trips a foreign key it could have avoided.
 * Users and teams are never purged: history and ownership refer to them; an admin deactivates people instead.
 */
const PURGE_ORDER = [...RECYCLED_KINDS].sort((a, b) => cascadeDepth(b) - cascadeDepth(a));

/** Permanently removes what has been in the recycle bin longer than 30 days. Returns rows removed per table. */
export async function purgeRecycleBin(opts: { db: Db; now: Date }): Promise<Record<string, number>> {
  const cutoff = new Date(opts.now.getTime() - RECYCLE_DAYS * 86_400_000).toISOString();
  const removed: Record<string, number> = {};
  for (const table of PURGE_ORDER) {
    try {
      const res = await opts.db.execute(
        sql`DELETE FROM ${sql.identifier(table)} WHERE deleted_at IS NOT NULL AND deleted_at < ${cutoff}`,
      );
      removed[table] = res.rowCount ?? 0;
    } catch {
      // Still referenced by a live record (e.g. a product on a live deal): it stays until that changes.
      removed[table] = 0;
    }
  }
  return removed;
}
