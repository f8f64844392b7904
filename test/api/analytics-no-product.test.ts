import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedDealsDrill, type DrillQuery } from '../../src/core/analytics/drill.ts';
import { NO_PRODUCT } from '../../src/core/analytics/model.ts';
import { addMonths } from '../../src/core/analytics/periods.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Grouped by product, win rates and cycle time count the deals without a product in a row of their own
 * (key `none`), which the deal list opens with `productId=none`; a deal with several products is in the
 * row of each. The extent says how far back the deals go, so the dashboards' month choices reach there.
 */

let ctx: TestContext;
let org: SeededOrg;
const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
const q = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await ctx.db.pool.query<T>(text, params)).rows;

const month = new Date().toISOString().slice(0, 7);
const FROM = addMonths(month, -2);
const RANGE = `from=${FROM}&to=${month}`;
/** A closed date last month (never in the future, whatever day the suite runs). */
const LAST_MONTH = `${addMonths(month, -1)}-10`;

let aps: string;
let mes: string;
const ids: Record<string, string> = {};

async function deal(name: string, products: string[], close?: { status: string; closedAt: string }) {
  const admin = as('admin');
  const account = await admin.post('/api/v1/accounts', { name: `${name} account` });
  const res = await as('rep').post('/api/v1/opportunities', {
    name,
    accountId: account.body.id,
    amount: 10000,
    ...(products.length ? { lineItems: products.map((productId) => ({ productId, quantity: 1 })) } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  if (close) {
    const closed = await admin.patch(
      `/api/v1/opportunities/${id}`,
      { ...close, ...(close.status === 'won' ? {} : { closeReason: 'test' }) },
      { 'if-match': `"${res.body.version as number}"` },
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  }
  ids[name] = id;
  return id;
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'No Product Co');
  const admin = as('admin');
  aps = (await admin.post('/api/v1/products', { name: 'APS', listPrice: 1000 })).body.id as string;
  mes = (await admin.post('/api/v1/products', { name: 'MES', listPrice: 1000 })).body.id as string;
  await deal('aps won', [aps], { status: 'won', closedAt: LAST_MONTH });
  await deal('both won', [aps, mes], { status: 'won', closedAt: LAST_MONTH });
  await deal('bare won', [], { status: 'won', closedAt: LAST_MONTH });
  await deal('bare lost', [], { status: 'lost', closedAt: LAST_MONTH });
  await deal('bare no decision', [], { status: 'no_decision', closedAt: LAST_MONTH });
  await deal('bare open', []);
  // Closed long ago (back-dated), outside the range: in no row, but the extent reaches back to it.
  await deal('bare old', [], { status: 'lost', closedAt: '2019-03-10' });
});
afterAll(() => ctx.close());

async function listed(query: DrillQuery): Promise<string[]> {
  const res = await as('admin').get(
    `/api/v1/opportunities?${new URLSearchParams({ ...query, limit: '500' })}`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { name: string }[]).map((d) => d.name).sort();
}

type Row = { key: string | null; label: string | null; won: number; lost: number; noDecision: number };

describe('grouping by product', () => {
  it('gives the deals without a product their own row; deals with several are in each of theirs', async () => {
    const res = await as('admin').get(`/api/v1/analytics/win-rates?groupBy=product&${RANGE}`);
    expect(res.status).toBe(200);
    const rows = res.body.rows as Row[];
    expect(rows.map((r) => [r.key, r.label, r.won, r.lost, r.noDecision])).toEqual([
      [aps, 'APS', 2, 0, 0],
      [mes, 'MES', 1, 0, 0],
      [NO_PRODUCT, null, 1, 1, 1],
    ]);
    // The total counts each deal once: the rows add up to more only by the deal with two products.
    expect(res.body.total).toMatchObject({ won: 3, lost: 1, noDecision: 1 });
    const won = rows.reduce((n, r) => n + r.won, 0);
    expect(won - (res.body.total as Row).won).toBe(1);

    const cycle = await as('admin').get(`/api/v1/analytics/cycle-time?groupBy=product&${RANGE}`);
    expect(cycle.status).toBe(200);
    expect((cycle.body.rows as Row[]).map((r) => [r.key, r.won])).toEqual([
      [aps, 2],
      [mes, 1],
      [NO_PRODUCT, 1],
    ]);
    // The other groupings are unchanged: one row per owner, every deal once.
    const byOwner = await as('admin').get(`/api/v1/analytics/win-rates?groupBy=owner&${RANGE}`);
    expect((byOwner.body.rows as Row[]).map((r) => [r.key, r.won, r.lost])).toEqual([
      [org.users.rep.id, 3, 1],
    ]);
  });

  it('opens exactly the deals of the no-product row, by outcome, and the product rows as before', async () => {
    const drill = (key: string, outcomes?: ('won' | 'lost' | 'no_decision')[]) =>
      closedDealsDrill({ groupBy: 'product', key, from: FROM, to: month, outcomes })!;
    expect(drill(NO_PRODUCT).productId).toBe(NO_PRODUCT);
    expect(await listed(drill(NO_PRODUCT))).toEqual(['bare lost', 'bare no decision', 'bare won']);
    expect(await listed(drill(NO_PRODUCT, ['won']))).toEqual(['bare won']);
    expect(await listed(drill(aps))).toEqual(['aps won', 'both won']);
    // Any status, any date: every deal without a line item, and `none` combines with products.
    expect(await listed({ productId: NO_PRODUCT })).toEqual([
      'bare lost',
      'bare no decision',
      'bare old',
      'bare open',
      'bare won',
    ]);
    expect(await listed({ productId: `${mes},${NO_PRODUCT}`, status: 'won' })).toEqual([
      'bare won',
      'both won',
    ]);
    const bad = await as('admin').get('/api/v1/opportunities?productId=nothing');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('productId');
  });

  it('keeps the row exact when a deal gains or loses its products', async () => {
    const admin = as('admin');
    const id = ids['bare won']!;
    const current = await admin.get(`/api/v1/opportunities/${id}`);
    const patched = await admin.patch(
      `/api/v1/opportunities/${id}`,
      { lineItems: [{ productId: mes, quantity: 1 }] },
      { 'if-match': `"${current.body.version as number}"` },
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const rows = async () =>
      ((await admin.get(`/api/v1/analytics/win-rates?groupBy=product&${RANGE}`)).body.rows as Row[]).map(
        (r) => [r.key, r.won, r.lost, r.noDecision],
      );
    expect(await rows()).toEqual([
      [aps, 2, 0, 0],
      [mes, 2, 0, 0],
      [NO_PRODUCT, 0, 1, 1],
    ]);
    const again = await admin.patch(
      `/api/v1/opportunities/${id}`,
      { lineItems: [] },
      { 'if-match': `"${patched.body.version as number}"` },
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await rows()).toEqual([
      [aps, 2, 0, 0],
      [mes, 1, 0, 0],
      [NO_PRODUCT, 1, 1, 1],
    ]);
  });

  it('the migration fills in the no-product rows of existing summaries as a rebuild would', async () => {
    const nil = '00000000-0000-0000-0000-000000000000';
    const snapshot = async () =>
      JSON.stringify([
        await q(
          'SELECT * FROM analytics_outcome_summary WHERE org_id = $1 AND won + lost + no_decision <> 0 ORDER BY 2, 3, 4, 5',
          [org.orgId],
        ),
        await q(
          'SELECT * FROM analytics_cycle_summary WHERE org_id = $1 AND won <> 0 ORDER BY 2, 3, 4, 5, 6',
          [org.orgId],
        ),
      ]);
    const maintained = await snapshot();
    expect(maintained).toContain(nil);
    // The summaries as they were before drizzle/0017 (no rows for "no product"), then its backfill.
    await q('DELETE FROM analytics_outcome_summary WHERE org_id = $1 AND product_id = $2', [org.orgId, nil]);
    await q('DELETE FROM analytics_cycle_summary WHERE org_id = $1 AND product_id = $2', [org.orgId, nil]);
    expect(await snapshot()).not.toContain(nil);
    const migration = readFileSync(
      new URL('../../drizzle/0017_analytics_no_product.sql', import.meta.url),
      'utf8',
    );
    const backfill = migration
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter((s) => /^(--.*\n)*INSERT INTO/.test(s));
    expect(backfill.length).toBe(2);
    for (const statement of backfill) await q(statement);
    expect(await snapshot()).toBe(maintained);
    await q('SELECT winpath_analytics_rebuild($1)', [org.orgId]);
    expect(await snapshot()).toBe(maintained);
  });
});

describe('the extent of the analytics', () => {
  it('is the first month with deals the actor sees, null for someone who sees none', async () => {
    const admin = await as('admin').get('/api/v1/analytics/extent');
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({ firstMonth: '2019-03' });
    // The rep owns them all; rep3 (another region) sees none of them.
    expect((await as('rep').get('/api/v1/analytics/extent')).body).toEqual({ firstMonth: '2019-03' });
    expect((await as('rep3').get('/api/v1/analytics/extent')).body).toEqual({ firstMonth: null });
    // A deleted deal counts for nothing: back to last month's closes.
    const old = ids['bare old']!;
    const current = await as('admin').get(`/api/v1/opportunities/${old}`);
    expect(
      (
        await as('admin').del(`/api/v1/opportunities/${old}`, {
          'if-match': `"${current.body.version as number}"`,
        })
      ).status,
    ).toBe(204);
    expect((await as('admin').get('/api/v1/analytics/extent')).body).toEqual({
      firstMonth: addMonths(month, -1),
    });
  });
});
