import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { encodeCursor } from '../../src/server/crud/cursor.ts';
import { runningImports } from '../../src/server/features/imports/imports.service.ts';
import { api, PASSWORD, type SeededOrg, seedOrg } from '../helpers.ts';
import { apiRoutes, createTestAppWithRoutes, type RouteInfo } from './route-table.ts';
import { type JsonSchema, referencePaths, routeKind, sample, toJson } from './schema-sample.ts';
import { addressedKinds, type PathParam, pathParams, seedKind } from './seed-kinds.ts';

/**
 * The tenant-isolation matrix: every /api/v1 route × method × role of organization A, with every credential
 * kind (API token and session cookie), aimed at organization B: B's ids in the path, in every reference
 * field of the body and in every filter of a list. Nothing may come back from B and nothing of B may change.
 */

type Ctx = Awaited<ReturnType<typeof createTestAppWithRoutes>>;
type RoleKey = keyof SeededOrg['users'];

const MARK = `zq${randomBytes(4).toString('hex')}`;
const B_PASSWORD = 'tenant-b-only-password';
const HOST = 'winpath.test';
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

let ctx: Ctx;
let A: SeededOrg;
let B: SeededOrg;
/** Org B's records per kind (URL segment, plus `stages`): live ones first, then recycle-bin ones. */
const bIds: Record<string, string[]> = {};
/** Org A's records per kind, used for the reference fields a variant does not aim at B. */
const aIds: Record<string, string> = {};
/** Org A records the own-record variants and the control PATCHes address (not referenced by sample bodies). */
const aSpare: Record<string, string> = {};
let bUuids = new Set<string>();
let tables: string[] = [];
let ipCounter = 0;
const nextIp = () => {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

const q = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await ctx.db.pool.query<T>(text, params)).rows;

async function orgTables(): Promise<string[]> {
  const rows = await q<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** Per table, a digest of every row of an organization, as text: any change to any byte shows. */
async function orgDigest(orgId: string, auditUpTo: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    const extra = t === 'audit_log' ? ` AND id <= ${auditUpTo}` : '';
    const [row] = await q<{ d: string; n: number }>(
      `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS d, count(*)::int AS n
         FROM "${t}" x WHERE org_id = $1${extra}`,
      [orgId],
    );
    out[t] = `${row!.n}:${row!.d}`;
  }
  const [org] = await q<{ r: string }>('SELECT o::text AS r FROM organizations o WHERE id = $1', [orgId]);
  out.organizations = org!.r;
  return out;
}

async function uuidsOf(orgId: string, except: string[] = []): Promise<Set<string>> {
  const found = new Set<string>([orgId]);
  for (const t of tables) {
    if (except.includes(t)) continue;
    for (const r of await q<{ r: string }>(`SELECT x::text AS r FROM "${t}" x WHERE org_id = $1`, [orgId]))
      for (const u of r.r.match(UUID_RE) ?? []) found.add(u.toLowerCase());
  }
  return found;
}

const leaksB = (text: string) =>
  text.includes(MARK) || (text.match(UUID_RE) ?? []).some((u) => bUuids.has(u.toLowerCase()));

// --- credentials ---------------------------------------------------------------------------------

type Cred = { role: RoleKey; via: 'token' | 'session'; user: SeededOrg['users'][RoleKey]; cookie?: string };

async function login(email: string, password: string): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host: HOST, 'content-type': 'application/json' },
    remoteAddress: nextIp(),
    payload: JSON.stringify({ email, password }),
  });
  expect(res.statusCode, res.body).toBe(200);
  const c = res.cookies.find((x) => x.name === 'winpath_session');
  expect(c?.value).toBeTruthy();
  return c!.value;
}

type Sent = { status: number; text: string; setCookie: string };

async function send(
  cred: Cred,
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Sent> {
  const auth: Record<string, string> =
    cred.via === 'token'
      ? { authorization: `Bearer ${cred.user.token}` }
      : { cookie: `winpath_session=${cred.cookie}`, origin: `http://${HOST}` };
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    remoteAddress: nextIp(),
    headers: {
      host: HOST,
      ...auth,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, text: res.body, setCookie: String(res.headers['set-cookie'] ?? '') };
}

// --- the attempts ----------------------------------------------------------------------------------

type Attempt = {
  route: RouteInfo;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * `b`: every path id is org B's (the route must answer 404; any 2xx is a breach). `mixed`: some path ids
   * are B's, the others A's own. `own`: A's own record in the path, B's ids in the body. `none`: no path ids.
   */
  path: 'b' | 'mixed' | 'own' | 'none';
  /** The body passes the route's schema, so the handler runs. */
  validBody: boolean;
};

const isLogin = (r: RouteInfo, body: JsonSchema | undefined) =>
  r.public && r.method === 'POST' && !!body?.properties?.email && !!body.properties.password;

/** B's ids for a kind; a kind nobody seeded falls back to one record of every kind B has. */
function bFor(kind: string): string[] {
  const own = bIds[kind];
  if (own?.length) return own;
  return Object.values(bIds).map((ids) => ids[0]!);
}

function qs(params: Record<string, string>): string {
  const s = new URLSearchParams(params).toString();
  return s ? `?${s}` : '';
}

const versions = new Map<string, number>();

function fill(url: string, params: PathParam[], values: Record<string, string>): string {
  return params.reduce((u, p) => u.replace(`:${p.name}`, values[p.name]!), url);
}

function attemptsFor(route: RouteInfo, cred: Cred): Attempt[] {
  const kind = routeKind(route.url);
  const body = toJson(route.schema?.body);
  const query = toJson(route.schema?.querystring);
  const params = pathParams(route.url);
  const own = (k: string) => (k === 'users' ? cred.user.id : (aIds[k] ?? bFor(k)[0]!));

  // Bodies: one per reference field aimed at B (the others at A's own records), all at B, and one that
  // names B's organization outright.
  const refBodies: unknown[] = [];
  const otherBodies: { body?: unknown; valid: boolean }[] = [];
  if (body && isLogin(route, body)) {
    const bUser = B.users[cred.role];
    refBodies.push(
      { email: cred.user.email, password: PASSWORD, org: B.slug },
      { email: bUser.email, password: PASSWORD },
      { email: bUser.email, password: PASSWORD, org: B.slug },
    );
  } else if (body) {
    const refs = referencePaths(body, kind);
    const make = (aim: (path: string) => boolean) =>
      sample(body, kind, { ref: (k, path) => (aim(path) ? bFor(k)[0]! : own(k)), withId: aim });
    for (const p of refs.keys()) refBodies.push(make((x) => x === p));
    if (refs.size > 1) refBodies.push(make(() => true));
    const base = make(() => false);
    if (refs.size === 0) otherBodies.push({ body: base, valid: true });
    if (base && typeof base === 'object' && !Array.isArray(base))
      otherBodies.push({ body: { ...base, orgId: B.orgId }, valid: false });
  } else otherBodies.push({ valid: true });
  const allBodies = [...refBodies.map((b) => ({ body: b, valid: true })), ...otherBodies];

  // Paths: every id of B's in each parameter; for several parameters, B's in one and A's in the others;
  // and, when the body can carry B's ids, A's own record with those bodies.
  const paths: { values: Record<string, string>; path: Attempt['path'] }[] = [];
  if (params.length === 0) paths.push({ values: {}, path: 'none' });
  const seen = new Set<string>();
  for (const p of params)
    for (const id of bFor(p.kind)) {
      const values = Object.fromEntries(params.map((o) => [o.name, o === p ? id : bFor(o.kind)[0]!]));
      const key = JSON.stringify(values);
      if (!seen.has(key)) paths.push({ values, path: 'b' });
      seen.add(key);
    }
  if (params.length > 1)
    for (const p of params)
      paths.push({
        values: Object.fromEntries(
          params.map((o) => [o.name, o === p ? bFor(o.kind)[0]! : (aSpare[o.kind] ?? own(o.kind))]),
        ),
        path: 'mixed',
      });
  if (params.length && refBodies.length && params.every((p) => aSpare[p.kind]))
    paths.push({ values: Object.fromEntries(params.map((p) => [p.name, aSpare[p.kind]!])), path: 'own' });

  // Queries: lists get every filter that can hold an id set to B's ids, the recycle bin, search and a
  // cursor pointing into B.
  const queries: Record<string, string>[] = [{}];
  if (query?.properties && params.length === 0) {
    for (const [name, prop] of Object.entries(query.properties)) {
      const refKind = ['id', 'parentId'].includes(name) ? kind : referencePathsKind(name);
      if (refKind) for (const id of bFor(refKind)) queries.push({ [name]: id });
      if (name === 'deleted') queries.push({ deleted: 'true' });
      if (name === 'q') queries.push({ q: MARK });
      if (name === 'cursor') queries.push({ cursor: encodeCursor({ v: null, id: bFor(kind)[0]! }) });
      if (name === 'limit' && prop.maximum) queries.push({ limit: String(prop.maximum) });
    }
    if (query.properties.deleted)
      for (const [name] of Object.entries(query.properties).filter(([n]) => referencePathsKind(n)))
        queries.push({ deleted: 'true', [name]: bFor(referencePathsKind(name)!).at(-1)! });
  }

  const out: Attempt[] = [];
  for (const { values, path } of paths) {
    const bodies = path === 'own' ? refBodies.map((b) => ({ body: b, valid: true })) : allBodies;
    const last = params.at(-1);
    const version = last ? versions.get(values[last.name]!) : undefined;
    const headers =
      route.method === 'PATCH' || route.method === 'DELETE' || (last && route.method === 'POST')
        ? { 'if-match': `"${version ?? 1}"` }
        : undefined;
    for (const b of bodies)
      for (const q of path === 'own' ? [{}] : queries)
        out.push({
          route,
          url: fill(route.url, params, values) + qs(q),
          body: b.body,
          validBody: b.valid,
          path,
          ...(headers ? { headers } : {}),
        });
  }
  return out;
}

function referencePathsKind(name: string): string | undefined {
  const refs = referencePaths({ type: 'object', properties: { [name]: { type: 'string' } } }, '');
  return refs.get(name) || undefined;
}

// --- setup -------------------------------------------------------------------------------------------

beforeAll(async () => {
  ctx = await createTestAppWithRoutes();
  A = await seedOrg(ctx, 'Tenant A');
  B = await seedOrg(ctx, `Tenant B ${MARK}`);
  tables = await orgTables();

  // Org B: a record of every kind, live, and another of every kind in the recycle bin.
  const b = api(ctx, B.users.admin.token);
  const created = async (url: string, body: Record<string, unknown>) => {
    const res = await b.post(url, body);
    expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
    return res.body.id as string;
  };
  const deleted = async (url: string, body: Record<string, unknown>) => {
    const id = await created(url, body);
    const res = await b.del(`${url}/${id}`, { 'if-match': '"1"' });
    expect(res.status).toBe(204);
    return id;
  };
  const n = (what: string) => `${MARK} ${what}`;
  const stage = (i: number) => ({ nameEn: n(`stage ${i}`), nameZh: `阶段 ${i}`, probability: 10 * i });
  const parent = await created('/api/v1/accounts', { name: n('parent account') });
  const account = await created('/api/v1/accounts', {
    name: n('account'),
    parentId: parent,
    ownerId: B.users.rep.id,
  });
  const contact = await created('/api/v1/contacts', {
    name: n('contact'),
    accountId: account,
    ownerId: B.users.rep.id,
  });
  const product = await created('/api/v1/products', { name: n('product'), listPrice: 1000 });
  const pipeline = await created('/api/v1/pipelines', { name: n('pipeline'), stages: [stage(1), stage(2)] });
  const opportunity = await created('/api/v1/opportunities', {
    name: n('deal'),
    accountId: account,
    ownerId: B.users.rep.id,
    lineItems: [{ productId: product, quantity: 2 }],
    members: [{ userId: B.users.presales.id, role: 'presales' }],
  });
  const patched = await b.patch(
    `/api/v1/opportunities/${opportunity}`,
    { nextStep: n('next') },
    { 'if-match': '"1"' },
  );
  expect(patched.status).toBe(200);
  const activity = await created('/api/v1/activities', {
    type: 'visit',
    subject: n('visit'),
    accountId: account,
    opportunityId: opportunity,
    ownerId: B.users.rep.id,
    participantContactIds: [contact],
  });
  const note = await created('/api/v1/notes', {
    body: n('note'),
    opportunityId: opportunity,
    accountId: account,
    contactId: contact,
  });
  const team = await created('/api/v1/teams', {
    name: n('team'),
    managerId: B.users.manager.id,
    parentId: B.teams.national,
  });
  const user = await created('/api/v1/users', {
    name: n('user'),
    email: `${MARK}-user@example.com`,
    role: 'rep',
    teamId: B.teams.east,
    password: B_PASSWORD,
  });
  const token = await b.post('/api/v1/tokens', { name: n('token') });
  expect(token.status).toBe(201);

  const goneAccount = await created('/api/v1/accounts', { name: n('deleted account') });
  const goneContact = await created('/api/v1/contacts', {
    name: n('deleted contact'),
    accountId: goneAccount,
  });
  const goneDeal = await created('/api/v1/opportunities', {
    name: n('deleted deal'),
    accountId: goneAccount,
  });
  const goneActivity = await created('/api/v1/activities', {
    type: 'call',
    subject: n('deleted call'),
    accountId: goneAccount,
    opportunityId: goneDeal,
  });
  const goneNote = await created('/api/v1/notes', { body: n('deleted note'), accountId: goneAccount });
  expect((await b.del(`/api/v1/accounts/${goneAccount}`, { 'if-match': '"1"' })).status).toBe(204);
  const goneProduct = await deleted('/api/v1/products', { name: n('deleted product') });
  const gonePipeline = await deleted('/api/v1/pipelines', {
    name: n('deleted pipeline'),
    stages: [stage(1)],
  });
  const goneTeam = await deleted('/api/v1/teams', { name: n('deleted team') });
  const goneUser = await deleted('/api/v1/users', { name: n('deleted user'), role: 'rep' });
  const goneToken = await b.post('/api/v1/tokens', { name: n('revoked token') });
  expect((await b.del(`/api/v1/tokens/${goneToken.body.id}`)).status).toBe(204);

  const stages = await q<{ id: string }>(
    'SELECT id FROM pipeline_stages WHERE org_id = $1 ORDER BY position',
    [B.orgId],
  );
  Object.assign(bIds, {
    accounts: [account, parent, goneAccount],
    contacts: [contact, goneContact],
    opportunities: [opportunity, goneDeal],
    activities: [activity, goneActivity],
    notes: [note, goneNote],
    products: [product, goneProduct],
    pipelines: [pipeline, B.pipelineId, gonePipeline],
    stages: [stages[0]!.id, stages.at(-1)!.id],
    teams: [team, B.teams.east, goneTeam],
    users: [B.users.rep.id, user, goneUser],
    tokens: [token.body.id as string, goneToken.body.id as string],
  });
  // B's people have a password A's people do not know.
  const hash = await hashPassword(B_PASSWORD);
  await q('UPDATE users SET password_hash = $1 WHERE org_id = $2', [hash, B.orgId]);
  // Org A: the records the sample bodies refer to, and spare ones a control PATCH may change.
  const a = api(ctx, A.users.admin.token);
  const aCreated = async (url: string, body: Record<string, unknown>) => {
    const res = await a.post(url, body);
    expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
    return res.body.id as string;
  };
  for (const key of ['', 'spare '] as const) {
    const into = key ? aSpare : aIds;
    into.accounts = await aCreated('/api/v1/accounts', { name: `A ${key}account` });
    into.contacts = await aCreated('/api/v1/contacts', { name: `A ${key}contact`, accountId: into.accounts });
    into.products = await aCreated('/api/v1/products', { name: `A ${key}product`, listPrice: 10 });
    into.opportunities = await aCreated('/api/v1/opportunities', {
      name: `A ${key}deal`,
      accountId: into.accounts,
    });
    into.activities = await aCreated('/api/v1/activities', { type: 'call', subject: `A ${key}call` });
    into.notes = await aCreated('/api/v1/notes', { body: `A ${key}note`, accountId: into.accounts });
    into.teams = await aCreated('/api/v1/teams', { name: `A ${key}team` });
    into.users = await aCreated('/api/v1/users', { name: `A ${key}user`, role: 'rep' });
    into.pipelines = await aCreated('/api/v1/pipelines', {
      name: `A ${key}pipeline`,
      stages: [{ nameEn: 'A stage', nameZh: 'A 阶段', probability: 10 }],
    });
  }
  aIds.pipelines = A.pipelineId;
  const [aStage] = await q<{ id: string }>(
    'SELECT id FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position LIMIT 1',
    [A.pipelineId],
  );
  aIds.stages = aStage!.id;
  aIds.teams = A.teams.east;

  // Kinds a route addresses that are not seeded above (added later): one record each, made generically.
  const routes = apiRoutes(ctx.routes);
  for (const kind of addressedKinds(routes)) {
    const seed = (
      org: SeededOrg,
      refs: (k: string) => string | undefined,
      variant: number,
      deleted = false,
    ) =>
      seedKind({ ctx, routes, token: org.users.admin.token, orgId: org.orgId, kind, refs, deleted, variant });
    if (!bIds[kind]) {
      const live = await seed(B, (k) => bIds[k]?.[0], 0);
      bIds[kind] = [...live, ...(live.length ? await seed(B, (k) => bIds[k]?.[0], 1, true) : [])];
    }
    if (!aIds[kind]) {
      const first = await seed(A, (k) => (k === 'users' ? A.users.admin.id : aIds[k]), 0);
      const second = await seed(A, (k) => (k === 'users' ? A.users.admin.id : aIds[k]), 1);
      if (first[0]) aIds[kind] = first[0];
      const spare = second.find((id) => id !== first[0]) ?? first[1] ?? first[0];
      if (spare) aSpare[kind] = spare;
    }
  }
  // Imports started by the seeding run in the background: B must be still before it is digested.
  await Promise.allSettled([...runningImports]);
  bUuids = await uuidsOf(B.orgId);
}, 120_000);

async function loadVersions(): Promise<void> {
  for (const t of tables) {
    const hasVersion = await q(
      `SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'version'`,
      [t],
    );
    if (hasVersion.length)
      for (const r of await q<{ id: string; version: number }>(
        `SELECT id::text, version FROM "${t}" WHERE org_id IN ($1, $2)`,
        [A.orgId, B.orgId],
      ))
        versions.set(r.id, r.version);
  }
}

afterAll(() => ctx.close());

describe('tenant isolation', () => {
  it('walks every /api/v1 route, with records of org B for every kind a route addresses', () => {
    const routes = apiRoutes(ctx.routes);
    expect(routes.length).toBeGreaterThan(50);
    for (const kind of addressedKinds(routes))
      expect(bIds[kind]?.length ?? 0, `org B has no records of kind ${kind}`).toBeGreaterThan(0);
  });

  it('sends bodies the routes accept: with org A ids instead of org B ones they succeed', async () => {
    const admin: Cred = { role: 'admin', via: 'token', user: A.users.admin };
    await loadVersions();
    let checked = 0;
    for (const route of apiRoutes(ctx.routes)) {
      const body = toJson(route.schema?.body);
      if (!body) continue;
      const params = pathParams(route.url);
      if (!params.every((p) => aSpare[p.kind])) continue;
      const values = Object.fromEntries(params.map((p) => [p.name, aSpare[p.kind]!]));
      const url = fill(route.url, params, values);
      const last = params.at(-1);
      const headers: Record<string, string> = last
        ? { 'if-match': `"${versions.get(values[last.name]!) ?? 1}"` }
        : {};
      const kind = routeKind(route.url);
      const bodyFor = (variant: number) =>
        isLogin(route, body)
          ? { email: A.users.rep.email, password: PASSWORD }
          : sample(body, kind, { ref: (k) => (k === 'users' ? admin.user.id : aIds[k]!), variant });
      // A unique key may already hold the first sample (seeded above): then try other enum values.
      let value = bodyFor(0);
      let res = await send(admin, route.method, url, value, headers);
      for (let variant = 1; res.status === 409 && res.text.includes('duplicate') && variant < 4; variant++) {
        value = bodyFor(variant);
        res = await send(admin, route.method, url, value, headers);
      }
      const what = `${route.method} ${url} ${JSON.stringify(value)} → ${res.status} ${res.text}`;
      // Creates and changes go through; actions on a record (move, complete…) may refuse on business
      // grounds, but never because the body does not fit the schema.
      if (params.length === 0 || route.method === 'PATCH') expect(res.status, what).toBeLessThan(300);
      else {
        expect(res.status, what).toBeLessThan(500);
        expect(res.status === 400 && res.text.includes('validation_failed'), what).toBe(false);
      }
      if (last) await loadVersions();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('lets no role of org A read, change or reference anything of org B', async () => {
    await Promise.allSettled([...runningImports]);
    const [auditMax] = await q<{ m: number }>('SELECT coalesce(max(id), 0)::int AS m FROM audit_log');
    const before = await orgDigest(B.orgId, auditMax!.m);
    const creds: Cred[] = [];
    for (const role of Object.keys(A.users) as RoleKey[]) {
      const user = A.users[role];
      creds.push({ role, via: 'token', user });
      creds.push({ role, via: 'session', user, cookie: await login(user.email, PASSWORD) });
    }
    const routes = apiRoutes(ctx.routes);
    await loadVersions();
    const started = Date.now();
    const results = await Promise.all(
      creds.map(async (cred) => {
        const rows: { a: Attempt; res: Sent; cred: Cred }[] = [];
        for (const route of routes)
          for (const a of attemptsFor(route, cred)) {
            const res = await send(cred, a.route.method, a.url, a.body, a.headers);
            rows.push({ a, res, cred });
            // Signing out ends this credential's session; sign in again for the next attempt.
            if (cred.via === 'session' && /winpath_session=;/.test(res.setCookie))
              cred.cookie = await login(cred.user.email, PASSWORD);
          }
        return rows;
      }),
    );
    const all = results.flat();
    const ms = Date.now() - started;
    const show = ({ a, res, cred }: (typeof all)[number]) =>
      `${cred.role}/${cred.via} ${a.route.method} ${a.url} ${JSON.stringify(a.body ?? null)} → ${res.status} ${res.text.slice(0, 300)}`;

    const succeeded = all.filter(
      ({ a, res }) => res.status >= 200 && res.status < 300 && (a.path === 'b' || leaksB(res.text)),
    );
    console.log(`${all.length} cross-tenant attempts, ${succeeded.length} succeeded`);
    console.log(
      `  (${routes.length} routes × ${creds.length / 2} roles × token and session, ${(ms / 1000).toFixed(1)} s)`,
    );
    expect(succeeded.map(show)).toEqual([]);
    expect(all.length).toBeGreaterThan(1000);

    // B's ids in the path: 404, as if the record did not exist: never 403, never data.
    const onB = all.filter(({ a }) => a.path === 'b');
    expect(onB.length).toBeGreaterThan(500);
    expect(onB.filter(({ a, res }) => a.validBody && res.status !== 404).map(show)).toEqual([]);
    expect(onB.filter(({ res }) => res.status === 403).map(show)).toEqual([]);
    // A's own record with B's ids in the body: refused, never applied.
    const ownWithB = all.filter(({ a }) => a.path === 'own');
    expect(ownWithB.length).toBeGreaterThan(100);
    expect(ownWithB.filter(({ res }) => res.status < 300).map(show)).toEqual([]);
    expect(all.filter(({ res }) => res.status >= 500).map(show)).toEqual([]);
    // Bodies that name B's organization are refused as unknown properties.
    for (const { a, res } of all.filter(({ a }) => !a.validBody)) expect(res.status, a.url).toBe(400);

    // B is byte-for-byte unchanged; its audit log only gained the failed sign-ins with B's e-mails.
    expect(await orgDigest(B.orgId, auditMax!.m)).toEqual(before);
    const appended = await q<{ event: string }>(
      'SELECT DISTINCT event FROM audit_log WHERE org_id = $1 AND id > $2',
      [B.orgId, auditMax!.m],
    );
    expect(appended.map((r) => r.event).filter((e) => e !== 'login_failed')).toEqual([]);
    // And no record of A refers to anything of B.
    const aRefs = await uuidsOf(A.orgId, ['audit_log']);
    expect([...aRefs].filter((u) => bUuids.has(u))).toEqual([]);
  }, 300_000);
});
