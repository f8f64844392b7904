import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type SeededOrg, seedOrg } from '../helpers.ts';
import { apiRoutes, createTestAppWithRoutes, type RouteInfo } from './route-table.ts';
import { type JsonSchema, resolve, routeKind, sample, toJson } from './schema-sample.ts';
import { addressedKinds, pathParams, seedKind } from './seed-kinds.ts';

/**
 * Bad input never yields a 5xx. Every write route (POST, PATCH, DELETE) gets generated and malformed
 * requests: random JSON, the right keys with wrong types, a valid body with one field broken, malformed
 * JSON text, odd numbers, wrong content types and empty bodies, aimed at real records with a correct
 * If-Match most of the time. Every answer must be below 500, and every error a problem+json with a code.
 */

type Ctx = Awaited<ReturnType<typeof createTestAppWithRoutes>>;
/** About this many requests in all (≈40 s on 2 cores), split evenly over the write routes. */
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 4_000);

let ctx: Ctx;
let org: SeededOrg;
/** Records the sample bodies refer to, per kind. */
const refs: Record<string, string> = {};
/** Live records the item routes change, per kind. */
const targets: Record<string, string> = {};
/** Records in the recycle bin the restore routes bring back, per kind. */
const binned: Record<string, string> = {};

type FuzzRequest = {
  /** The record addressed (the last path parameter), if any. */
  id: string | undefined;
  url: string;
  /** Raw payload text (undefined: no payload at all). */
  payload: string | undefined;
  contentType: string | undefined;
  ifMatch: 'correct' | 'missing' | string;
  family: string;
};

// --- arbitraries ---------------------------------------------------------------------------------

const nasty = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '😀'.repeat(60),
  '𠜎𠜱𠝹𠱓',
  '\u202Eevil',
  '\uFEFF',
  'Robert"); DROP TABLE accounts;--',
  "' OR 1=1 --",
  '%_\\',
  '',
  '   ',
  'null',
  'NaN',
  '-0',
  '1e309',
  'Infinity',
  '2024-02-30',
  '9999-12-31T23:59:59.999Z',
  '0000-00-00',
  '__proto__',
  '<script>alert(1)</script>',
);
const hugeString = fc.integer({ min: 1_000, max: 300_000 }).map((n) => '吉'.repeat(n));
const weirdString = fc.oneof(
  { arbitrary: nasty, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
);
const weirdNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    -0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 1,
    0.1 + 0.2,
    5e-324,
    99_999_999_999_999.98,
    1e15,
    2_147_483_648,
    -2_147_483_649,
  ),
);
const invalidUuid = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '{8c0a1b3e-2f4d-4b6a-9c8e-1d2f3a4b5c6d}',
    '8c0a1b3e2f4d4b6a9c8e1d2f3a4b5c6d',
    '8C0A1B3E-2F4D-4B6A-9C8E-1D2F3A4B5C6D',
    '8c0a1b3e-2f4d-4b6a-9c8e-1d2f3a4b5c6',
  ),
  fc.uuid(),
);
const deepNesting = fc.integer({ min: 20, max: 1_500 }).map((n) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: weirdString, weight: 4 },
  { arbitrary: weirdNumber, weight: 3 },
  { arbitrary: invalidUuid, weight: 2 },
  { arbitrary: fc.constantFrom(true, false, null, [], {}), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.array(weirdString, { maxLength: 5 }), weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
);
/** JSON number literals JSON.stringify cannot write: overflow, underflow, negative zero, huge integers. */
const rawNumber = fc.constantFrom(
  '1e309',
  '-1e309',
  '1e-400',
  '-0',
  '-0.0',
  '123456789012345678901234567890',
  '0.1e1000',
  '1E+2',
  '00012',
  'NaN',
  'Infinity',
  '"NaN"',
  '0x10',
);
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/octet-stream',
  '*/*',
  'application/json, text/plain',
  'garbage',
];

type Field = { path: (string | number)[]; schema: JsonSchema };

/** Every property path of a body schema, nested objects and array items included. */
function fieldsOf(schema: JsonSchema, root: JsonSchema, path: (string | number)[] = []): Field[] {
  const s = resolve(schema, root);
  const options = s.anyOf ?? s.oneOf;
  if (options) return options.flatMap((o) => fieldsOf(o, root, path));
  const out: Field[] = [];
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    out.push({ path: [...path, k], schema: p });
    out.push(...fieldsOf(p, root, [...path, k]));
  }
  if (s.items) out.push(...fieldsOf(s.items, root, [...path, 0]));
  return out;
}

function setPath(value: unknown, path: (string | number)[], to: unknown): unknown {
  if (path.length === 0) return to;
  const [head, ...rest] = path;
  let base: Record<string | number, unknown>;
  if (typeof head === 'number')
    base = (Array.isArray(value) ? [...value] : []) as unknown as Record<number, unknown>;
  else if (value && typeof value === 'object' && !Array.isArray(value))
    base = { ...(value as Record<string, unknown>) };
  else base = {};
  base[head!] = setPath(base[head!], rest, to);
  return base;
}

function withoutPath(value: unknown, path: (string | number)[]): unknown {
  if (!value || typeof value !== 'object' || path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const rec = copy as Record<string | number, unknown>;
  if (rest.length === 0) delete rec[head!];
  else rec[head!] = withoutPath(rec[head!], rest);
  return copy;
}

/** The requests fuzzing one route: body families × id × If-Match × content type. */
function requestsFor(route: RouteInfo): fc.Arbitrary<FuzzRequest> {
  const kind = routeKind(route.url);
  const body = toJson(route.schema?.body);
  const valid = body
    ? () => sample(body, kind, { ref: (k) => (k === 'users' ? org.users.admin.id : refs[k]!) })
    : () => ({});
  const fields = body ? fieldsOf(body, body) : [];
  const keys = fields.filter((f) => f.path.length === 1).map((f) => String(f.path[0]));

  const json = (family: string) => (v: unknown) => ({ family, payload: JSON.stringify(v) });
  const families: fc.Arbitrary<{ family: string; payload: string | undefined }>[] = [
    fc.jsonValue({ maxDepth: 4 }).map(json('random JSON')),
    fc.constant(null).map(() => ({ family: 'valid sample', payload: JSON.stringify(valid()) })),
    fc.constantFrom(
      { family: 'empty body', payload: '' },
      { family: 'no body', payload: undefined },
      { family: 'whitespace body', payload: ' \n\t ' },
    ),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ family: 'malformed JSON', payload: s })),
    fc
      .integer({ min: 0, max: 400 })
      .map((n) => ({ family: 'truncated JSON', payload: JSON.stringify(valid()).slice(0, n) })),
    fc.constantFrom(
      { family: 'prototype pollution', payload: '{"__proto__":{"admin":true}}' },
      { family: 'prototype pollution', payload: '{"constructor":{"prototype":{"admin":true}}}' },
      { family: 'duplicate keys', payload: '{"name":"a","name":1,"name":null}' },
      { family: 'BOM', payload: `\uFEFF${JSON.stringify({ name: 'bom' })}` },
      { family: 'deep raw nesting', payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
      { family: 'deep raw nesting', payload: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
      { family: 'too large', payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }) },
      { family: 'NUL bytes', payload: '{"name":"\u0000"}' },
      { family: 'lone surrogate', payload: '{"name":"\\ud800"}' },
    ),
  ];
  if (keys.length) {
    const model = Object.fromEntries(keys.map((k) => [k, weirdValue]));
    families.push(fc.record(model, { requiredKeys: [] }).map(json('right keys, wrong types')));
  }
  if (fields.length) {
    const field = fc.constantFrom(...fields);
    families.push(
      fc.tuple(field, weirdValue).map(([f, v]) => ({
        family: 'one field broken',
        payload: JSON.stringify(setPath(valid(), f.path, v)),
      })),
      field.map((f) => ({
        family: 'one field missing',
        payload: JSON.stringify(withoutPath(valid(), f.path)),
      })),
      fc.tuple(field, rawNumber).map(([f, n]) => ({
        family: 'raw number literal',
        payload: JSON.stringify(setPath(valid(), f.path, '__RAW__')).replace('"__RAW__"', n),
      })),
      fc.tuple(fc.string({ maxLength: 20 }), weirdValue).map(([k, v]) => ({
        family: 'unknown key',
        payload: JSON.stringify({ ...(valid() as object), [k || 'x']: v }),
      })),
    );
  }
  const item = route.url.includes(':');
  const id = item
    ? fc.oneof(
        { arbitrary: fc.constant('real'), weight: 8 },
        { arbitrary: invalidUuid.map((u) => encodeURIComponent(u)), weight: 1 },
      )
    : fc.constant(undefined);
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 12 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
  );
  const ifMatch = fc.oneof(
    { arbitrary: fc.constant('correct'), weight: 6 },
    { arbitrary: fc.constant('missing'), weight: 1 },
    {
      arbitrary: fc.oneof(
        fc.constantFrom('*', '"999999999"', '"9999999999999"', 'W/"-1"', '""', '"1", "2"', '\t'),
        fc.string({ unit: 'binary-ascii', maxLength: 20 }),
      ),
      weight: 2,
    },
  );
  return fc.record({ body: fc.oneof(...families), id, contentType, ifMatch }).map((r) => {
    const ids = realIds(route);
    // Most requests address the real record; some put a malformed id in the last parameter.
    if (r.id !== undefined && r.id !== 'real' && ids.length) ids[ids.length - 1] = r.id;
    let url = route.url;
    for (const [i, p] of pathParams(route.url).entries()) url = url.replace(`:${p.name}`, ids[i]!);
    return {
      id: ids.at(-1),
      url,
      payload: r.body.payload,
      contentType: r.body.payload === undefined ? undefined : r.contentType,
      // Header values must be valid header text; control characters are what the HTTP layer rejects, not us.
      ifMatch: r.ifMatch.replace(/[^\t\x20-\x7e]/g, ''),
      family: r.body.family,
    };
  });
}

/** The org's records for a route's path parameters: restore routes address a record in the recycle bin. */
function realIds(route: RouteInfo): string[] {
  const params = pathParams(route.url);
  return params.map((p, i) => {
    const last = i === params.length - 1;
    const id = last && route.url.endsWith('/restore') ? binned[p.kind] : targets[p.kind];
    if (!id) throw new Error(`no record of kind ${p.kind} to aim ${route.method} ${route.url} at`);
    return id;
  });
}

/** Tables with an optimistic-concurrency version, so a correct If-Match can be looked up. */
let versioned = new Set<string>();

async function currentVersion(kind: string, id: string | undefined): Promise<number> {
  if (!id || !versioned.has(kind)) return 1;
  const rows = await ctx.db.pool.query<{ version: number }>(
    `SELECT version FROM "${kind}" WHERE id::text = $1`,
    [id],
  );
  return rows.rows[0]?.version ?? 1;
}

// --- setup -------------------------------------------------------------------------------------------

beforeAll(async () => {
  ctx = await createTestAppWithRoutes();
  org = await seedOrg(ctx, 'Fuzz Org');
  const tables = await ctx.db.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'version'`,
  );
  versioned = new Set(tables.rows.map((r) => r.table_name));
  const admin = api(ctx, org.users.admin.token);
  const make = async (url: string, body: Record<string, unknown>) => {
    const res = await admin.post(url, body);
    expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
    return res.body.id as string;
  };
  const stages = [{ nameEn: 'One', nameZh: '一', probability: 10 }];
  for (const [i, into] of [refs, targets, binned].entries()) {
    into.accounts = await make('/api/v1/accounts', { name: `Fuzz account ${i + 1}` });
    into.contacts = await make('/api/v1/contacts', { name: 'Fuzz contact', accountId: into.accounts });
    into.products = await make('/api/v1/products', { name: 'Fuzz product', listPrice: 100 });
    into.opportunities = await make('/api/v1/opportunities', {
      name: 'Fuzz deal',
      accountId: into.accounts,
      lineItems: [{ productId: into.products }],
      members: [{ userId: org.users.rep.id }],
    });
    into.activities = await make('/api/v1/activities', {
      type: 'meeting',
      subject: 'Fuzz meeting',
      opportunityId: into.opportunities,
      participantContactIds: [into.contacts],
    });
    into.notes = await make('/api/v1/notes', { body: 'Fuzz note', opportunityId: into.opportunities });
    into.teams = await make('/api/v1/teams', { name: 'Fuzz team', parentId: org.teams.national });
    into.users = await make('/api/v1/users', { name: 'Fuzz user', role: 'rep' });
    into.pipelines = await make('/api/v1/pipelines', { name: 'Fuzz pipeline', stages });
    const token = await admin.post('/api/v1/tokens', { name: 'Fuzz token' });
    into.tokens = token.body.id as string;
  }
  refs.pipelines = org.pipelineId;
  const stage = await ctx.db.pool.query<{ id: string }>(
    'SELECT id FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position LIMIT 1',
    [org.pipelineId],
  );
  refs.stages = stage.rows[0]!.id;
  // Children first, so each record goes to the bin in a batch of its own.
  const order = [
    'notes',
    'activities',
    'opportunities',
    'contacts',
    'accounts',
    'products',
    'teams',
    'users',
  ];
  for (const kind of [...order, ...Object.keys(binned).filter((k) => !order.includes(k) && k !== 'tokens')]) {
    const res = await admin.del(`/api/v1/${kind}/${binned[kind]}`, { 'if-match': '"1"' });
    expect(res.status, kind).toBe(204);
  }
  // Kinds some route addresses that are not made above (added later): made generically.
  const routes = apiRoutes(ctx.routes);
  for (const kind of addressedKinds(routes)) {
    const seed = (variant: number, deleted = false) =>
      seedKind({
        ctx,
        routes,
        token: org.users.admin.token,
        orgId: org.orgId,
        kind,
        refs: (k) => (k === 'users' ? org.users.admin.id : refs[k]),
        variant,
        deleted,
      });
    const ref = refs[kind] ?? (await seed(0))[0];
    if (ref) refs[kind] = ref;
    const target = targets[kind] ?? (await seed(1)).find((id) => id !== ref) ?? ref;
    if (target) targets[kind] = target;
    const gone = binned[kind] ?? (await seed(2, true))[0];
    if (gone) binned[kind] = gone;
  }
}, 120_000);

afterAll(() => ctx.close());

describe('fuzz', () => {
  it(
    'answers every generated or malformed write request below 500, with a problem+json error',
    async () => {
      const routes = apiRoutes(ctx.routes).filter((r) =>
        ['POST', 'PATCH', 'DELETE', 'PUT'].includes(r.method),
      );
      expect(routes.length).toBeGreaterThan(30);
      const runsPerRoute = Math.max(50, Math.round(BUDGET / routes.length));
      const admin = api(ctx, org.users.admin.token);
      let sent = 0;
      const statuses = new Map<number, number>();
      const started = Date.now();
      for (const route of routes) {
        const kind = routeKind(route.url);
        await fc.assert(
          fc.asyncProperty(requestsFor(route), async (r) => {
            const url = r.url;
            const headers: Record<string, string> = { authorization: `Bearer ${org.users.admin.token}` };
            if (r.contentType) headers['content-type'] = r.contentType;
            if (r.ifMatch === 'correct') headers['if-match'] = `"${await currentVersion(kind, r.id)}"`;
            else if (r.ifMatch !== 'missing') headers['if-match'] = r.ifMatch;
            const res = await ctx.app.inject({
              method: route.method as 'POST',
              url,
              headers,
              ...(r.payload !== undefined ? { payload: r.payload } : {}),
            });
            sent++;
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const what = `${route.method} ${url} [${r.family}, ${r.contentType}, if-match ${r.ifMatch}] ${String(r.payload).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
            expect(res.statusCode, what).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
              expect(typeof res.json<{ code?: unknown }>().code, what).toBe('string');
            }
            // Keep the targets in place for the next run: undo deletes and restores that went through.
            const restorable = routes.some(
              (x) => x.method === 'POST' && x.url === `/api/v1/${kind}/:id/restore`,
            );
            if (route.method === 'DELETE' && res.statusCode === 204 && restorable && r.id)
              expect((await admin.post(`/api/v1/${kind}/${r.id}/restore`)).status).toBe(200);
            if (route.url.endsWith('/restore') && res.statusCode === 200 && r.id) {
              const v = await currentVersion(kind, r.id);
              expect((await admin.del(`/api/v1/${kind}/${r.id}`, { 'if-match': `"${v}"` })).status).toBe(204);
            }
          }),
          { numRuns: runsPerRoute, endOnFailure: true },
        );
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const summary = [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      console.log(`fuzz: ${sent} requests to ${routes.length} write routes in ${seconds} s, 0 answered 5xx`);
      console.log(`  statuses: ${summary}`);
      expect(sent).toBe(routes.length * runsPerRoute);
      // The generators reach past validation: some requests succeed, and some reach the database rules.
      expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
      expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(3);
    },
    Math.max(180_000, BUDGET * 40),
  );
});
