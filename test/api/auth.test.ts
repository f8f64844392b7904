import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/server/auth/secrets.ts';
import { api, createTestApp, PASSWORD, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

const HOST = 'winpath.test';
const ORIGIN = `http://${HOST}`;
let ipCounter = 0;
/** A fresh client address per test, so the in-process login limiter of one test never affects another. */
const freshIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Auth Org');
});
afterAll(() => ctx.close());

type Res = {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookie?: string;
};

async function request(opts: {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
  ip?: string;
}): Promise<Res> {
  const res = await ctx.app.inject({
    method: opts.method,
    url: opts.url,
    remoteAddress: opts.ip ?? '127.0.0.1',
    headers: {
      host: HOST,
      ...(opts.cookie ? { cookie: `winpath_session=${opts.cookie}` } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
  const session = res.cookies.find((c) => c.name === 'winpath_session');
  return {
    status: res.statusCode,
    body: res.body ? res.json() : {},
    headers: res.headers,
    ...(session ? { cookie: session.value } : {}),
  };
}

const login = (email: string, password: string, ip = freshIp()) =>
  request({ method: 'POST', url: '/api/v1/auth/login', body: { email, password }, ip });

async function newUser(role = 'rep'): Promise<{ id: string; email: string }> {
  const email = `u-${randomBytes(4).toString('hex')}@example.com`;
  const res = await api(ctx, org.users.admin.token).post('/api/v1/users', {
    name: `User ${email}`,
    email,
    role,
    password: PASSWORD,
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email };
}

describe('sign-in with e-mail and password', () => {
  it('sets an HttpOnly, SameSite session cookie that authenticates reads', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: freshIp(),
      headers: { host: HOST, 'content-type': 'application/json' },
      // E-mails are matched case-insensitively.
      payload: JSON.stringify({ email: org.users.rep.email.toUpperCase(), password: PASSWORD }),
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^winpath_session=[\w-]{20,}/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(res.json<{ user: { id: string } }>().user.id).toBe(org.users.rep.id);

    const cookie = res.cookies.find((c) => c.name === 'winpath_session')!.value;
    const me = await request({ method: 'GET', url: '/api/v1/auth/me', cookie });
    expect(me.status).toBe(200);
    expect((me.body.user as { role: string }).role).toBe('rep');
    // A read needs no Origin; the cookie alone is enough.
    expect((await request({ method: 'GET', url: '/api/v1/accounts', cookie })).status).toBe(200);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me' })).status).toBe(401);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie: 'forged-value' })).status).toBe(
      401,
    );
  });

  it('refuses state-changing cookie requests that do not come from the same origin', async () => {
    const { cookie } = await login(org.users.rep.email, PASSWORD);
    // The same account three times: created anyway, past the duplicate alert.
    const body = { name: 'CSRF target', allowDuplicate: true };
    const post = (headers: Record<string, string>) =>
      request({ method: 'POST', url: '/api/v1/accounts', body, cookie: cookie!, headers });

    const foreign: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example' },
      { origin: `http://${HOST}.evil.example` },
      { referer: 'https://evil.example/winpath.test/' },
      { origin: 'null' },
    ];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.code).toBe('cross_origin_request');
    }
    const ok = await post({ origin: ORIGIN });
    expect(ok.status).toBe(201);
    expect(ok.body.ownerId).toBe(org.users.rep.id);
    expect((await post({ referer: `${ORIGIN}/accounts/new` })).status).toBe(201);
    // A bearer token is not sent by browsers on their own: no Origin needed.
    expect(
      (await request({ method: 'POST', url: '/api/v1/accounts', body, token: org.users.rep.token })).status,
    ).toBe(201);
  });

  it('answers a wrong password and an unknown e-mail alike: 401 invalid_credentials', async () => {
    const wrong = await login(org.users.rep.email, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(wrong.cookie).toBeUndefined();
    const unknown = await login('nobody-here@example.com', PASSWORD);
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(String(wrong.headers['content-type'])).toMatch(/^application\/problem\+json/);
  });

  it('rate-limits repeated failures per account and per address: 429', async () => {
    const user = await newUser();
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(user.email, `wrong-${i}`, ip)).status);
    expect(statuses).toEqual(Array(8).fill(401));
    const limited = await login(user.email, PASSWORD, ip);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('too_many_attempts');
    expect(limited.body.retryAfter).toBeGreaterThan(0);
    // The limit is per address + account: the same person from elsewhere still gets in.
    expect((await login(user.email, PASSWORD)).status).toBe(200);

    // One address guessing many accounts is stopped too.
    const sprayer = freshIp();
    let first429 = -1;
    for (let i = 0; i < 60 && first429 < 0; i++) {
      const res = await login(`spray-${i}-${randomBytes(3).toString('hex')}@example.com`, 'guess', sprayer);
      if (res.status === 429) first429 = i;
      else expect(res.status).toBe(401);
    }
    expect(first429).toBe(50);
    expect((await login(org.users.viewer.email, PASSWORD, sprayer)).status).toBe(429);

    const audit = await ctx.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'login_rate_limited' AND ip = $1`,
      [sprayer],
    );
    expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('ends the session on logout', async () => {
    const { cookie } = await login(org.users.manager.email, PASSWORD);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie })).status).toBe(200);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { host: HOST, origin: ORIGIN, cookie: `winpath_session=${cookie}` },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^winpath_session=;/);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie })).status).toBe(401);
    const left = await ctx.db.pool.query('SELECT 1 FROM sessions WHERE token_hash = $1', [sha256(cookie!)]);
    expect(left.rowCount).toBe(0);
  });

  it('signs in nobody who is deactivated, and their token and session stop working at once', async () => {
    const user = await newUser();
    const { cookie } = await login(user.email, PASSWORD);
    const mine = await request({
      method: 'POST',
      url: '/api/v1/tokens',
      body: { name: 'cli' },
      cookie,
      headers: { origin: ORIGIN },
    });
    expect(mine.status).toBe(201);
    const token = mine.body.token as string;
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', token })).status).toBe(200);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie })).status).toBe(200);

    const admin = api(ctx, org.users.admin.token);
    const off = await admin.patch(
      `/api/v1/users/${user.id}`,
      { status: 'deactivated' },
      { 'if-match': '"1"' },
    );
    expect(off.status).toBe(200);
    const denied = await request({ method: 'GET', url: '/api/v1/auth/me', token });
    expect(denied.status).toBe(401);
    expect(denied.body.code).toBe('unauthenticated');
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie })).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(401);

    // Reactivated, the same token works again (deactivation is not revocation).
    expect(
      (await admin.patch(`/api/v1/users/${user.id}`, { status: 'active' }, { 'if-match': '"2"' })).status,
    ).toBe(200);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', token })).status).toBe(200);
  });

  it('stops a revoked token at once; only its owner or an admin may revoke it', async () => {
    const created = await api(ctx, org.users.rep2.token).post('/api/v1/tokens', { name: 'laptop' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^wp_/);
    expect(created.body.prefix).toBe(token.slice(0, 10));
    expect((await request({ method: 'GET', url: '/api/v1/accounts', token })).status).toBe(200);

    const listed = await api(ctx, org.users.rep2.token).get('/api/v1/tokens');
    const entry = listed.body.items?.find((t) => t.id === created.body.id);
    expect(entry).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(token);

    // Another rep cannot revoke it (and cannot tell it exists).
    expect((await api(ctx, org.users.rep3.token).del(`/api/v1/tokens/${created.body.id}`)).status).toBe(404);
    expect((await request({ method: 'GET', url: '/api/v1/accounts', token })).status).toBe(200);

    expect((await api(ctx, org.users.rep2.token).del(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect((await request({ method: 'GET', url: '/api/v1/accounts', token })).status).toBe(401);
    expect((await api(ctx, org.users.rep2.token).del(`/api/v1/tokens/${created.body.id}`)).status).toBe(404);
    // The owner's other token is untouched.
    expect((await api(ctx, org.users.rep2.token).get('/api/v1/auth/me')).status).toBe(200);

    const byAdmin = await api(ctx, org.users.rep2.token).post('/api/v1/tokens', { name: 'second' });
    expect((await api(ctx, org.users.admin.token).del(`/api/v1/tokens/${byAdmin.body.id}`)).status).toBe(204);
    expect(
      (await request({ method: 'GET', url: '/api/v1/accounts', token: byAdmin.body.token as string })).status,
    ).toBe(401);
  });

  it('stores only hashes of tokens, sessions and passwords', async () => {
    const created = await api(ctx, org.users.presales.token).post('/api/v1/tokens', { name: 'hash check' });
    const token = created.body.token as string;
    const { cookie } = await login(org.users.presales.email, PASSWORD);
    const dump = async (table: string) =>
      (await ctx.db.pool.query<{ r: string }>(`SELECT t::text AS r FROM ${table} t`)).rows
        .map((x) => x.r)
        .join('\n');
    for (const table of ['api_tokens', 'sessions', 'audit_log', 'users']) {
      const text = await dump(table);
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(3));
      expect(text).not.toContain(cookie!);
      expect(text).not.toContain(PASSWORD);
    }
    const row = await ctx.db.pool.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [created.body.id],
    );
    expect(row.rows[0]!.token_hash).toBe(sha256(token));
    const session = await ctx.db.pool.query('SELECT 1 FROM sessions WHERE token_hash = $1', [
      sha256(cookie!),
    ]);
    expect(session.rowCount).toBe(1);
    const hash = await ctx.db.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [org.users.presales.id],
    );
    expect(hash.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    // And the API never shows a password hash.
    const users = await api(ctx, org.users.admin.token).get('/api/v1/users?limit=500');
    expect(JSON.stringify(users.body)).not.toMatch(/argon2|passwordHash/);
  });
});

describe('audit log', () => {
  it('records sign-ins, failed sign-ins, new tokens and role changes, for admins only', async () => {
    const user = await newUser();
    const ip = freshIp();
    expect((await login(user.email, 'wrong-password', ip)).status).toBe(401);
    expect((await login(user.email, PASSWORD, ip)).status).toBe(200);
    const token = await api(ctx, org.users.admin.token).post('/api/v1/tokens', { name: 'audited' });
    expect(token.status).toBe(201);
    const promoted = await api(ctx, org.users.admin.token).patch(
      `/api/v1/users/${user.id}`,
      { role: 'manager' },
      { 'if-match': '"1"' },
    );
    expect(promoted.status).toBe(200);

    const log = await api(ctx, org.users.admin.token).get('/api/v1/audit-log?limit=50');
    expect(log.status).toBe(200);
    const items = log.body.items as {
      event: string;
      actorId: string | null;
      ip: string | null;
      detail: Record<string, unknown>;
    }[];
    const failed = items.find((e) => e.event === 'login_failed' && e.detail.email === user.email);
    expect(failed?.ip).toBe(ip);
    const succeeded = items.find((e) => e.event === 'login_succeeded' && e.actorId === user.id);
    expect(succeeded?.ip).toBe(ip);
    const created = items.find((e) => e.event === 'token_created' && e.detail.tokenId === token.body.id);
    expect(created?.actorId).toBe(org.users.admin.id);
    expect(JSON.stringify(created)).not.toContain(token.body.token as string);
    const role = items.find((e) => e.event === 'user_role_changed' && e.detail.userId === user.id);
    expect(role?.detail).toMatchObject({ from: 'rep', to: 'manager' });
    expect(role?.actorId).toBe(org.users.admin.id);
    // Newest first.
    const ids = items.map((e) => (e as unknown as { id: number }).id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const denied = await api(ctx, org.users.manager.token).get('/api/v1/audit-log');
    expect(denied.status).toBe(403);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE fail', async () => {
    const before = await ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(before.rows[0]!.n).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE audit_log SET event = 'tampered'`,
      `DELETE FROM audit_log`,
      `DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`,
      `TRUNCATE audit_log`,
    ])
      await expect(ctx.db.pool.query(statement), statement).rejects.toThrow(/append-only/);
    const after = await ctx.db.pool.query<{ n: number; tampered: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE event = 'tampered')::int AS tampered FROM audit_log`,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(after.rows[0]!.tampered).toBe(0);
    // Appending still works.
    await ctx.db.pool.query(`INSERT INTO audit_log (org_id, event) VALUES ($1, 'logout')`, [org.orgId]);
  });
});

describe('password change', () => {
  it('ends the user’s other sessions but keeps the one that made the change', async () => {
    const u = await newUser();
    const here = await login(u.email, PASSWORD);
    const elsewhere = await login(u.email, PASSWORD);
    expect(here.cookie && elsewhere.cookie).toBeTruthy();
    const changed = await request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      cookie: here.cookie,
      headers: { origin: ORIGIN },
      body: { password: 'a-brand-new-password', currentPassword: PASSWORD },
    });
    expect(changed.status).toBe(200);
    ctx.app.actors.clear();
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie: here.cookie })).status).toBe(200);
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookie: elsewhere.cookie })).status).toBe(
      401,
    );
    expect((await login(u.email, 'a-brand-new-password')).status).toBe(200);
  });
});
