import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Acme 华东');
});
afterAll(() => ctx.close());

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);

describe('records', () => {
  it('creates, reads, lists, changes and deletes an account with optimistic concurrency', async () => {
    const rep = as('rep');
    const created = await rep.post('/api/v1/accounts', {
      name: '华为技术有限公司',
      industry: '通信设备',
      tier: 'strategic',
    });
    expect(created.status).toBe(201);
    expect(created.body.ownerId).toBe(org.users.rep.id);
    expect(created.headers.etag).toBe('"1"');
    const id = created.body.id as string;

    const got = await rep.get(`/api/v1/accounts/${id}`);
    expect(got.body.name).toBe('华为技术有限公司');

    expect((await rep.patch(`/api/v1/accounts/${id}`, { industry: 'ICT' })).status).toBe(428);
    const changed = await rep.patch(`/api/v1/accounts/${id}`, { industry: 'ICT' }, { 'if-match': '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    const stale = await rep.patch(`/api/v1/accounts/${id}`, { industry: 'Telecom' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_conflict');
    expect((stale.body.current as { updatedBy: { name: string } }).updatedBy.name).toContain('rep');

    expect((await rep.del(`/api/v1/accounts/${id}`, { 'if-match': '"2"' })).status).toBe(204);
    expect((await rep.get(`/api/v1/accounts/${id}`)).status).toBe(404);
    const bin = await rep.get('/api/v1/accounts?deleted=true');
    expect(bin.body.items?.map((a) => a.id)).toContain(id);
    const restored = await rep.post(`/api/v1/accounts/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
  });

  it('rejects unknown and system properties, naming each field', async () => {
    const res = await as('rep').post('/api/v1/accounts', {
      name: 'X',
      orgId: org.orgId,
      version: 9,
      createdAt: 'now',
    });
    expect(res.status).toBe(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['createdAt', 'orgId', 'version']);
  });

  it('stops a rep from assigning records to someone else', async () => {
    const res = await as('rep').post('/api/v1/accounts', { name: 'Planted', ownerId: org.users.rep3.id });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('owner_not_allowed');
    const mgr = await as('manager').post('/api/v1/accounts', {
      name: 'Assigned',
      ownerId: org.users.rep2.id,
    });
    expect(mgr.status).toBe(201);
  });

  it('scopes visibility: rep sees own deals and deal-team deals, manager the subtree, admin all', async () => {
    const acc = await as('rep').post('/api/v1/accounts', { name: 'Visibility Co' });
    const accountId = acc.body.id as string;
    const mine = await as('rep').post('/api/v1/opportunities', { name: 'Mine', accountId, amount: 100000 });
    expect(mine.status).toBe(201);
    const acc3 = await as('rep3').post('/api/v1/accounts', { name: 'North Co' });
    const north = await as('rep3').post('/api/v1/opportunities', {
      name: 'North deal',
      accountId: acc3.body.id,
      members: [{ userId: org.users.presales.id, role: 'presales' }],
    });
    expect(north.status).toBe(201);
    const ids = async (who: keyof SeededOrg['users']) =>
      new Set(((await as(who).get('/api/v1/opportunities?limit=500')).body.items ?? []).map((o) => o.id));
    expect(await ids('rep')).toEqual(new Set([mine.body.id]));
    expect(await ids('rep2')).toEqual(new Set());
    expect(await ids('manager')).toEqual(new Set([mine.body.id]));
    expect(await ids('vp')).toEqual(new Set([mine.body.id, north.body.id]));
    expect(await ids('presales')).toEqual(new Set([north.body.id]));
    expect(await ids('admin')).toEqual(new Set([mine.body.id, north.body.id]));
    expect((await as('rep2').get(`/api/v1/opportunities/${mine.body.id}`)).status).toBe(404);
    // The deal team member also sees the deal's account.
    expect((await as('presales').get(`/api/v1/accounts/${acc3.body.id}`)).status).toBe(200);
    // Read-only roles see everything but change nothing.
    expect((await as('viewer').get(`/api/v1/opportunities/${north.body.id}`)).status).toBe(200);
    const viewerWrite = await as('viewer').patch(
      `/api/v1/opportunities/${north.body.id}`,
      { name: 'x' },
      { 'if-match': '"1"' },
    );
    expect(viewerWrite.status).toBe(403);
  });

  it('keeps a field-level history of every opportunity change', async () => {
    const rep = as('rep');
    const acc = await rep.post('/api/v1/accounts', { name: 'History Co' });
    const opp = await rep.post('/api/v1/opportunities', { name: 'H1', accountId: acc.body.id, amount: 5000 });
    const id = opp.body.id as string;
    await rep.patch(
      `/api/v1/opportunities/${id}`,
      { amount: 7000, nextStep: 'Visit CIO' },
      { 'if-match': '"1"' },
    );
    await rep.patch(`/api/v1/opportunities/${id}`, { status: 'won' }, { 'if-match': '"2"' });
    const hist = await rep.get(`/api/v1/opportunities/${id}/history`);
    const fields = (hist.body.items ?? []).map(
      (h) => `${h.field}:${JSON.stringify(h.oldValue)}->${JSON.stringify(h.newValue)}`,
    );
    expect(fields).toContain('amount:5000->7000');
    expect(fields).toContain('nextStep:null->"Visit CIO"');
    expect(fields).toContain('status:"open"->"won"');
    expect(fields.some((f) => f.startsWith('closedAt:null->'))).toBe(true);
    expect(fields[fields.length - 1]).toBe('created:null->"H1"');
    expect((hist.body.items ?? [])[0]?.actor).toEqual({
      id: org.users.rep.id,
      name: expect.stringContaining('rep'),
    });
  });

  it('derives the amount from line items at their list price', async () => {
    const admin = as('admin');
    const p = await admin.post('/api/v1/products', {
      name: 'MES Platform',
      listPrice: 480000,
      family: 'Software',
    });
    expect(p.status).toBe(201);
    const acc = await as('rep').post('/api/v1/accounts', { name: 'Line Co' });
    const opp = await as('rep').post('/api/v1/opportunities', {
      name: 'With products',
      accountId: acc.body.id,
      lineItems: [{ productId: p.body.id, quantity: 2 }],
    });
    expect(opp.status).toBe(201);
    expect(opp.body.amount).toBe(960000);
    expect(opp.body.lineItems).toEqual([{ productId: p.body.id, quantity: 2, unitPrice: 480000 }]);
  });

  it('lets exactly one of 20 concurrent PATCHes with the same version win', async () => {
    const rep = as('rep');
    const acc = await rep.post('/api/v1/accounts', { name: 'Race Co' });
    const opp = await rep.post('/api/v1/opportunities', { name: 'Race', accountId: acc.body.id, amount: 1 });
    const id = opp.body.id as string;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rep.patch(`/api/v1/opportunities/${id}`, { amount: 1000 + i }, { 'if-match': '"1"' }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const stale = results.filter((r) => r.status === 412);
    console.log(`20 concurrent PATCHes: ${ok.length} succeeded, ${stale.length} got 412`);
    expect(ok).toHaveLength(1);
    expect(stale).toHaveLength(19);
    const final = await rep.get(`/api/v1/opportunities/${id}`);
    expect(final.body.amount).toBe(ok[0]!.body.amount);
    expect(final.body.version).toBe(2);
  });

  it('searches names in Chinese (2 characters) and English (case-insensitive, 3+)', async () => {
    const rep = as('rep');
    for (const name of ['华为技术', '中兴通讯', 'GTX Pro Logistics', 'Bosch Rexroth'])
      await rep.post('/api/v1/accounts', { name });
    const names = async (q: string) =>
      ((await rep.get(`/api/v1/accounts?q=${encodeURIComponent(q)}`)).body.items ?? []).map((a) => a.name);
    expect(await names('华为')).toContain('华为技术');
    expect(await names('华为')).not.toContain('中兴通讯');
    expect(await names('gtx')).toEqual(['GTX Pro Logistics']);
    expect(await names('rexroth')).toEqual(['Bosch Rexroth']);
    expect(await names('100%')).toEqual([]);
  });

  it('pages through a list with a cursor without repeats or gaps', async () => {
    const rep = as('rep2');
    const made = new Set<string>();
    for (let i = 0; i < 23; i++)
      made.add(
        (await rep.post('/api/v1/accounts', { name: `Page ${String(i).padStart(2, '0')}` })).body
          .id as string,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await rep.get(
        `/api/v1/accounts?q=page&limit=5&sort=-name${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...(res.body.items ?? []).map((a) => a.id as string));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen)).toEqual(made);
  });
});
