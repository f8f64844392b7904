import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorWords } from '../../src/core/field-errors.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Duplicate accounts are alerted, not forbidden: a name another live account of the organization has
 * (case, spaces, punctuation and full-width forms ignored) answers 409 `duplicate_account` with the
 * matches the actor may see, and `allowDuplicate: true` creates it anyway.
 */
let ctx: TestContext;
let org: SeededOrg;
let other: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Duplicates Org');
  other = await seedOrg(ctx, 'Other Duplicates Org');
});
afterAll(() => ctx.close());

type Duplicate = { id: string; name: string; ownerName: string | null };
const admin = () => api(ctx, org.users.admin.token);
const create = (name: string, more: Record<string, unknown> = {}) =>
  admin().post('/api/v1/accounts', { name, ...more });
const idOf = (res: { body: Record<string, unknown> }) => res.body.id as string;
const duplicatesOf = (res: { body: Record<string, unknown> }) => res.body.duplicates as Duplicate[];

function expectDuplicate(res: {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
}) {
  expect(res.status).toBe(409);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.body.code).toBe('duplicate_account');
  expect(res.body.errors).toEqual([
    {
      path: 'name',
      code: 'duplicate_name',
      params: { kind: 'account' },
      message: 'the name of an existing account',
    },
  ]);
}

describe('duplicate accounts', () => {
  it('refuse the exact same name, naming the account and its owner', async () => {
    const first = await create('上海恒达智能制造有限公司');
    expect(first.status).toBe(201);
    const again = await create('上海恒达智能制造有限公司');
    expectDuplicate(again);
    expect(duplicatesOf(again)).toEqual([
      { id: idOf(first), name: '上海恒达智能制造有限公司', ownerName: 'Admin' },
    ]);
    expect(fieldErrorWords((again.body.errors as { code: string }[])[0]!, 'zh-CN')).toBe('与已有客户重名');
  });

  it('refuse a name that differs only in case, spaces, punctuation or width', async () => {
    const first = await create('GTXPro');
    expect(first.status).toBe(201);
    for (const name of ['GTX Pro', 'gtx-pro', ' G.T.X. pro ', 'ＧＴＸ　Ｐｒｏ']) {
      const res = await create(name);
      expectDuplicate(res);
      expect(duplicatesOf(res).map((d) => d.id)).toEqual([idOf(first)]);
    }
    const full = await create('恒达（上海）');
    expect(full.status).toBe(201);
    expectDuplicate(await create('恒达(上海)'));
  });

  it('do not count a deleted account', async () => {
    const binned = await create('Recycled Holdings');
    const del = await admin().del(`/api/v1/accounts/${idOf(binned)}`, { 'if-match': '"1"' });
    expect(del.status).toBe(204);
    const again = await create('recycled holdings');
    expect(again.status).toBe(201);
  });

  it("do not count another organization's accounts, nor show them", async () => {
    await create('Tenant Shared Name');
    const theirs = await api(ctx, other.users.admin.token).post('/api/v1/accounts', {
      name: 'Tenant Shared Name',
    });
    expect(theirs.status).toBe(201);
    const second = await api(ctx, other.users.admin.token).post('/api/v1/accounts', {
      name: 'tenant shared name',
    });
    expectDuplicate(second);
    expect(duplicatesOf(second)).toEqual([
      { id: idOf(theirs), name: 'Tenant Shared Name', ownerName: 'Admin' },
    ]);
  });

  it('create it anyway with allowDuplicate, and list every match afterwards', async () => {
    const first = await create('Override Industries');
    const forced = await create('OVERRIDE industries', { allowDuplicate: true });
    expect(forced.status).toBe(201);
    expect(forced.body.name).toBe('OVERRIDE industries');
    expect(forced.body).not.toHaveProperty('allowDuplicate');
    expect(forced.body).not.toHaveProperty('nameKey');
    const third = await create('Override-Industries');
    expectDuplicate(third);
    expect(
      duplicatesOf(third)
        .map((d) => d.id)
        .sort(),
    ).toEqual([idOf(first), idOf(forced)].sort());
    const refused = await create('Override Industries', { allowDuplicate: false });
    expect(refused.status).toBe(409);
  });

  it('refuse a rename onto an existing name unless allowed; keeping the name is no rename', async () => {
    const taken = await create('Rename Target Ltd');
    const mine = await create('Rename Source Ltd');
    const url = `/api/v1/accounts/${idOf(mine)}`;
    const onto = await admin().patch(url, { name: 'rename target ltd.' }, { 'if-match': '"1"' });
    expectDuplicate(onto);
    expect(duplicatesOf(onto).map((d) => d.id)).toEqual([idOf(taken)]);

    const same = await admin().patch(
      url,
      { name: 'Rename Source Ltd', industry: 'Mining' },
      { 'if-match': '"1"' },
    );
    expect(same.status).toBe(200);
    const otherField = await admin().patch(url, { industry: 'Banking' }, { 'if-match': '"2"' });
    expect(otherField.status).toBe(200);

    const allowed = await admin().patch(
      url,
      { name: 'Rename Target Ltd', allowDuplicate: true },
      { 'if-match': '"3"' },
    );
    expect(allowed.status).toBe(200);
    // Already a duplicate (created anyway): editing it, or respelling the same key, raises no alert.
    const respelled = await admin().patch(url, { name: 'RENAME TARGET LTD' }, { 'if-match': '"4"' });
    expect(respelled.status).toBe(200);
  });

  it('tell an actor who may not see the match only that the name exists', async () => {
    const repOwned = await api(ctx, org.users.rep.token).post('/api/v1/accounts', {
      name: 'East Region Secret Co',
    });
    expect(repOwned.status).toBe(201);
    const hidden = await api(ctx, org.users.rep3.token).post('/api/v1/accounts', {
      name: 'east region secret co',
    });
    expectDuplicate(hidden);
    expect(duplicatesOf(hidden)).toEqual([]);
    expect(JSON.stringify(hidden.body)).not.toContain(idOf(repOwned));
    expect(JSON.stringify(hidden.body)).not.toContain('East Region Secret Co');

    const manager = await api(ctx, org.users.manager.token).post('/api/v1/accounts', {
      name: 'East Region Secret Co',
    });
    expectDuplicate(manager);
    expect(duplicatesOf(manager).map((d) => d.id)).toEqual([idOf(repOwned)]);
  });

  it('find accounts written without a key (imports, SQL) and after a rename outside the API', async () => {
    const { db } = ctx.db;
    await db.execute(sql`INSERT INTO accounts (org_id, name, owner_id)
      VALUES (${org.orgId}, 'Bulk Loaded Co', ${org.users.admin.id})`);
    expectDuplicate(await create('bulk loaded co'));

    const viaApi = await create('Before SQL Rename');
    await db.execute(sql`UPDATE accounts SET name = 'After SQL Rename' WHERE id = ${idOf(viaApi)}`);
    expect((await create('before sql rename')).status).toBe(201);
    expectDuplicate(await create('after sql rename'));
  });

  it('a name of punctuation only matches nothing', async () => {
    expect((await create('---')).status).toBe(201);
    expect((await create('- - -')).status).toBe(201);
  });

  it('are described in the OpenAPI document', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const text = doc.body;
    expect(text).toContain('allowDuplicate');
    const spec = JSON.parse(text) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
      >;
    };
    const conflict = JSON.stringify(spec.paths['/api/v1/accounts']!.post!.responses['409']);
    expect(conflict).toContain('AccountConflict');
  });
});
