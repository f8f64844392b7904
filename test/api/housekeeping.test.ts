import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekStart } from '../../src/core/analytics/periods.ts';
import { startHousekeeping } from '../../src/server/housekeeping.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Housekeeping Co');
});
afterAll(() => ctx.close());

async function until<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('server housekeeping', () => {
  it("takes this week's forecast snapshot and purges the recycle bin as soon as the server starts", async () => {
    const admin = api(ctx, org.users.admin.token);
    const account = await admin.post('/api/v1/accounts', { name: 'Snapshot Account' });
    const close = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const deal = await admin.post('/api/v1/opportunities', {
      name: 'Snapshot Deal',
      accountId: account.body.id,
      amount: 250000,
      expectedCloseDate: close,
      forecastCategory: 'commit',
    });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const gone = await ctx.db.pool.query<{ id: string }>(
      `INSERT INTO accounts (org_id, name, owner_id, deleted_at) VALUES ($1, 'Binned long ago', $2, $3) RETURNING id`,
      [org.orgId, org.users.admin.id, old],
    );
    const week = weekStart(new Date());
    const snapshotRows = async () =>
      (
        await ctx.db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM forecast_snapshots WHERE org_id = $1 AND week_start = $2',
          [org.orgId, week],
        )
      ).rows[0]!.n;
    expect(await snapshotRows()).toBe(0);

    const jobs = startHousekeeping(ctx.db.db, () => {});
    try {
      expect(await until(async () => ((await snapshotRows()) > 0 ? true : undefined))).toBe(true);
      await until(async () => {
        const r = await ctx.db.pool.query('SELECT 1 FROM accounts WHERE id = $1', [gone.rows[0]!.id]);
        return r.rowCount === 0 ? true : undefined;
      });
      // A second server starting in the same week takes no second snapshot.
      const taken = await snapshotRows();
      const again = startHousekeeping(ctx.db.db, () => {});
      again.stop();
      await new Promise((r) => setTimeout(r, 500));
      expect(await snapshotRows()).toBe(taken);
    } finally {
      jobs.stop();
    }
    const res = await admin.get(
      `/api/v1/forecast/accuracy?kind=month&from=${close.slice(0, 7)}&to=${close.slice(0, 7)}`,
    );
    expect(res.status).toBe(200);
    const row = (
      res.body.rows as { period: string; snapshots: { weekStart: string; commit: number }[] }[]
    ).find((r) => r.period === close.slice(0, 7));
    expect(row?.snapshots.find((s) => s.weekStart === week)?.commit).toBe(250000);
  });
});
