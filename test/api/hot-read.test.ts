import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/server/auth/actor.ts';
import { getRow } from '../../src/server/crud/repo.ts';
import { generateDemo } from '../../src/server/features/demo/demo.service.ts';
import { RESOURCES } from '../../src/server/features/index.ts';
import { createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * The item read runs outside drizzle's query path (a prepared statement on the pool with its own row
 * decoding) for speed. Inside a transaction it takes drizzle's path. Both must give the same record, field
 * for field and type for type, for every resource and for a scoped and an organization-wide actor.
 */
let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Hot Read Co');
  await generateDemo({
    db: ctx.db.db,
    orgId: org.orgId,
    now: new Date(),
    seed: 7,
    scale: { accounts: 6, deals: 30, activitiesPerDeal: 2 },
  });
});
afterAll(() => ctx.close());

describe('item read', () => {
  it('gives the same rows on the prepared fast path as through drizzle, for every resource', async () => {
    const db = ctx.db.db;
    const [rep] = await db
      .execute<{ id: string }>(
        sql`SELECT owner_id AS id FROM opportunities WHERE org_id = ${org.orgId} GROUP BY owner_id
          ORDER BY count(*) DESC LIMIT 1`,
      )
      .then((r) => r.rows);
    const actors = [
      await loadActor(db, org.orgId, org.users.admin.id),
      await loadActor(db, org.orgId, rep!.id),
    ];
    let compared = 0;
    let hidden = 0;
    for (const [res] of RESOURCES) {
      const ids = (
        await db.execute<{ id: string }>(
          sql`SELECT id FROM ${res.table} WHERE org_id = ${org.orgId} ORDER BY id LIMIT 12`,
        )
      ).rows.map((r) => r.id);
      expect(ids.length, res.name).toBeGreaterThan(0);
      for (const actor of actors)
        for (const id of ids) {
          const fast = await getRow(db, res, actor!, id);
          const slow = await db.transaction((tx) => getRow(tx, res, actor!, id));
          expect(fast, `${res.name} ${id}`).toStrictEqual(slow);
          if (fast) compared++;
          else hidden++;
        }
    }
    // Both kinds of answer occurred: records shown, and records the rep may not see.
    expect(compared).toBeGreaterThan(50);
    expect(hidden).toBeGreaterThan(0);
  });
});
