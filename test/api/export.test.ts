import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/config.ts';
import { loadActor } from '../../src/server/auth/actor.ts';
import { openCsvExport } from '../../src/server/features/export/export.service.ts';
import { MAX_CONCURRENT_EXPORTS } from '../../src/server/features/export/session.ts';
import { EXPORTABLE } from '../../src/server/features/index.ts';
import { opportunitiesResource } from '../../src/server/features/opportunities/opportunities.resource.ts';
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
    expect(names).toEqual([
      'users.csv',
      'teams.csv',
      'products.csv',
      'pipelines.csv',
      'pipeline-stages.csv',
      'accounts.csv',
      'contacts.csv',
      'opportunities.csv',
      'opportunity-line-items.csv',
      'opportunity-members.csv',
      'stakeholders.csv',
      'activities.csv',
      'notes.csv',
      'quotas.csv',
    ]);
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
    for (const role of ['vp', 'manager', 'rep', 'viewer'] as const) {
      const res = await download(A.users[role].token, '/api/v1/export/bundle');
      expect(res.status, role).toBe(403);
    }
  });
});
