import type pg from 'pg';
import type { ImportEntity } from '../../../core/import/mapping.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import { type Problem, problem } from '../../../core/import/problems.ts';
import type { Prepared } from './writers.ts';

/**
 * Possible duplicates, as HubSpot and Salesforce imports find them: rows without an external id cannot
 * be matched to the record they came from, so re-importing a file (the same rows saved in another
 * encoding, say) would create every record again. A new account whose name, or a new deal whose name,
 * account and owner, match a live record of the organization or an earlier row of the file is left out
 * and reported (mapping `duplicates: "create"` imports it anyway). Names compare by reference key, as
 * references do. One query per batch, whatever its size.
 */

type Query = (text: string, params?: unknown[]) => Promise<pg.QueryResult>;

export const DUPLICATE_CHECKED: ReadonlySet<ImportEntity> = new Set(['accounts', 'opportunities']);

/** The key two records are the same by; null for a row this check leaves alone. */
function keyOf(entity: ImportEntity, r: Prepared): string | null {
  if (r.nameTarget || r.record.externalId) return null;
  const name = referenceKey(String(r.record.name ?? ''));
  if (!name) return null;
  if (entity === 'accounts') return name;
  return `${r.record.accountId} ${r.record.ownerId} ${name}`;
}

/** The keys of live records that some row of the batch shares. */
async function existingKeys(q: Query, orgId: string, entity: ImportEntity, rows: Prepared[]) {
  if (entity === 'accounts') {
    const keys = [...new Set(rows.map((r) => referenceKey(String(r.record.name))))];
    const found = await q(
      'SELECT DISTINCT name_key FROM accounts WHERE org_id = $1 AND deleted_at IS NULL AND name_key = ANY($2::text[])',
      [orgId, keys],
    );
    return new Set(found.rows.map((r: { name_key: string }) => r.name_key));
  }
  const found = await q(
    `SELECT o.name, o.account_id, o.owner_id FROM opportunities o
       JOIN (SELECT DISTINCT a, w FROM unnest($2::uuid[], $3::uuid[]) AS p(a, w)) p
         ON o.account_id = p.a AND o.owner_id = p.w
      WHERE o.org_id = $1 AND o.deleted_at IS NULL`,
    [orgId, rows.map((r) => r.record.accountId), rows.map((r) => r.record.ownerId)],
  );
  return new Set(
    found.rows.map(
      (r: { name: string; account_id: string; owner_id: string }) =>
        `${r.account_id} ${r.owner_id} ${referenceKey(r.name)}`,
    ),
  );
}

/**
 * Splits a batch into the rows to write and the possible duplicates (with their problem). `seen`: the
 * keys of the file's rows written so far and their row numbers, kept by the caller across batches.
 */
export async function splitDuplicates(o: {
  q: Query;
  orgId: string;
  entity: ImportEntity;
  rows: Prepared[];
  seen: Map<string, number>;
}): Promise<{ keep: Prepared[]; skipped: { row: number; problem: Problem }[] }> {
  const keyed = o.rows.map((r) => ({ r, key: keyOf(o.entity, r) }));
  const checked = keyed.filter((k) => k.key !== null).map((k) => k.r);
  if (!checked.length) return { keep: o.rows, skipped: [] };
  const existing = await existingKeys(o.q, o.orgId, o.entity, checked);
  const keep: Prepared[] = [];
  const skipped: { row: number; problem: Problem }[] = [];
  const kind = o.entity === 'accounts' ? 'account' : 'opportunity';
  for (const { r, key } of keyed) {
    if (key === null) keep.push(r);
    else if (existing.has(key))
      skipped.push({
        row: r.row,
        problem: problem(o.entity === 'accounts' ? 'duplicateAccount' : 'duplicateDeal'),
      });
    else if (o.seen.has(key))
      skipped.push({ row: r.row, problem: problem('duplicateRow', { row: o.seen.get(key)!, kind }) });
    else {
      o.seen.set(key, r.row);
      keep.push(r);
    }
  }
  return { keep, skipped };
}
