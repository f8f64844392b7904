import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/config.ts';
import { ENUM_LABELS } from '../../src/core/export-labels.ts';
import { loadActor } from '../../src/server/auth/actor.ts';
import * as schema from '../../src/server/db/schema/index.ts';
import { bundleTables, NOT_IN_BUNDLE } from '../../src/server/features/export/bundle.service.ts';
import { openCsvExport } from '../../src/server/features/export/export.service.ts';
import { MAX_CONCURRENT_EXPORTS } from '../../src/server/features/export/session.ts';
import { EXPORTABLE } from '../../src/server/features/index.ts';
import { opportunitiesResource } from '../../src/server/features/opportunities/opportunities.resource.ts';
import { en } from '../../src/web/i18n/en.ts';
import { zhCN } from '../../src/web/i18n/zh-CN.ts';
import { csvObjects, parseCsv, unzipText } from '../csv.ts';
import { api, type SeededOrg, seedOrg } from '../helpers.ts';
import { apiRoutes, createTestAppWithRoutes } from './route-table.ts';

type Ctx = Awaited<ReturnType<typeof createTestAppWithRoutes>>;
let ctx: Ctx;
let A: SeededOrg;
let B: SeededOrg;
const MARK = `zx${randomBytes(3).toString('hex')}`;

/** Names that break naive CSV writers or spreadsheets. */
const TRICKY = [
  '华为技术有限公司',
  'Acme, Inc.',
  'The "Best" Company',
  'Two\nLines',
  'CR\r\nLF Trading',
  '=HYPERLINK("http://evil.example","click")',
  '+86 10 8888 0000',
  '-2+3',
  '@SUM(A1:A9)',
  'Tab\tinside',
];
const neutralised = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

async function download(token: string, url: string, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, text: res.body };
}

/** Every id of a list, paging through it 7 at a time. */
async function listIds(token: string, resource: string, query: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const qs = new URLSearchParams({ ...query, limit: '7', ...(cursor ? { cursor } : {}) });
    const res = await api(ctx, token).get(`/api/v1/${resource}?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...(res.body.items ?? []).map((r) => r.id as string));
    cursor = (res.body.nextCursor as string | null) ?? undefined;
  } while (cursor);
  return ids;
}

async function exportIds(token: string, resource: string, query: Record<string, string>): Promise<string[]> {
  const res = await download(
    token,
    `/api/v1/${resource}/export.csv?${new URLSearchParams({ ...query, lang: 'en' })}`,
  );
  expect(res.status, res.text).toBe(200);
  return csvObjects(res.text).rows.map((r) => r.ID!);
}

beforeAll(async () => {
  ctx = await createTestAppWithRoutes();
  A = await seedOrg(ctx, 'Export A');
  B = await seedOrg(ctx, `Export B ${MARK}`);
  const a = api(ctx, A.users.admin.token);
  const post = async (client: ReturnType<typeof api>, url: string, body: Record<string, unknown>) => {
    const res = await client.post(url, body);
    expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
    return res.body.id as string;
  };
  const owners = [A.users.rep.id, A.users.rep2.id, A.users.rep3.id, A.users.manager.id, A.users.admin.id];
  const product = await post(a, '/api/v1/products', { name: 'Winpath 云平台', listPrice: 1000 });
  for (const [i, name] of TRICKY.entries()) {
    const ownerId = owners[i % owners.length]!;
    const accountId = await post(a, '/api/v1/accounts', { name, ownerId, tier: i % 2 ? 'key' : 'standard' });
    await post(a, '/api/v1/contacts', {
      name: `联系人 ${i}, "${name}"`,
      accountId,
      ownerId,
      email: `c${i}@example.com`,
    });
    const deal = await post(a, '/api/v1/opportunities', {
      name: `${name} deal`,
      accountId,
      ownerId,
      amount: 1000 * (i + 1) + 0.5,
      ...(i % 3 === 0 ? { lineItems: [{ productId: product, quantity: 2 }] } : {}),
      ...(i === 4 ? { members: [{ userId: A.users.presales.id, role: 'presales' }] } : {}),
    });
    if (i % 4 === 1) {
      const cur = await a.get(`/api/v1/opportunities/${deal}`);
      const won = await a.patch(
        `/api/v1/opportunities/${deal}`,
        { status: 'won' },
        { 'if-match': `"${cur.body.version}"` },
      );
      expect(won.status).toBe(200);
    }
    await post(a, '/api/v1/activities', {
      type: 'visit',
      subject: `拜访 ${name}`,
      accountId,
      opportunityId: deal,
      ownerId,
    });
    await post(a, '/api/v1/notes', { body: `Note on ${name}`, accountId, ownerId });
  }
  // Org B has look-alikes that must never show up in A's files.
  const b = api(ctx, B.users.admin.token);
  for (const name of ['华为技术有限公司', `${MARK} secret`]) {
    const accountId = await post(b, '/api/v1/accounts', { name, ownerId: B.users.rep.id });
    await post(b, '/api/v1/opportunities', { name: `${MARK} deal`, accountId, ownerId: B.users.rep.id });
  }
}, 120_000);
afterAll(() => ctx?.close());

describe('CSV export', () => {
  it('streams a UTF-8 CSV with a BOM, an attachment name and text that round-trips through a parser', async () => {
    const res = await download(A.users.admin.token, '/api/v1/accounts/export.csv?lang=en&sort=createdAt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="accounts-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''accounts-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect([...res.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text.endsWith('\r\n')).toBe(true);
    const { header, rows } = csvObjects(res.text);
    expect(header.slice(0, 6)).toEqual(['ID', 'Name', 'Industry', 'Company size', 'Tier', 'Website']);
    expect(header).toContain('Owner e-mail');
    expect(rows.map((r) => r.Name)).toEqual(TRICKY.map(neutralised));
    const owner = rows[0]!;
    expect(owner.Owner).toMatch(/^rep /);
    expect(owner['Owner e-mail']).toBe(A.users.rep.email);
    expect(owner['Owner ID']).toBe(A.users.rep.id);
    expect(owner.Created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows[1]!.Tier).toBe('Key');
  });

  it('writes the header and labels in the requested language, and codes on request', async () => {
    const zh = await download(A.users.admin.token, '/api/v1/opportunities/export.csv?lang=zh-CN&status=won');
    expect(zh.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('商机')}-`);
    const { header, rows } = csvObjects(zh.text);
    expect(header.slice(0, 3)).toEqual(['ID', '名称', '客户']);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.状态))).toEqual(new Set(['赢单']));
    expect(rows[0]!.阶段).toBe('项目立项');
    // Accept-Language decides when there is no lang=; the user's language otherwise.
    const byHeader = await download(A.users.admin.token, '/api/v1/opportunities/export.csv?status=won', {
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
    });
    expect(csvObjects(byHeader.text).header[1]).toBe('名称');
    const byUser = await download(A.users.admin.token, '/api/v1/opportunities/export.csv?status=won');
    expect(csvObjects(byUser.text).header[1]).toBe('Name');
    const codes = await download(
      A.users.admin.token,
      '/api/v1/opportunities/export.csv?status=won&values=codes&lang=zh-CN',
    );
    expect(new Set(csvObjects(codes.text).rows.map((r) => r.状态))).toEqual(new Set(['won']));
  });

  it('puts names beside references: account, pipeline and stage, products, owner', async () => {
    const res = await download(
      A.users.admin.token,
      '/api/v1/opportunities/export.csv?lang=en&sort=createdAt',
    );
    const { rows } = csvObjects(res.text);
    expect(rows).toHaveLength(TRICKY.length);
    const first = rows[0]!;
    expect(first.Name).toBe('华为技术有限公司 deal');
    expect(first.Account).toBe('华为技术有限公司');
    expect(first.Amount).toBe('2000.00'); // two products at 1,000 replace the amount
    expect(first.Products).toBe('Winpath 云平台 × 2 @ 1000.00');
    expect(first.Pipeline).toBeTruthy();
    expect(first['Pipeline ID']).toBe(A.pipelineId);
    expect(first.Stage).toBe('Project initiation');
    expect(first['Stage probability (%)']).toMatch(/^\d+$/);
    expect(first['Owner e-mail']).toBe(A.users.rep.email);
    expect(first['Expected close date']).toBe('');
    const won = rows.find((r) => r.Status === 'Won')!;
    expect(won['Closed on']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A deal whose name starts like a formula is neutralised in every column that shows it.
    const formula = rows.find((r) => r.Name?.includes('HYPERLINK'))!;
    expect(formula.Name?.startsWith("'=")).toBe(true);
    expect(formula.Account?.startsWith("'=")).toBe(true);
    const activities = csvObjects(
      (await download(A.users.admin.token, '/api/v1/activities/export.csv?lang=en&sort=createdAt')).text,
    ).rows;
    expect(activities[0]).toMatchObject({
      Type: 'Visit',
      Status: 'Planned',
      Subject: '拜访 华为技术有限公司',
      Account: '华为技术有限公司',
      Opportunity: '华为技术有限公司 deal',
    });
  });

  it('holds exactly the rows of the list, for every role and filter, search and sort', async () => {
    const cases: [string, Record<string, string>][] = [
      ['accounts', {}],
      ['accounts', { sort: '-name' }],
      ['accounts', { q: 'co', sort: 'createdAt' }],
      ['accounts', { tier: 'key' }],
      ['contacts', { sort: '-createdAt' }],
      ['opportunities', {}],
      ['opportunities', { status: 'won,open', sort: '-amount' }],
      ['opportunities', { amountFrom: '3000', amountTo: '8000.5', sort: 'amount' }],
      ['opportunities', { ownerId: `${A.users.rep.id},${A.users.rep3.id}` }],
      // A drill-down filter (a dashboard's "open the deals behind this number").
      ['opportunities', { ownerTeamTreeId: A.teams.national, sort: 'amount' }],
      ['activities', { type: 'visit' }],
      ['notes', {}],
      ['users', { sort: 'email' }],
      ['products', {}],
      ['teams', {}],
      ['pipelines', {}],
    ];
    const roles = ['admin', 'vp', 'manager', 'rep', 'rep3', 'presales', 'viewer'] as const;
    for (const role of roles)
      for (const [resource, query] of cases) {
        const token = A.users[role].token;
        const listed = await listIds(token, resource, query);
        const exported = await exportIds(token, resource, query);
        expect(exported, `${role} ${resource} ${JSON.stringify(query)}`).toEqual(listed);
      }
    // Visibility really narrows: a rep sees fewer deals than an admin, and only their own or their team's.
    const all = await exportIds(A.users.admin.token, 'opportunities', {});
    const rep = await exportIds(A.users.rep.token, 'opportunities', {});
    expect(rep.length).toBeGreaterThan(0);
    expect(rep.length).toBeLessThan(all.length);
    // The presales user sees the one deal whose team they are on.
    expect(await exportIds(A.users.presales.token, 'opportunities', {})).toHaveLength(1);
  });

  it('never shows another organization’s records, not even when asked for them by id', async () => {
    for (const [res] of EXPORTABLE) {
      const mine = await download(A.users.admin.token, `/api/v1/${res.name}/export.csv`);
      expect(mine.status).toBe(200);
      expect(mine.text).not.toContain(MARK);
      expect(mine.text).not.toContain(B.orgId);
      for (const id of Object.values(B.users).map((u) => u.id)) expect(mine.text).not.toContain(id);
    }
    const bIds = parseCsv((await download(B.users.admin.token, '/api/v1/accounts/export.csv')).text).slice(1);
    expect(bIds).toHaveLength(2);
    const aimed = await download(
      A.users.admin.token,
      `/api/v1/accounts/export.csv?id=${bIds.map((r) => r[0]).join(',')}`,
    );
    expect(aimed.status).toBe(200);
    expect(parseCsv(aimed.text.replace(/^\uFEFF/, ''))).toHaveLength(1);
  });

  it('rejects bad query parameters with a problem naming them, and answers 401 without credentials', async () => {
    const bad = await download(A.users.admin.token, '/api/v1/opportunities/export.csv?status=maybe&limit=5');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.text).toMatch(/status|limit/);
    const lang = await download(A.users.admin.token, '/api/v1/accounts/export.csv?lang=fr');
    expect(lang.status).toBe(400);
    const anon = await ctx.app.inject({ method: 'GET', url: '/api/v1/accounts/export.csv' });
    expect(anon.statusCode).toBe(401);
  });

  it('encodes GB18030 for old Chinese Excel on request', async () => {
    const utf8 = await download(A.users.admin.token, '/api/v1/accounts/export.csv?lang=zh-CN');
    const gb = await download(A.users.admin.token, '/api/v1/accounts/export.csv?lang=zh-CN&encoding=gb18030');
    expect(gb.headers['content-type']).toBe('text/csv; charset=gb18030; header=present');
    expect(gb.raw[0]).not.toBe(0xef);
    expect(new TextDecoder('gb18030').decode(gb.raw)).toBe(utf8.text.replace(/^\uFEFF/, ''));
    expect(gb.raw.includes(Buffer.from('华为', 'utf8'))).toBe(false);
  });

  it('every list has an export twin, documented as text/csv', async () => {
    const routes = apiRoutes(ctx.routes);
    const lists = routes.filter(
      (r) =>
        r.method === 'GET' &&
        !r.url.includes(':') &&
        ['cursor', 'deleted'].every((k) =>
          Object.hasOwn((r.schema?.querystring as { shape?: object } | undefined)?.shape ?? {}, k),
        ),
    );
    expect(lists.length).toBeGreaterThanOrEqual(11);
    for (const list of lists)
      expect(
        routes.some((r) => r.method === 'GET' && r.url === `${list.url}/export.csv`),
        `${list.url} has no export`,
      ).toBe(true);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }>;
    };
    expect(Object.keys(doc.paths['/api/v1/accounts/export.csv']!.get.responses['200']!.content)).toEqual([
      'text/csv',
    ]);
    expect(Object.keys(doc.paths['/api/v1/export/bundle']!.get.responses['200']!.content)).toEqual([
      'application/zip',
    ]);
  });
});

describe('streaming', () => {
  it('fetches only as fast as the reader reads (back-pressure), then gives the connection back', async () => {
    const orgId = A.orgId;
    // 3,000 more deals, made in SQL.
    await ctx.db.pool.query(
      `INSERT INTO opportunities (org_id, name, account_id, owner_id, amount, pipeline_id, stage_id)
       SELECT $1, 'bulk ' || g, (SELECT id FROM accounts WHERE org_id = $1 LIMIT 1), $2, g, o.pipeline_id, o.stage_id
         FROM generate_series(1, 3000) g, (SELECT pipeline_id, stage_id FROM opportunities WHERE org_id = $1 LIMIT 1) o`,
      [orgId, A.users.admin.id],
    );
    const actor = (await loadActor(ctx.db.db, orgId, A.users.admin.id))!;
    const before = await busyConnections();
    const out = await openCsvExport({
      db: ctx.db.db,
      res: opportunitiesResource,
      actor,
      query: { sort: 'amount' },
      csv: { lang: 'en', values: 'labels', encoding: 'utf-8' },
      now: new Date(),
      batchRows: 100,
    });
    // Nobody reads: after the first batch (and the one requested behind it) nothing more is fetched.
    await new Promise((r) => setTimeout(r, 300));
    expect(out.progress.fetched).toBeGreaterThan(0);
    expect(out.progress.fetched).toBeLessThanOrEqual(300);
    expect(await busyConnections()).toBe(before + 1);
    let text = '';
    for await (const chunk of out.stream) text += (chunk as Buffer).toString('utf8');
    const rows = csvObjects(text).rows;
    expect(rows.length).toBe(3000 + TRICKY.length);
    expect(out.progress).toEqual({ rows: rows.length, fetched: rows.length });
    await waitFor(async () => (await busyConnections()) === before);

    // A reader that goes away half-way: the cursor and the connection are given back too.
    const gone = await openCsvExport({
      db: ctx.db.db,
      res: opportunitiesResource,
      actor,
      query: { sort: '-amount' },
      csv: { lang: 'en', values: 'codes', encoding: 'utf-8' },
      now: new Date(),
      batchRows: 100,
    });
    for await (const _ of gone.stream) break;
    expect(gone.progress.fetched).toBeLessThan(3000);
    await waitFor(async () => (await busyConnections()) === before);
  });

  it('gives the connection back when an HTTP client hangs up half-way through a download', async () => {
    // 40,000 more deals (≈ 10 MB of CSV): more than the socket buffers hold, so the server is mid-stream.
    await ctx.db.pool.query(
      `INSERT INTO opportunities (org_id, name, account_id, owner_id, amount, pipeline_id, stage_id)
       SELECT org_id, 'more ' || g, account_id, owner_id, g, pipeline_id, stage_id
         FROM generate_series(1, 40000) g, (SELECT * FROM opportunities WHERE org_id = $1 LIMIT 1) o`,
      [A.orgId],
    );
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.app.server.address() as AddressInfo;
    const before = await busyConnections();
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/opportunities/export.csv?sort=amount`, {
      headers: { authorization: `Bearer ${A.users.admin.token}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.value?.length).toBeGreaterThan(0);
    abort.abort();
    await reader.read().catch(() => undefined);
    await waitFor(async () => (await busyConnections()) === before);

    // The same for the bundle.
    const zipAbort = new AbortController();
    const zip = await fetch(`http://127.0.0.1:${port}/api/v1/export/bundle`, {
      headers: { authorization: `Bearer ${A.users.admin.token}` },
      signal: zipAbort.signal,
    });
    expect(zip.status).toBe(200);
    const zipReader = zip.body!.getReader();
    expect((await zipReader.read()).value?.length).toBeGreaterThan(0);
    zipAbort.abort();
    await zipReader.read().catch(() => undefined);
    await waitFor(async () => (await busyConnections()) === before);
  });

  it('survives the database dropping a stalled export (its idle timeout): the download fails, nothing leaks', async () => {
    const actor = (await loadActor(ctx.db.db, A.orgId, A.users.admin.id))!;
    const before = await busyConnections();
    const out = await openCsvExport({
      db: ctx.db.db,
      res: opportunitiesResource,
      actor,
      query: { sort: 'amount' },
      csv: { lang: 'en', values: 'codes', encoding: 'utf-8' },
      now: new Date(),
      batchRows: 50,
    });
    await waitFor(async () => (await busyConnections()) === before + 1);
    const killed = await ctx.db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()`,
    );
    expect(killed.rowCount).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    let failure: unknown;
    let rows = 0;
    try {
      for await (const chunk of out.stream)
        rows += (chunk as Buffer).toString('utf8').split('\r\n').length - 1;
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(Error);
    expect(rows).toBeLessThan(200);
    await waitFor(async () => (await busyConnections()) === before);
    // The slot is free again: a new export runs to the end.
    const again = await openCsvExport({
      db: ctx.db.db,
      res: opportunitiesResource,
      actor,
      query: { sort: 'amount', status: ['won'] },
      csv: { lang: 'en', values: 'codes', encoding: 'utf-8' },
      now: new Date(),
    });
    for await (const _ of again.stream);
    expect(again.progress.rows).toBeGreaterThan(0);
  });

  it(`runs at most ${MAX_CONCURRENT_EXPORTS} exports at once; the others wait their turn`, async () => {
    const actor = (await loadActor(ctx.db.db, A.orgId, A.users.admin.id))!;
    const open = () =>
      openCsvExport({
        db: ctx.db.db,
        res: opportunitiesResource,
        actor,
        query: { sort: 'amount' },
        csv: { lang: 'en', values: 'codes', encoding: 'utf-8' },
        now: new Date(),
        batchRows: 50,
      });
    const first = await Promise.all(Array.from({ length: MAX_CONCURRENT_EXPORTS }, open));
    let extraOpened = false;
    const extra = open().then((e) => {
      extraOpened = true;
      return e;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(extraOpened).toBe(false);
    first[0]!.stream.destroy();
    const e = await extra;
    expect(extraOpened).toBe(true);
    for (const x of [...first.slice(1), e]) x.stream.destroy();
  });
});

async function busyConnections(): Promise<number> {
  const res = await ctx.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND state <> 'idle'`,
  );
  return res.rows[0]!.n;
}

async function waitFor(check: () => Promise<boolean>, ms = 5_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The bundle's files, in their order: reference data first, then what uses it. */
const BUNDLE_FILES = [
  'users.csv',
  'teams.csv',
  'products.csv',
  'pipelines.csv',
  'pipeline-stages.csv',
  'milestone-criteria.csv',
  'accounts.csv',
  'contacts.csv',
  'opportunities.csv',
  'opportunity-line-items.csv',
  'opportunity-members.csv',
  'stakeholders.csv',
  'stage-periods.csv',
  'criterion-completions.csv',
  'opportunity-history.csv',
  'activities.csv',
  'activity-participants.csv',
  'notes.csv',
  'quotas.csv',
  'forecast-submissions.csv',
  'forecast-snapshots.csv',
];

type Manifest = {
  organization: { id: string; defaultCurrency: string };
  files: { name: string; type: string; rows: number; columns: string[] }[];
};

/** The bundle as files, after checking that every file agrees with its manifest entry. */
async function bundle(token: string, query: string) {
  const res = await download(token, `/api/v1/export/bundle?${query}`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  const files = unzipText(res.raw);
  const manifest = JSON.parse(files['manifest.json']!) as Manifest;
  const csv: Record<string, ReturnType<typeof csvObjects>> = {};
  for (const f of manifest.files) {
    csv[f.name] = csvObjects(files[f.name]!);
    expect(csv[f.name]!.rows.length, f.name).toBe(f.rows);
    expect(csv[f.name]!.header.length, f.name).toBe(f.columns.length);
  }
  const rows = (name: string) => csv[name]?.rows ?? [];
  const count = (name: string) => manifest.files.find((f) => f.name === name)?.rows;
  return { files, manifest, csv, rows, count };
}

describe('organization bundle', () => {
  it('is a ZIP with one CSV per record type and a manifest whose counts match the database', async () => {
    const res = await download(A.users.admin.token, '/api/v1/export/bundle?lang=en');
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="winpath-export-a-[a-z0-9-]*\d{4}-\d{2}-\d{2}\.zip"/,
    );
    const files = unzipText(res.raw);
    const manifest = JSON.parse(files['manifest.json']!) as {
      format: string;
      winpath: string;
      exportedAt: string;
      organization: { id: string };
      files: { name: string; rows: number; columns: string[] }[];
    };
    expect(manifest).toMatchObject({
      format: 'winpath-export',
      winpath: VERSION,
      organization: { id: A.orgId },
    });
    expect(Date.now() - Date.parse(manifest.exportedAt)).toBeLessThan(60_000);
    const names = manifest.files.map((f) => f.name);
    expect(names).toEqual(BUNDLE_FILES);
    expect(Object.keys(files).sort()).toEqual([...names, 'manifest.json'].sort());
    const count = async (table: string, extra = 'AND deleted_at IS NULL') =>
      (
        await ctx.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1 ${extra}`,
          [A.orgId],
        )
      ).rows[0]!.n;
    const expected: Record<string, number> = {
      'users.csv': await count('users'),
      'accounts.csv': await count('accounts'),
      'opportunities.csv': await count('opportunities'),
      'opportunity-line-items.csv': await count('opportunity_line_items', ''),
      'opportunity-members.csv': await count('opportunity_members', ''),
      'pipeline-stages.csv': await count('pipeline_stages', ''),
      'notes.csv': await count('notes'),
    };
    for (const f of manifest.files) {
      const { header, rows } = csvObjects(files[f.name]!);
      expect(rows.length, f.name).toBe(f.rows);
      expect(header.length, f.name).toBe(f.columns.length);
      if (expected[f.name] !== undefined) expect(f.rows, f.name).toBe(expected[f.name]);
      expect(files[f.name], f.name).not.toContain(MARK);
    }
    expect(expected['opportunities.csv']).toBeGreaterThan(3000);
    expect(csvObjects(files['accounts.csv']!).rows.map((r) => r.Name)).toContain('Acme, Inc.');
  });

  it('is for admins only', async () => {
    const before = await busyConnections();
    for (const role of [
      'vp',
      'manager',
      'rep',
      'rep2',
      'rep3',
      'presales',
      'enablement',
      'viewer',
    ] as const) {
      const res = await download(A.users[role].token, '/api/v1/export/bundle');
      expect(res.status, role).toBe(403);
      expect(res.headers['content-type'], role).toMatch(/application\/problem\+json/);
    }
    // Refused before any export session was opened.
    expect(await busyConnections()).toBe(before);
  });
});

describe('organization bundle: every business record', () => {
  let C: SeededOrg;
  type Stage = { id: string; nameEn: string; nameZh: string; criteria: { id: string; kind: string }[] };
  let stages: Stage[];
  let deal1: string;
  let deal2: string;
  let deal3: string;
  let snapshotRows: number;
  let retiredStage: string | undefined;
  const REASON = '=HYPERLINK("http://evil.example","why")';

  beforeAll(async () => {
    C = await seedOrg(ctx, 'Export C');
    const admin = api(ctx, C.users.admin.token);
    const rep = api(ctx, C.users.rep.token);
    const manager = api(ctx, C.users.manager.token);
    const post = async (client: ReturnType<typeof api>, url: string, body: Record<string, unknown>) => {
      const res = await client.post(url, body);
      expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBe(201);
      return res.body.id as string;
    };
    const remove = async (url: string) => {
      const cur = await admin.get(url);
      const res = await admin.del(url, { 'if-match': `"${cur.body.version}"` });
      expect(res.status, url).toBe(204);
    };
    const ownerId = C.users.rep.id;
    const today = new Date().toISOString().slice(0, 10);
    const accountId = await post(admin, '/api/v1/accounts', { name: 'Process Co', ownerId });
    const wang = await post(admin, '/api/v1/contacts', {
      name: '王伟',
      accountId,
      ownerId,
      email: 'wang@example.com',
    });
    const evil = await post(admin, '/api/v1/contacts', { name: '=Evil Contact', accountId, ownerId });
    const deal = (name: string, amount: number) =>
      post(admin, '/api/v1/opportunities', { name, accountId, ownerId, amount, expectedCloseDate: today });
    deal1 = await deal('Deal one', 1000);
    deal2 = await deal('Deal two', 2000);
    deal3 = await deal('Deal three', 3000);

    // Deal one jumps two stages over its gates (an admin's override), with a reason that looks like a formula.
    const proc = await admin.get(`/api/v1/opportunities/${deal1}/process`);
    stages = proc.body.stages as Stage[];
    const moved = await admin.post(`/api/v1/opportunities/${deal1}/move`, {
      stageId: stages[2]!.id,
      override: true,
      reason: REASON,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    // Deal two: the first stage's checkbox ticked by its owner and confirmed by the admin.
    const checkbox = stages[0]!.criteria.find((c) => c.kind === 'checkbox')!;
    const url = `/api/v1/opportunities/${deal2}/criteria/${checkbox.id}`;
    const done = await rep.post(url, { action: 'complete', note: 'Approved in the weekly review' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await admin.post(url, { action: 'confirm' })).status).toBe(200);

    // A meeting with two people; a call with one, then deleted (its participant goes to the bin with it).
    await post(rep, '/api/v1/activities', {
      type: 'meeting',
      subject: 'Kick-off',
      accountId,
      opportunityId: deal1,
      ownerId,
      participantContactIds: [wang, evil],
    });
    const call = await post(rep, '/api/v1/activities', {
      type: 'call',
      subject: 'Gone',
      accountId,
      ownerId,
      participantContactIds: [wang],
    });
    await remove(`/api/v1/activities/${call}`);
    // Deal three to the recycle bin: its history and stage stays are not in the bundle.
    await remove(`/api/v1/opportunities/${deal3}`);

    // Forecast calls: the rep's own, the manager's for the East team; then this week's snapshot.
    const period = today.slice(0, 7);
    await post(rep, '/api/v1/forecast/submissions', {
      period,
      adjustment: 0,
      note: '+ upside if the tender opens',
    });
    await post(manager, '/api/v1/forecast/submissions', { period, teamId: C.teams.east, amount: 12345.5 });
    const snap = await admin.post('/api/v1/forecast/snapshots', { replace: true });
    expect(snap.status, JSON.stringify(snap.body)).toBe(200);
    snapshotRows = snap.body.rows as number;
    expect(snapshotRows).toBeGreaterThan(0);

    // A stage retired (the last one no open deal is in): the bundle says when.
    const pipelineId = (await admin.get(`/api/v1/opportunities/${deal1}`)).body.pipelineId as string;
    for (const s of [...stages].reverse()) {
      const r = await admin.post(`/api/v1/pipelines/${pipelineId}/stages/${s.id}/retire`);
      if (r.status === 200) {
        retiredStage = s.id;
        break;
      }
    }
    expect(retiredStage).toBeDefined();
  }, 120_000);

  const count = async (query: string) =>
    (await ctx.db.pool.query<{ n: number }>(query, [C.orgId])).rows[0]!.n;

  it('holds the stage history, field history, milestones, participants and forecast with their row counts', async () => {
    const b = await bundle(C.users.admin.token, 'lang=en');
    expect(b.manifest.files.map((f) => f.name)).toEqual(BUNDLE_FILES);
    expect(b.manifest.organization).toMatchObject({ id: C.orgId, defaultCurrency: 'CNY' });

    // Live deals only: deal three's stay and history are in the database but not in the file.
    expect(b.count('stage-periods.csv')).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM stage_periods WHERE org_id = $1')).toBe(4);
    const liveHistory = await count(
      `SELECT count(*)::int AS n FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id
        WHERE h.org_id = $1 AND o.deleted_at IS NULL`,
    );
    expect(liveHistory).toBeGreaterThanOrEqual(3); // created ×2, deal one's stage change
    expect(b.count('opportunity-history.csv')).toBe(liveHistory);
    expect(b.count('criterion-completions.csv')).toBe(1);
    expect(b.count('activity-participants.csv')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM activity_participants WHERE org_id = $1')).toBe(3);
    expect(b.count('forecast-submissions.csv')).toBe(2);
    expect(b.count('forecast-snapshots.csv')).toBe(snapshotRows);
    const criteria = await count('SELECT count(*)::int AS n FROM milestone_criteria WHERE org_id = $1');
    expect(criteria).toBeGreaterThan(0);
    expect(b.count('milestone-criteria.csv')).toBe(criteria);
    expect(b.count('pipeline-stages.csv')).toBe(
      await count('SELECT count(*)::int AS n FROM pipeline_stages WHERE org_id = $1'),
    );

    // The funnel history of deal one: its first stay, closed by the move, and the overridden one.
    const periods = b.rows('stage-periods.csv').filter((r) => r['Opportunity ID'] === deal1);
    expect(periods.map((r) => r.Stage)).toEqual([stages[0]!.nameEn, stages[2]!.nameEn]);
    const [first, second] = periods as [Record<string, string>, Record<string, string>];
    expect(first.Left).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(first['Days in stage']).toMatch(/^\d+\.\d$/);
    expect(first['Gate overridden']).toBe('No');
    expect(second).toMatchObject({
      Opportunity: 'Deal one',
      Left: '',
      'Days in stage': '',
      'From stage': stages[0]!.nameEn,
      'Moved by e-mail': C.users.admin.email,
      'Gate overridden': 'Yes',
      Reason: `'${REASON}`,
    });
    expect(second['Criteria unmet on entry']).toContain('Decision maker identified');
    const history = b.rows('opportunity-history.csv');
    expect(history.some((r) => r['Opportunity ID'] === deal3)).toBe(false);
    expect(history.find((r) => r['Opportunity ID'] === deal1 && r.Field === 'stageId')).toMatchObject({
      'Old value': stages[0]!.id,
      'New value': stages[2]!.id,
      'Old value name': stages[0]!.nameEn,
      'New value name': stages[2]!.nameEn,
      'Changed by e-mail': C.users.admin.email,
    });
    expect(history.find((r) => r['Opportunity ID'] === deal2 && r.Field === 'created')).toMatchObject({
      'New value': 'Deal two',
      'New value name': '',
    });

    expect(b.rows('criterion-completions.csv')[0]).toMatchObject({
      'Opportunity ID': deal2,
      Criterion: 'Project analysed and initiation approved',
      Stage: stages[0]!.nameEn,
      'Completed by e-mail': C.users.rep.email,
      Note: 'Approved in the weekly review',
      'Confirmed by e-mail': C.users.admin.email,
    });
    expect(
      b
        .rows('activity-participants.csv')
        .map((r) => [r.Activity, r.Contact])
        .sort(),
    ).toEqual([
      ['Kick-off', "'=Evil Contact"],
      ['Kick-off', '王伟'],
    ]);
    const calls = b.rows('forecast-submissions.csv');
    expect(calls.find((r) => r['Person e-mail'] === C.users.rep.email)).toMatchObject({
      Note: "'+ upside if the tender opens",
      Adjustment: '0.00',
      'Submitted by e-mail': C.users.rep.email,
    });
    expect(calls.find((r) => r.Team === 'East')).toMatchObject({
      Call: '12345.50',
      'Submitted by e-mail': C.users.manager.email,
    });
    expect(b.rows('forecast-snapshots.csv').some((r) => r['Owner e-mail'] === C.users.rep.email)).toBe(true);
    expect(
      b.rows('milestone-criteria.csv').find((r) => r['Criterion ID'] === stages[0]!.criteria[0]!.id),
    ).toMatchObject({
      Stage: stages[0]!.nameEn,
      Kind: 'Stakeholder',
      'Required buying role': 'Decision maker',
    });
    expect(b.rows('pipeline-stages.csv')[0]!.Tools).toMatch(/: \/tools\/[a-z-]+/);
    const retired = b.rows('pipeline-stages.csv').filter((r) => r.Retired);
    expect(retired.map((r) => r['Stage ID'])).toEqual([retiredStage]);
    expect(retired[0]!.Retired).toMatch(/^\d{4}-\d{2}-\d{2}/);

    // Nothing of another organization, and no secrets.
    const secrets = await ctx.db.pool.query<{ h: string }>(
      `SELECT password_hash AS h FROM users WHERE org_id = $1 AND password_hash IS NOT NULL
       UNION ALL SELECT token_hash FROM api_tokens WHERE org_id = $1`,
      [C.orgId],
    );
    expect(secrets.rows.length).toBeGreaterThan(1);
    for (const [name, text] of Object.entries(b.files)) {
      for (const id of [A.orgId, ...Object.values(A.users).map((u) => u.id)])
        expect(text, name).not.toContain(id);
      for (const { h } of secrets.rows) expect(text, name).not.toContain(h);
    }
  });

  it('writes the new files in Chinese, and their lists as JSON with values=codes', async () => {
    const b = await bundle(C.users.admin.token, 'lang=zh-CN&values=codes');
    const { header, rows } = b.csv['stage-periods.csv']!;
    expect(header).toContain('进入时间');
    const moved = rows.find((r) => r['商机 ID'] === deal1 && r.越过关卡 === 'true')!;
    expect(moved.阶段).toBe(stages[2]!.nameZh);
    const unmet = JSON.parse(moved.进入时未达成的标准!) as { criterionId: string; label: string }[];
    expect(unmet.map((u) => u.criterionId)).toContain(stages[0]!.criteria[0]!.id);
    expect(rows.filter((r) => r.越过关卡 === 'false')).toHaveLength(2);
    expect(b.rows('milestone-criteria.csv').map((r) => r.类型)).toContain('stakeholder');
    const tools = JSON.parse(b.rows('pipeline-stages.csv')[0]!.工具!) as { url: string }[];
    expect(tools[0]!.url).toMatch(/^\/tools\//);
    expect(b.csv['forecast-submissions.csv']!.header).toContain('提交人');
  });

  it('has a file for every tenant table, or says why it leaves the table out', async () => {
    const tenant = (Object.values(schema) as unknown[])
      .filter((v): v is PgTable => is(v, PgTable))
      .map((t) => getTableConfig(t))
      .filter((t) => t.columns.some((col) => col.name === 'orgId' || col.name === 'org_id'))
      .map((t) => t.name)
      .sort();
    // The database agrees: a tenant table made by a migration alone would escape the schema walk. (Views,
    // such as the analytics' row views, hold no records of their own.)
    const inDb = await ctx.db.pool.query<{ t: string }>(
      `SELECT DISTINCT c.table_name AS t FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND t.table_type = 'BASE TABLE'`,
    );
    expect(inDb.rows.map((r) => r.t).sort()).toEqual(tenant);
    expect(tenant.length).toBeGreaterThanOrEqual(30);

    const exported = bundleTables(EXPORTABLE.map(([r]) => r));
    expect(new Set(exported).size, 'one file per table').toBe(exported.length);
    expect(exported).toHaveLength(BUNDLE_FILES.length);
    for (const table of tenant) {
      const inBundle = exported.includes(table);
      const excluded = Object.hasOwn(NOT_IN_BUNDLE, table);
      expect(
        inBundle !== excluded,
        inBundle
          ? `${table} is exported and excluded`
          : `${table} is neither in the bundle nor in NOT_IN_BUNDLE`,
      ).toBe(true);
    }
    for (const [table, why] of Object.entries(NOT_IN_BUNDLE)) {
      expect(tenant, `NOT_IN_BUNDLE names ${table}, which is no tenant table`).toContain(table);
      expect(why.length, table).toBeGreaterThan(20);
    }
    // The business history the reviewer found missing is in, and secrets are out.
    for (const table of [
      'stage_periods',
      'opportunity_history',
      'forecast_submissions',
      'activity_participants',
    ])
      expect(exported).toContain(table);
    for (const table of ['sessions', 'api_tokens']) expect(exported).not.toContain(table);
  });

  it('labels milestone criterion kinds as the web app does', () => {
    const labels = (lang: 'en' | 'zh') =>
      Object.fromEntries(Object.entries(ENUM_LABELS.criterionKind).map(([code, l]) => [code, l[lang]]));
    expect(labels('en')).toEqual(en.process.kind);
    expect(labels('zh')).toEqual(zhCN.process.kind);
  });
});
