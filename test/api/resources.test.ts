import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/server/crud/cursor.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Resources Org');
});
afterAll(() => ctx.close());

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
type Item = Record<string, unknown>;
const ids = (items: Item[] | undefined) => (items ?? []).map((i) => i.id as string);

async function created(who: keyof SeededOrg['users'], url: string, body: Item): Promise<Item> {
  const res = await as(who).post(url, body);
  expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

describe('contacts', () => {
  it('belong to an account, normalise e-mail, and follow the account’s visibility', async () => {
    const account = await created('rep', '/api/v1/accounts', { name: 'Contact Co' });
    const contact = await created('rep', '/api/v1/contacts', {
      name: '王伟',
      title: 'CIO',
      email: '  Wang.Wei@Example.COM ',
      accountId: account.id,
    });
    expect(contact.email).toBe('wang.wei@example.com');
    expect(contact.ownerId).toBe(org.users.rep.id);

    const bad = await as('rep').post('/api/v1/contacts', { name: 'No mail', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['email']);

    const listed = await as('rep').get(`/api/v1/contacts?accountId=${account.id}`);
    expect(ids(listed.body.items)).toEqual([contact.id]);
    expect((await as('manager').get(`/api/v1/contacts/${contact.id}`)).status).toBe(200);
    expect((await as('rep2').get(`/api/v1/contacts/${contact.id}`)).status).toBe(404);
    expect((await as('rep3').get(`/api/v1/contacts?accountId=${account.id}`)).body.items).toEqual([]);

    const unknownAccount = await as('rep').post('/api/v1/contacts', {
      name: 'Orphan',
      accountId: '5b1d7f3a-2c4e-4f6a-8b9c-0d1e2f3a4b5c',
    });
    expect(unknownAccount.status).toBe(422);
    expect(unknownAccount.body.code).toBe('invalid_reference');
  });
});

describe('activities', () => {
  it('record participants and move from planned to done with an outcome', async () => {
    const account = await created('rep', '/api/v1/accounts', { name: 'Visit Co' });
    const c1 = await created('rep', '/api/v1/contacts', { name: 'Li Na', accountId: account.id });
    const c2 = await created('rep', '/api/v1/contacts', { name: 'Zhang San', accountId: account.id });
    const visit = await created('rep', '/api/v1/activities', {
      type: 'visit',
      subject: 'First visit',
      startAt: '2030-03-01T02:00:00.000Z',
      goal: 'Understand the initiative',
      accountId: account.id,
      participantContactIds: [c2.id, c1.id, c2.id],
    });
    expect(visit.status).toBe('planned');
    expect(visit.outcome).toBeNull();
    expect(visit.participantContactIds).toEqual([c1.id, c2.id].sort());

    const done = await as('rep').patch(
      `/api/v1/activities/${visit.id}`,
      { status: 'done', outcome: 'CIO confirmed budget', durationMinutes: 90 },
      { 'if-match': '"1"' },
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'CIO confirmed budget', durationMinutes: 90 });
    // Participants stay unless sent; sent, they replace the list.
    expect(done.body.participantContactIds).toEqual([c1.id, c2.id].sort());
    const fewer = await as('rep').patch(
      `/api/v1/activities/${visit.id}`,
      { participantContactIds: [c2.id] },
      { 'if-match': '"2"' },
    );
    expect(fewer.body.participantContactIds).toEqual([c2.id]);

    const doneList = await as('rep').get(`/api/v1/activities?status=done&accountId=${account.id}`);
    expect(ids(doneList.body.items)).toEqual([visit.id]);
    const planned = await as('rep').get(`/api/v1/activities?status=planned&accountId=${account.id}`);
    expect(planned.body.items).toEqual([]);

    const unknown = await as('rep').post('/api/v1/activities', {
      type: 'call',
      subject: 'Ghost call',
      participantContactIds: ['5b1d7f3a-2c4e-4f6a-8b9c-0d1e2f3a4b5c'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('invalid_reference');
    const badDuration = await as('rep').post('/api/v1/activities', {
      type: 'call',
      subject: 'Too long',
      durationMinutes: 20_000,
    });
    expect(badDuration.status).toBe(400);
  });
});

describe('notes', () => {
  it('must hang off an account, contact or deal', async () => {
    const orphan = await as('rep').post('/api/v1/notes', { body: 'Floating thought' });
    expect(orphan.status).toBe(422);
    expect(orphan.body.code).toBe('constraint_violated');
    const blank = await as('rep').post('/api/v1/notes', { body: '   ' });
    expect(blank.status).toBe(400);

    const account = await created('rep', '/api/v1/accounts', { name: 'Note Co' });
    const contact = await created('rep', '/api/v1/contacts', { name: 'Note Person', accountId: account.id });
    const note = await created('rep', '/api/v1/notes', { body: 'Prefers WeChat', contactId: contact.id });
    expect(note.contactId).toBe(contact.id);
    const listed = await as('rep').get(`/api/v1/notes?contactId=${contact.id}`);
    expect(ids(listed.body.items)).toEqual([note.id]);
  });
});

describe('products', () => {
  it('are read by everyone and written by admins only', async () => {
    const denied = await as('rep').post('/api/v1/products', { name: 'Rogue SKU', listPrice: 1 });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    expect((await as('manager').post('/api/v1/products', { name: 'Rogue SKU', listPrice: 1 })).status).toBe(
      403,
    );

    const product = await created('admin', '/api/v1/products', {
      name: 'APS Scheduler',
      family: 'Software',
      listPrice: 120_000.5,
      currency: 'USD',
    });
    expect(product.listPrice).toBe(120_000.5);
    expect(ids((await as('rep').get('/api/v1/products?q=aps')).body.items)).toContain(product.id);
    expect((await as('viewer').get(`/api/v1/products/${product.id}`)).status).toBe(200);

    const repPatch = await as('rep').patch(
      `/api/v1/products/${product.id}`,
      { listPrice: 1 },
      { 'if-match': '"1"' },
    );
    expect(repPatch.status).toBe(403);
    expect((await as('rep').del(`/api/v1/products/${product.id}`, { 'if-match': '"1"' })).status).toBe(403);
    const adminPatch = await as('admin').patch(
      `/api/v1/products/${product.id}`,
      { active: false },
      { 'if-match': '"1"' },
    );
    expect(adminPatch.status).toBe(200);
    expect(ids((await as('rep').get('/api/v1/products?active=false')).body.items)).toContain(product.id);

    const badCurrency = await as('admin').post('/api/v1/products', { name: 'X', currency: 'usd' });
    expect(badCurrency.status).toBe(400);
  });
});

describe('users', () => {
  it('are created by admins with a password the new user signs in with', async () => {
    const email = `new.hire.${Date.now()}@example.com`;
    const user = await created('admin', '/api/v1/users', {
      name: 'New Hire',
      email,
      role: 'rep',
      teamId: org.teams.north,
      password: 'a-long-enough-password',
    });
    expect(user).not.toHaveProperty('password');
    expect(user).not.toHaveProperty('passwordHash');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.1',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password: 'a-long-enough-password' }),
    });
    expect(login.statusCode).toBe(200);
    expect(login.json<{ user: { id: string; role: string } }>().user).toMatchObject({
      id: user.id,
      role: 'rep',
    });

    const dup = await as('admin').post('/api/v1/users', { name: 'Again', email: email.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate');
    const short = await as('admin').post('/api/v1/users', {
      name: 'Short',
      email: 'short@example.com',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect((await as('manager').post('/api/v1/users', { name: 'Not allowed' })).status).toBe(403);
  });

  it('keeps at least one active admin: the last one cannot be demoted or deactivated', async () => {
    const solo = await seedOrg(ctx, 'Solo Admin Org');
    const admin = api(ctx, solo.users.admin.token);
    const demote = await admin.patch(
      `/api/v1/users/${solo.users.admin.id}`,
      { role: 'manager' },
      { 'if-match': '"1"' },
    );
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_admin');
    const off = await admin.patch(
      `/api/v1/users/${solo.users.admin.id}`,
      { status: 'deactivated' },
      { 'if-match': '"1"' },
    );
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('last_admin');

    const second = await admin.post('/api/v1/users', {
      name: 'Second Admin',
      email: `second-${solo.slug}@example.com`,
      role: 'admin',
    });
    expect(second.status).toBe(201);
    const now = await admin.patch(
      `/api/v1/users/${solo.users.admin.id}`,
      { role: 'manager' },
      { 'if-match': '"1"' },
    );
    expect(now.status).toBe(200);
    expect(now.body.role).toBe('manager');
    // The demoted user lost admin rights at once.
    expect((await admin.post('/api/v1/products', { name: 'After demotion' })).status).toBe(403);
  });
});

describe('teams', () => {
  it('refuse a parent chain that loops back', async () => {
    const admin = as('admin');
    const loop = await admin.patch(
      `/api/v1/teams/${org.teams.national}`,
      { parentId: org.teams.east },
      { 'if-match': '"1"' },
    );
    expect(loop.status).toBe(422);
    expect((loop.body.errors as { path: string }[])[0]!.path).toBe('parentId');
    const self = await admin.patch(
      `/api/v1/teams/${org.teams.east}`,
      { parentId: org.teams.east },
      { 'if-match': '"1"' },
    );
    expect(self.status).toBe(422);
    const sub = await created('admin', '/api/v1/teams', { name: 'East-1', parentId: org.teams.east });
    const deeper = await admin.patch(
      `/api/v1/teams/${org.teams.east}`,
      { parentId: sub.id },
      { 'if-match': '"1"' },
    );
    expect(deeper.status).toBe(422);
    expect((await as('manager').post('/api/v1/teams', { name: 'Shadow team' })).status).toBe(403);
  });

  it('change what a manager sees as soon as a team changes', async () => {
    const account = await created('rep3', '/api/v1/accounts', { name: 'North Star' });
    const deal = await created('rep3', '/api/v1/opportunities', {
      name: 'North deal',
      accountId: account.id,
    });
    const manager = as('manager');
    expect((await manager.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(404);
    // Prime the manager's cached identity, then move rep3 into the manager's team.
    expect((await manager.get('/api/v1/auth/me')).status).toBe(200);
    const user = await as('admin').get(`/api/v1/users/${org.users.rep3.id}`);
    const moved = await as('admin').patch(
      `/api/v1/users/${org.users.rep3.id}`,
      { teamId: org.teams.east },
      { 'if-match': `"${user.body.version}"` },
    );
    expect(moved.status).toBe(200);
    expect((await manager.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(200);
    expect(ids((await manager.get('/api/v1/opportunities?limit=500')).body.items)).toContain(deal.id);

    // Or the team changes its manager: the north team under the east manager.
    const back = await as('admin').patch(
      `/api/v1/users/${org.users.rep3.id}`,
      { teamId: org.teams.north },
      { 'if-match': `"${moved.body.version}"` },
    );
    expect(back.status).toBe(200);
    expect((await manager.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(404);
    const north = await as('admin').get(`/api/v1/teams/${org.teams.north}`);
    const managed = await as('admin').patch(
      `/api/v1/teams/${org.teams.north}`,
      { managerId: org.users.manager.id },
      { 'if-match': `"${north.body.version}"` },
    );
    expect(managed.status).toBe(200);
    expect((await manager.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(200);
    const unmanaged = await as('admin').patch(
      `/api/v1/teams/${org.teams.north}`,
      { managerId: null },
      { 'if-match': `"${managed.body.version}"` },
    );
    expect(unmanaged.status).toBe(200);
    expect((await manager.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(404);
  });
});

describe('pipelines', () => {
  const stage = (nameEn: string, probability: number, id?: string) => ({
    ...(id ? { id } : {}),
    nameEn,
    nameZh: `${nameEn} 阶段`,
    probability,
  });
  type Stage = { id: string; position: number; nameEn: string };

  it('are created with ordered stages, reordered keeping stage ids, and keep stages that hold deals', async () => {
    const admin = as('admin');
    const p = await created('admin', '/api/v1/pipelines', {
      name: 'Product sale',
      stages: [stage('Qualify', 10), stage('Demo', 40), stage('Close', 80)],
    });
    const stages = p.stages as Stage[];
    expect(stages.map((s) => [s.position, s.nameEn])).toEqual([
      [1, 'Qualify'],
      [2, 'Demo'],
      [3, 'Close'],
    ]);
    const [qualify, demo, close] = stages as [Stage, Stage, Stage];

    const reordered = await admin.patch(
      `/api/v1/pipelines/${p.id}`,
      {
        stages: [stage('Qualify', 10, qualify.id), stage('Close', 80, close.id), stage('Demo', 40, demo.id)],
      },
      { 'if-match': '"1"' },
    );
    expect(reordered.status).toBe(200);
    expect((reordered.body.stages as Stage[]).map((s) => [s.id, s.position])).toEqual([
      [qualify.id, 1],
      [close.id, 2],
      [demo.id, 3],
    ]);

    const account = await created('rep', '/api/v1/accounts', { name: 'Pipeline Co' });
    const deal = await created('rep', '/api/v1/opportunities', {
      name: 'In qualify',
      accountId: account.id,
      pipelineId: p.id,
    });
    expect(deal.stageId).toBe(qualify.id);
    const removing = await admin.patch(
      `/api/v1/pipelines/${p.id}`,
      { stages: [stage('Close', 80, close.id), stage('Demo', 40, demo.id)] },
      { 'if-match': '"2"' },
    );
    expect(removing.status).toBe(409);
    expect(removing.body.code).toBe('stage_in_use');
    // A stage nobody is in can go, and a new one can come.
    const trimmed = await admin.patch(
      `/api/v1/pipelines/${p.id}`,
      { stages: [stage('Qualify', 10, qualify.id), stage('Close', 80, close.id), stage('Won', 100)] },
      { 'if-match': '"2"' },
    );
    expect(trimmed.status).toBe(200);
    const after = trimmed.body.stages as Stage[];
    expect(after.map((s) => s.nameEn)).toEqual(['Qualify', 'Close', 'Won']);
    expect(after.map((s) => s.id)).not.toContain(demo.id);
    expect((await as('rep').get(`/api/v1/opportunities/${deal.id}`)).body.stageId).toBe(qualify.id);

    // A stage id of another pipeline is not taken over.
    const other = (await admin.get(`/api/v1/pipelines/${org.pipelineId}`)).body.stages as Stage[];
    const foreign = await admin.patch(
      `/api/v1/pipelines/${p.id}`,
      { stages: [stage('Mine?', 10, other[0]!.id)] },
      { 'if-match': '"3"' },
    );
    expect(foreign.status).toBe(422);
    expect(
      (await as('rep').post('/api/v1/pipelines', { name: 'Rep model', stages: [stage('A', 1)] })).status,
    ).toBe(403);
    expect((await admin.post('/api/v1/pipelines', { name: 'No stages' })).status).toBe(422);
  });

  it('have exactly one default', async () => {
    const admin = as('admin');
    const defaults = async () => ids((await admin.get('/api/v1/pipelines?isDefault=true')).body.items);
    expect(await defaults()).toEqual([org.pipelineId]);
    const next = await created('admin', '/api/v1/pipelines', {
      name: 'Strategic accounts',
      isDefault: true,
      stages: [stage('Plan', 10)],
    });
    expect(next.isDefault).toBe(true);
    expect(await defaults()).toEqual([next.id]);
    const old = await admin.get(`/api/v1/pipelines/${org.pipelineId}`);
    expect(old.body.isDefault).toBe(false);
    // New deals land in the default pipeline's first stage.
    const account = await created('rep', '/api/v1/accounts', { name: 'Default Co' });
    const deal = await created('rep', '/api/v1/opportunities', { name: 'Defaulted', accountId: account.id });
    expect(deal.pipelineId).toBe(next.id);

    const back = await admin.patch(
      `/api/v1/pipelines/${org.pipelineId}`,
      { isDefault: true },
      { 'if-match': `"${old.body.version}"` },
    );
    expect(back.status).toBe(200);
    expect(await defaults()).toEqual([org.pipelineId]);
  });
});

describe('soft delete', () => {
  it('puts an account’s contacts, deals, activities and notes in the recycle bin, and restore brings all back', async () => {
    const rep = as('rep');
    const account = await created('rep', '/api/v1/accounts', { name: 'Cascade Co' });
    const contact = await created('rep', '/api/v1/contacts', {
      name: 'Cascade Person',
      accountId: account.id,
    });
    const earlier = await created('rep', '/api/v1/contacts', {
      name: 'Deleted Earlier',
      accountId: account.id,
    });
    const deal = await created('rep', '/api/v1/opportunities', {
      name: 'Cascade deal',
      accountId: account.id,
    });
    const dealActivity = await created('rep', '/api/v1/activities', {
      type: 'demo',
      subject: 'Demo',
      opportunityId: deal.id,
    });
    const accountActivity = await created('rep', '/api/v1/activities', {
      type: 'call',
      subject: 'Call',
      accountId: account.id,
    });
    const contactNote = await created('rep', '/api/v1/notes', {
      body: 'Contact note',
      contactId: contact.id,
    });
    const dealNote = await created('rep', '/api/v1/notes', { body: 'Deal note', opportunityId: deal.id });
    expect((await rep.del(`/api/v1/contacts/${earlier.id}`, { 'if-match': '"1"' })).status).toBe(204);

    const family: [string, Item][] = [
      ['contacts', contact],
      ['opportunities', deal],
      ['activities', dealActivity],
      ['activities', accountActivity],
      ['notes', contactNote],
      ['notes', dealNote],
    ];
    expect((await rep.del(`/api/v1/accounts/${account.id}`, { 'if-match': '"1"' })).status).toBe(204);
    for (const [kind, row] of [['accounts', account] as [string, Item], ...family]) {
      expect((await rep.get(`/api/v1/${kind}/${row.id}`)).status, kind).toBe(404);
      const bin = await rep.get(`/api/v1/${kind}?deleted=true&limit=500`);
      expect(ids(bin.body.items), kind).toContain(row.id);
      expect(ids((await rep.get(`/api/v1/${kind}?limit=500`)).body.items), kind).not.toContain(row.id);
    }

    const restored = await rep.post(`/api/v1/accounts/${account.id}/restore`);
    expect(restored.status).toBe(200);
    for (const [kind, row] of family) {
      const back = await rep.get(`/api/v1/${kind}/${row.id}`);
      expect(back.status, kind).toBe(200);
      expect(back.body.deletedAt).toBeNull();
    }
    // The deal's history says it went and came back with its account, newest first.
    const hist = await rep.get(`/api/v1/opportunities/${deal.id}/history`);
    expect(
      (hist.body.items ?? []).slice(0, 2).map((h: Item) => [h.field, h.newValue, (h.actor as Item)?.id]),
    ).toEqual([
      ['restored', { with: 'account' }, org.users.rep.id],
      ['deleted', { with: 'account' }, org.users.rep.id],
    ]);
    // What was deleted on its own before stays in the bin.
    expect((await rep.get(`/api/v1/contacts/${earlier.id}`)).status).toBe(404);
    // Restoring what is not in the bin is a 404.
    expect((await rep.post(`/api/v1/accounts/${account.id}/restore`)).status).toBe(404);
  });
});

describe('lists', () => {
  it('filter by status, amount range and creation time', async () => {
    const rep = as('rep2');
    const account = await created('rep2', '/api/v1/accounts', { name: 'Filter Co' });
    const before = new Date(Date.now() - 1000).toISOString();
    const make = (name: string, amount: number) =>
      created('rep2', '/api/v1/opportunities', { name, amount, accountId: account.id });
    const open = await make('Open 100', 100);
    const won = await make('Won 500', 500);
    const lost = await make('Lost 1000', 1000);
    expect(
      (await rep.patch(`/api/v1/opportunities/${won.id}`, { status: 'won' }, { 'if-match': '"1"' })).status,
    ).toBe(200);
    expect(
      (
        await rep.patch(
          `/api/v1/opportunities/${lost.id}`,
          { status: 'lost', closeReason: 'Price' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(200);
    const list = async (query: string) => {
      const res = await rep.get(`/api/v1/opportunities?accountId=${account.id}&${query}`);
      expect(res.status, query).toBe(200);
      return ids(res.body.items).sort();
    };
    expect(await list('status=won,lost')).toEqual([won.id, lost.id].sort());
    expect(await list('status=open')).toEqual([open.id]);
    expect(await list('amountFrom=200&amountTo=800')).toEqual([won.id]);
    expect(await list('amountFrom=500')).toEqual([won.id, lost.id].sort());
    expect(await list('amountTo=100')).toEqual([open.id]);
    expect(await list(`createdAtFrom=${encodeURIComponent(before)}`)).toEqual(
      [open.id, won.id, lost.id].sort(),
    );
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await list(`createdAtFrom=${encodeURIComponent(later)}`)).toEqual([]);
    expect(await list(`createdAtTo=${encodeURIComponent(before)}`)).toEqual([]);
    expect(await list('createdAtFrom=2000-01-01')).toHaveLength(3);
    const sorted = await rep.get(`/api/v1/opportunities?accountId=${account.id}&sort=-amount`);
    expect((sorted.body.items ?? []).map((o) => o.amount)).toEqual([1000, 500, 100]);

    for (const bad of [
      'status=closed',
      'amountFrom=abc',
      'createdAtFrom=yesterday',
      'accountId=not-a-uuid',
    ]) {
      const res = await rep.get(`/api/v1/opportunities?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('refuse an unknown sort and a cursor the API did not issue: 400', async () => {
    const rep = as('rep');
    const sort = await rep.get('/api/v1/accounts?sort=password');
    expect(sort.status).toBe(400);
    expect(sort.body.code).toBe('validation_failed');
    expect(JSON.stringify(sort.body.errors)).toContain('sort');
    expect((await rep.get('/api/v1/accounts?sort=-name')).status).toBe(200);

    const forged = [
      'garbage!!',
      Buffer.from('not json').toString('base64url'),
      Buffer.from(JSON.stringify({ v: 1, id: 'x' })).toString('base64url'),
      Buffer.from(JSON.stringify([{}, 'x'])).toString('base64url'),
      encodeCursor({ v: 'Acme', id: 'not-a-uuid' }),
    ];
    for (const cursor of forged) {
      const res = await rep.get(`/api/v1/accounts?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.code, cursor).toBe('invalid_cursor');
    }
    const unknownFilter = await rep.get('/api/v1/accounts?ownerEmail=x');
    expect(unknownFilter.status).toBe(400);
  });
});
