import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorWords } from '../../src/core/field-errors.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Duplicate accounts are alerted, not forbidden: a name another live account of the organization has
 * (case, spaces, punctuation and full-width forms ignored) answers 409 `duplicate_account` with the
 * matches the actor may see, and `allowDuplicate: true` creates it anyway. A restore from the recycle bin
 * brings a name back, and is checked the same way.
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

  it('are described in the OpenAPI document, the restore of an account too', async () => {
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
    const restore = spec.paths['/api/v1/accounts/{id}/restore']!.post!;
    expect(JSON.stringify(restore.responses['409'])).toContain('AccountConflict');
    expect(JSON.stringify(restore)).toContain('AccountRestore');
    // Other records' restores are as they were: no body, the common 409.
    const contacts = spec.paths['/api/v1/contacts/{id}/restore']!.post!;
    expect(contacts).not.toHaveProperty('requestBody');
    expect(JSON.stringify(contacts.responses['409'])).not.toContain('AccountConflict');
  });
});

describe('restoring a duplicate account from the recycle bin', () => {
  const del = (id: string, as = admin()) => as.del(`/api/v1/accounts/${id}`, { 'if-match': '"1"' });
  const restore = (id: string, body?: unknown, as = admin()) =>
    as.post(`/api/v1/accounts/${id}/restore`, body);
  /** Whether the record is in the recycle bin of `kind`, as the admin sees it. */
  const inBin = async (kind: string, id: string) =>
    (await admin().get(`/api/v1/${kind}?deleted=true&limit=500`)).body.items!.some((r) => r.id === id);

  it('refuses an account whose name was taken while it was deleted, and brings back nothing of its deletion', async () => {
    const old = await create('GTX Restore Pro');
    const contact = await admin().post('/api/v1/contacts', { name: 'Restore Person', accountId: idOf(old) });
    const deal = await admin().post('/api/v1/opportunities', { name: 'Restore deal', accountId: idOf(old) });
    expect([contact.status, deal.status]).toEqual([201, 201]);
    expect((await del(idOf(old))).status).toBe(204);
    const fresh = await create('gtx-restore pro');
    expect(fresh.status).toBe(201);

    const refused = await restore(idOf(old));
    expectDuplicate(refused);
    expect(duplicatesOf(refused)).toEqual([{ id: idOf(fresh), name: 'gtx-restore pro', ownerName: 'Admin' }]);
    // The whole deletion stays in the bin: the account and what went with it.
    expect(await inBin('accounts', idOf(old))).toBe(true);
    expect(await inBin('contacts', idOf(contact))).toBe(true);
    expect(await inBin('opportunities', idOf(deal))).toBe(true);
    expect((await admin().get(`/api/v1/accounts/${idOf(old)}`)).status).toBe(404);
    // Saying no is still no.
    expectDuplicate(await restore(idOf(old), { allowDuplicate: false }));
  });

  it('restores it anyway with allowDuplicate, with what was deleted with it', async () => {
    const old = await create('Anyway Restore Ltd');
    const deal = await admin().post('/api/v1/opportunities', { name: 'Anyway deal', accountId: idOf(old) });
    expect((await del(idOf(old))).status).toBe(204);
    const fresh = await create('ANYWAY restore ltd');
    expectDuplicate(await restore(idOf(old)));

    const forced = await restore(idOf(old), { allowDuplicate: true });
    expect(forced.status).toBe(200);
    expect(forced.body.deletedAt).toBeNull();
    expect(forced.body.name).toBe('Anyway Restore Ltd');
    expect(forced.body).not.toHaveProperty('allowDuplicate');
    expect((await admin().get(`/api/v1/opportunities/${idOf(deal)}`)).status).toBe(200);
    // Both are live now, and both are named to the next one.
    const third = await create('anyway-restore-ltd');
    expectDuplicate(third);
    expect(
      duplicatesOf(third)
        .map((d) => d.id)
        .sort(),
    ).toEqual([idOf(old), idOf(fresh)].sort());
  });

  it('restores an account no live account shares a name with, with or without a body', async () => {
    const alone = await create('Lonely Restore Co');
    expect((await del(idOf(alone))).status).toBe(204);
    // A deleted account of the same name is no match either.
    const other = await create('lonely restore co');
    expect((await del(idOf(other))).status).toBe(204);
    const back = await restore(idOf(alone));
    expect(back.status).toBe(200);
    expect(back.body.deletedAt).toBeNull();
    expect(await inBin('accounts', idOf(alone))).toBe(false);

    const second = await create('Second Lonely Co');
    expect((await del(idOf(second))).status).toBe(204);
    expect((await restore(idOf(second), {})).status).toBe(200);
    const third = await create('Third Lonely Co');
    expect((await del(idOf(third))).status).toBe(204);
    expect((await restore(idOf(third), { allowDuplicate: false })).status).toBe(200);
  });

  it('checks the body of a restore', async () => {
    const acc = await create('Body Check Restore Co');
    expect((await del(idOf(acc))).status).toBe(204);
    for (const body of [{ allowDuplicate: 'yes' }, { name: 'Renamed' }]) {
      const res = await restore(idOf(acc), body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await inBin('accounts', idOf(acc))).toBe(true);
  });

  it('tells a restorer who may not see the match only that the name exists', async () => {
    const rep3 = api(ctx, org.users.rep3.token);
    const mine = await rep3.post('/api/v1/accounts', { name: 'Unseen Restore Co' });
    expect(mine.status).toBe(201);
    expect((await del(idOf(mine), rep3)).status).toBe(204);
    const colleagues = await api(ctx, org.users.rep.token).post('/api/v1/accounts', {
      name: 'unseen restore co',
    });
    expect(colleagues.status).toBe(201);

    const refused = await restore(idOf(mine), undefined, rep3);
    expectDuplicate(refused);
    expect(duplicatesOf(refused)).toEqual([]);
    expect(JSON.stringify(refused.body)).not.toContain(idOf(colleagues));
    expect((await restore(idOf(mine), { allowDuplicate: true }, rep3)).status).toBe(200);
  });

  it('finds a live account written without a key (imports, SQL)', async () => {
    const old = await create('Keyless Restore Co');
    expect((await del(idOf(old))).status).toBe(204);
    await ctx.db.db.execute(sql`INSERT INTO accounts (org_id, name, owner_id)
      VALUES (${org.orgId}, 'KEYLESS RESTORE CO', ${org.users.admin.id})`);
    expectDuplicate(await restore(idOf(old)));
  });
});
