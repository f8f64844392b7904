import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines, users } from '../../src/server/db/schema/index.ts';
import { ensureDemo } from '../../src/server/features/demo/demo.service.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx);
});
afterAll(() => ctx.close());

/** A user as an import creates one from an owner's name: no e-mail, no password. */
async function importedUser(name: string): Promise<string> {
  const [u] = await ctx.db.db.insert(users).values({ orgId: org.orgId, name }).returning({ id: users.id });
  return u!.id;
}

const login = (email: string, password: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
    headers: { host: 'winpath.test', 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });

describe('users who cannot sign in', () => {
  it('lists imported users with canSignIn false and users with an e-mail and a password with true', async () => {
    const id = await importedUser('张三丰');
    const list = await api(ctx, org.users.admin.token).get('/api/v1/users?limit=500');
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items!.map((u) => [u.id, u]));
    expect(byId.get(id)?.canSignIn).toBe(false);
    expect(byId.get(org.users.rep.id)?.canSignIn).toBe(true);
    // The hash stays on the server even though the flag is derived from it.
    expect(byId.get(org.users.rep.id)).not.toHaveProperty('passwordHash');
    // Everyone reads the directory, with the same flag.
    const asRep = await api(ctx, org.users.rep.token).get(`/api/v1/users/${id}`);
    expect(asRep.status).toBe(200);
    expect(asRep.body.canSignIn).toBe(false);
  });

  it('an e-mail alone does not let them sign in; an invite (e-mail and password) does', async () => {
    const id = await importedUser('李四');
    const admin = api(ctx, org.users.admin.token);
    const email = `li-${randomBytes(3).toString('hex')}@example.com`;
    const half = await admin.patch(`/api/v1/users/${id}`, { email }, { 'if-match': '"1"' });
    expect(half.status).toBe(200);
    expect(half.body.canSignIn).toBe(false);

    const invited = await admin.patch(
      `/api/v1/users/${id}`,
      { password: 'a-long-enough-password', locale: 'zh-CN' },
      { 'if-match': '"2"' },
    );
    expect(invited.status).toBe(200);
    expect(invited.body.canSignIn).toBe(true);
    expect(invited.body.locale).toBe('zh-CN');
    const res = await login(email, 'a-long-enough-password');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ user: { id: string } }>().user.id).toBe(id);
  });

  it('only admins invite', async () => {
    const id = await importedUser('王五');
    const res = await api(ctx, org.users.manager.token).patch(
      `/api/v1/users/${id}`,
      { email: 'wangwu@example.com', password: 'a-long-enough-password' },
      { 'if-match': '"1"' },
    );
    expect(res.status).toBe(403);
    const [row] = await ctx.db.db.select({ email: users.email }).from(users).where(eq(users.id, id));
    expect(row!.email).toBeNull();
  });
});

describe('the demo organization', () => {
  it('names its sales process in both languages while its admin keeps English', async () => {
    // ensureDemo only fills a database without organizations; this file's seedOrg made one.
    const demo = await createTestApp();
    try {
      const made = await ensureDemo({ db: demo.db.db, now: new Date('2026-11-20T08:00:00Z') });
      expect(made?.created).toBe(true);
      const rows = await demo.db.db
        .select({ name: pipelines.name, nameZh: pipelines.nameZh, isDefault: pipelines.isDefault })
        .from(pipelines);
      // The Chinese sales team reads 方案销售（八步法）, the English-reading admin the English name.
      expect(rows).toEqual([
        { name: 'Solution sale (8 steps)', nameZh: '方案销售（八步法）', isDefault: true },
      ]);
      const [admin] = await demo.db.db
        .select({ locale: users.locale })
        .from(users)
        .where(eq(users.email, 'admin@demo.winpath.dev'));
      expect(admin!.locale).toBe('en');
    } finally {
      await demo.close();
    }
  });
});
