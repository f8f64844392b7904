// The recycle bin as the web app reads it: each list's `?deleted=true`, where a record and what its
// deletion cascaded to share a `deletedBatch` (so the bin can show what went with what).
import { getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASCADES_TO, RECYCLED_KINDS } from '../../src/core/recycle.ts';
import { RESOURCES } from '../../src/server/features/index.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Recycle Org');
});
afterAll(() => ctx.close());

type Item = Record<string, unknown>;
const rep = () => api(ctx, org.users.rep.token);

async function created(url: string, body: Item): Promise<Item> {
  const res = await rep().post(url, body);
  expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

/** The row of `id` in the recycle bin of `kind`, as the actor sees it. */
async function binned(kind: string, id: unknown, as = rep()): Promise<Item | undefined> {
  const res = await as.get(`/api/v1/${kind}?deleted=true&limit=500`);
  expect(res.status).toBe(200);
  return res.body.items?.find((r) => r.id === id);
}

describe('recycle bin batches', () => {
  it('gives a record and its cascade one deletedBatch, apart from what was deleted on its own', async () => {
    const account = await created('/api/v1/accounts', { name: 'Batch Co' });
    const contact = await created('/api/v1/contacts', { name: 'Batch Person', accountId: account.id });
    const deal = await created('/api/v1/opportunities', { name: 'Batch deal', accountId: account.id });
    const demo = await created('/api/v1/activities', {
      type: 'demo',
      subject: 'Batch demo',
      opportunityId: deal.id,
    });
    const note = await created('/api/v1/notes', { body: 'Batch note', contactId: contact.id });
    const alone = await created('/api/v1/notes', { body: 'Deleted alone', accountId: account.id });
    // Live records are in no batch.
    expect(account.deletedBatch).toBeNull();
    expect((await rep().get(`/api/v1/accounts/${account.id}`)).body.deletedBatch).toBeNull();

    expect((await rep().del(`/api/v1/notes/${alone.id}`, { 'if-match': '"1"' })).status).toBe(204);
    expect((await rep().del(`/api/v1/accounts/${account.id}`, { 'if-match': '"1"' })).status).toBe(204);

    const root = await binned('accounts', account.id);
    expect(root?.deletedBatch).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(root?.deletedAt).toEqual(expect.any(String));
    // The deleter is recorded on the record whose deletion it was.
    expect(root?.updatedBy).toBe(org.users.rep.id);
    for (const [kind, row] of [
      ['contacts', contact],
      ['opportunities', deal],
      ['activities', demo],
      ['notes', note],
    ] as const) {
      const child = await binned(kind, row.id);
      expect(child?.deletedBatch, kind).toBe(root?.deletedBatch);
      expect(child?.deletedAt, kind).toBe(root?.deletedAt);
    }
    const own = await binned('notes', alone.id);
    expect(own?.deletedBatch).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(own?.deletedBatch).not.toBe(root?.deletedBatch);

    // Restoring the account brings its batch back out of the bin, and out of any batch.
    expect((await rep().post(`/api/v1/accounts/${account.id}/restore`)).status).toBe(200);
    expect(await binned('opportunities', deal.id)).toBeUndefined();
    const back = await rep().get(`/api/v1/opportunities/${deal.id}`);
    expect(back.status).toBe(200);
    expect(back.body.deletedBatch).toBeNull();
    expect((await binned('notes', alone.id))?.deletedBatch).toBe(own?.deletedBatch);
  });

  it('refuses to restore a record on its own that went with its parent, and restores it with the parent', async () => {
    const account = await created('/api/v1/accounts', { name: 'Parent Co' });
    const deal = await created('/api/v1/opportunities', { name: 'Child deal', accountId: account.id });
    const visit = await created('/api/v1/activities', {
      type: 'visit',
      subject: 'Account visit',
      accountId: account.id,
    });
    expect((await rep().del(`/api/v1/accounts/${account.id}`, { 'if-match': '"1"' })).status).toBe(204);

    const alone = await rep().post(`/api/v1/opportunities/${deal.id}/restore`);
    expect(alone.status).toBe(409);
    expect(alone.body).toMatchObject({
      code: 'deleted_with_parent',
      parentType: 'account',
      parentId: account.id,
    });
    // Nothing came back: not the deal, not the account's visit that shares its batch.
    expect(await binned('opportunities', deal.id)).toBeDefined();
    expect(await binned('activities', visit.id)).toBeDefined();

    expect((await rep().post(`/api/v1/accounts/${account.id}/restore`)).status).toBe(200);
    expect((await rep().get(`/api/v1/opportunities/${deal.id}`)).status).toBe(200);
    expect((await rep().get(`/api/v1/activities/${visit.id}`)).status).toBe(200);

    // A record deleted on its own is restored on its own, even though its parent was deleted since.
    expect(
      (
        await rep().del(`/api/v1/opportunities/${deal.id}`, {
          'if-match': `"${(await rep().get(`/api/v1/opportunities/${deal.id}`)).body.version}"`,
        })
      ).status,
    ).toBe(204);
    expect((await rep().post(`/api/v1/opportunities/${deal.id}/restore`)).status).toBe(200);
  });

  it('cascades on the server as the recycle bin (src/core/recycle.ts) says it does', () => {
    const cascades = Object.fromEntries(
      RESOURCES.map(([res]) => [
        getTableName(res.table),
        (res.cascade ?? []).map((c) => getTableName(c.resource().table)).sort(),
      ]),
    );
    for (const kind of RECYCLED_KINDS) expect(cascades[kind], kind).toEqual([...CASCADES_TO[kind]].sort());
  });

  it('documents deletedBatch in the OpenAPI schema of every record', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const schemas = res.json<{
      components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
    }>().components.schemas;
    for (const name of ['Account', 'Contact', 'Opportunity', 'Activity', 'Note', 'Product', 'Pipeline'])
      expect(schemas[name]?.properties?.deletedBatch?.description, name).toMatch(/recycle bin/);
  });
});
