import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { parseCsv } from '../../src/core/import/csv.ts';
import { purgeImportFiles, runningImports } from '../../src/server/features/imports/imports.service.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/** The import wizard's API, end to end on the real fixture files. */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const mappingOf = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

let ctx: TestContext;
let org: SeededOrg;
const admin = () => api(ctx, org.users.admin.token);

async function upload(name: string, token = org.users.admin.token) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/import-files?name=${encodeURIComponent(name)}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    payload: read(name),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

async function finished(jobId: string) {
  await Promise.allSettled([...runningImports]);
  for (let i = 0; i < 100; i++) {
    const res = await admin().get(`/api/v1/import-jobs/${jobId}`);
    if (res.body.state !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the import did not finish');
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Import API Co');
  // The reps the deal files name.
  for (const name of ['王芳', '李雷'])
    expect((await admin().post('/api/v1/users', { name, role: 'rep' })).status).toBe(201);
}, 120_000);
afterAll(() => ctx.close());

describe('import API', () => {
  let gbk: string;

  it('takes a raw GBK upload and says how it reads', async () => {
    const res = await upload('deals-gbk.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'deals-gbk.csv',
      size: read('deals-gbk.csv').length,
      problem: null,
      shape: {
        encoding: 'gb18030',
        bom: false,
        delimiter: ',',
        headers: [
          '编号',
          '商机名称',
          '客户',
          '负责人',
          '产品',
          '状态',
          '金额',
          '创建日期',
          '成交日期',
          '备注',
        ],
      },
    });
    expect((res.body.shape as { sample: string[][] }).sample[0]!.slice(0, 3)).toEqual([
      'CN-001',
      '恒达智能工厂 MES 项目',
      '上海恒达',
    ]);
    gbk = res.body.id as string;
    // The same upload as JSON (base64), e.g. from a browser.
    const json = await admin().post('/api/v1/import-files', {
      name: 'deals-us.csv',
      content: read('deals-us.csv').toString('base64'),
    });
    expect(json.status).toBe(201);
    expect(json.body.shape).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    const semi = await upload('deals-semicolon-bom.csv');
    expect(semi.body.shape).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';' });
  });

  it('refuses an Excel workbook with what to do, instead of reading it as text', async () => {
    // An .xlsx is a zip (this one made as Excel makes them, with its content-types part); an .xls an OLE file.
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('<?xml version="1.0"?><Types/>'), '[Content_Types].xml');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    for (const [name, content] of [
      ['deals.xlsx', Buffer.concat(chunks)],
      ['deals.xls', ole],
    ] as const) {
      const res = await admin().post('/api/v1/import-files', { name, content: content.toString('base64') });
      expect(res.status, name).toBe(422);
      expect(res.body).toMatchObject({
        code: 'spreadsheet_file',
        detail: expect.stringContaining('CSV UTF-8'),
      });
    }
  });

  it('suggests a mapping from Chinese headers', async () => {
    const res = await admin().post('/api/v1/imports/suggest', { fileId: gbk, entity: 'opportunities' });
    expect(res.status).toBe(200);
    expect(res.body.mapping).toEqual({
      columns: {
        name: '商机名称',
        account: '客户',
        owner: '负责人',
        amount: '金额',
        status: '状态',
        createdAt: '创建日期',
        closedAt: '成交日期',
        product: '产品',
        externalId: '编号',
      },
    });
    expect(res.body.unmappedHeaders).toEqual(['备注']);
  });

  it('previews a mapping: counts, problems and the references nothing matches, and keeps nothing', async () => {
    const res = await admin().post('/api/v1/imports/preview', {
      fileId: gbk,
      entity: 'opportunities',
      mapping: mappingOf('deals-gbk.mapping.json'),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ rows: 8, complete: true, counts: { inserted: 0, failed: 8 } });
    const unmatched = res.body.unmatched as { field: string; value: string; rows: number }[];
    expect(unmatched.filter((u) => u.field === 'account')).toHaveLength(8);
    expect(unmatched.find((u) => u.field === 'owner')).toMatchObject({ value: '张三', rows: 1 });
    expect(unmatched.find((u) => u.field === 'product' && u.value === 'GTX Pro')).toMatchObject({ rows: 5 });
    const withCreate = await admin().post('/api/v1/imports/preview', {
      fileId: gbk,
      entity: 'opportunities',
      mapping: mappingOf('deals-gbk.mapping.json'),
      createMissing: true,
      limit: 5,
    });
    expect(withCreate.body).toMatchObject({
      rows: 5,
      complete: false,
      counts: { inserted: 5, failed: 0, created: { account: 5, product: 2 } },
    });
    const deals = await admin().get('/api/v1/opportunities');
    expect(deals.body.items).toEqual([]);
    const accounts = await admin().get('/api/v1/accounts');
    expect(accounts.body.items).toEqual([]);
  });

  it('refuses a mapping that does not fit the file, naming each problem', async () => {
    const res = await admin().post('/api/v1/imports/preview', {
      fileId: gbk,
      entity: 'opportunities',
      mapping: { columns: { name: 'Deal', colour: '状态' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_mapping');
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'columns.colour',
      'columns.name',
      'columns.account',
    ]);
  });

  it('saves mappings by name, per entity', async () => {
    const body = {
      name: 'Chinese Excel deals',
      entity: 'opportunities',
      mapping: mappingOf('deals-gbk.mapping.json'),
    };
    const created = await admin().post('/api/v1/import-mappings', body);
    expect(created.status).toBe(201);
    expect((await admin().post('/api/v1/import-mappings', body)).status).toBe(409);
    expect(
      (await admin().post('/api/v1/import-mappings', { ...body, mapping: { columns: { colour: 'x' } } }))
        .status,
    ).toBe(422);
    const list = await admin().get('/api/v1/import-mappings?entity=opportunities');
    expect(list.body.items).toEqual([{ ...body, id: created.body.id, createdAt: created.body.createdAt }]);
    expect((await admin().get('/api/v1/import-mappings?entity=users')).body.items).toEqual([]);
    expect((await admin().del(`/api/v1/import-mappings/${created.body.id}`)).status).toBe(204);
    expect((await admin().get('/api/v1/import-mappings')).body.items).toEqual([]);
  });

  it('says when the same file was already imported with the same mapping, and does nothing again', async () => {
    const file = await admin().post('/api/v1/import-files', {
      name: 'once.csv',
      content: Buffer.from('Deal,Company\nOnly once,Once Co\n').toString('base64'),
    });
    expect(file.status).toBe(201);
    const run = () =>
      admin().post('/api/v1/import-jobs', {
        fileId: file.body.id,
        entity: 'opportunities',
        mapping: { columns: { name: 'Deal', account: 'Company' } },
        createMissing: true,
      });
    const first = await run();
    expect(first.status).toBe(201);
    expect(first.body.alreadyImported).toBe(false);
    expect((await finished(first.body.id as string)).counts).toMatchObject({ inserted: 1 });
    const again = await run();
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.body.id, alreadyImported: true, state: 'completed' });
    const deals = await admin().get('/api/v1/opportunities?q=Only%20once');
    expect(deals.body.items).toHaveLength(1);
  });

  it('runs an import in the background with progress, and serves the error report', async () => {
    const started = await admin().post('/api/v1/import-jobs', {
      fileId: gbk,
      entity: 'opportunities',
      mapping: mappingOf('deals-gbk.mapping.json'),
      createMissing: true,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.headers.location).toBe(`/api/v1/import-jobs/${started.body.id}`);
    const job = await finished(started.body.id as string);
    expect(job).toMatchObject({
      entity: 'opportunities',
      fileName: 'deals-gbk.csv',
      status: 'completed',
      state: 'completed',
      rowsDone: 8,
      rowsTotal: 8,
      progress: 1,
      counts: {
        inserted: 7,
        updated: 0,
        unchanged: 0,
        failed: 1,
        created: { account: 7, product: 2, user: 1 },
      },
      errors: [
        {
          row: 9,
          field: 'createdAt',
          column: '创建日期',
          value: '2017年13月1日',
          message: '2017年13月1日 is not a calendar date',
          code: 'notCalendarDate',
          params: { date: '2017年13月1日' },
        },
      ],
    });
    const reportIn = (query: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/v1/import-jobs/${started.body.id}/errors${query}`,
        headers: { authorization: `Bearer ${org.users.admin.token}` },
      });
    const report = await reportIn('');
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(report.body);
    expect(rows[1]!.fields.slice(0, 3)).toEqual([
      '9',
      '创建日期: 2017年13月1日 is not a calendar date',
      'CN-008',
    ]);
    // The same report for a Chinese reader: headings and problems in Chinese, the cells as they were.
    const zh = await reportIn('?lang=zh-CN');
    const zhRows = parseCsv(zh.body);
    expect(zhRows[0]!.fields.slice(0, 2)).toEqual(['行号', '错误']);
    expect(zhRows[1]!.fields.slice(0, 3)).toEqual(['9', '创建日期: 2017年13月1日 不是有效的日期', 'CN-008']);
    const badLang = await reportIn('?lang=fr');
    expect(badLang.statusCode).toBe(400);
    expect(badLang.body).toContain('lang');
    const list = await admin().get('/api/v1/import-jobs');
    expect((list.body.items as { id: string }[]).map((j) => j.id)).toContain(started.body.id);
    // Won deals by rep straight away: the summaries are maintained by the import.
    const rates = await admin().get('/api/v1/analytics/win-rates?groupBy=owner&from=2017-01&to=2018-12');
    const wang = (rates.body.rows as { label: string; won: number; lost: number }[]).find(
      (r) => r.label === '王芳',
    );
    expect(wang).toMatchObject({ won: 2, lost: 1 });
    const audit = await admin().get('/api/v1/audit-log');
    expect((audit.body.items as { event: string }[]).map((e) => e.event).slice(0, 2)).toEqual([
      'import_completed',
      'import_started',
    ]);
  });

  it('skips deals and accounts without an external id that re-import a live record, unless told to create them', async () => {
    const file = async (name: string, content: Buffer) => {
      const res = await admin().post('/api/v1/import-files', { name, content: content.toString('base64') });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const start = async (fileId: string, entity: string, mapping: Record<string, unknown>) => {
      const res = await admin().post('/api/v1/import-jobs', { fileId, entity, mapping, createMissing: true });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { id: res.body.id as string, job: await finished(res.body.id as string) };
    };
    const deals = { columns: { name: '商机名称', account: '客户', owner: '负责人' } };
    const first = await file(
      'dup-1.csv',
      Buffer.from('商机名称,客户,负责人\n复星医药 仓储,复星医药,王芳\n复星医药 物流,复星医药,李雷\n'),
    );
    expect((await start(first, 'opportunities', deals)).job.counts).toMatchObject({ inserted: 2, failed: 0 });
    // The same rows in another file (UTF-8 with a byte-order mark), a new one, and a new one twice.
    const again = await file(
      'dup-2.csv',
      Buffer.from(
        '\uFEFF商机名称,客户,负责人\n复星医药 仓储,复星医药,王芳\n复星医药物流,复星医药,李雷\n复星医药 仓储,复星医药,李雷\n复星医药-仓储,复星医药,李雷\n',
      ),
    );
    const preview = await admin().post('/api/v1/imports/preview', {
      fileId: again,
      entity: 'opportunities',
      mapping: deals,
      createMissing: true,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.counts).toMatchObject({ inserted: 1, failed: 3 });
    expect(
      (
        preview.body.errors as {
          row: number;
          field: string;
          column: string;
          value: string;
          code: string;
          params: unknown;
        }[]
      ).map((e) => [e.row, e.field, e.column, e.value, e.code, e.params]),
    ).toEqual([
      [2, 'name', '商机名称', '复星医药 仓储', 'duplicateDeal', null],
      [3, 'name', '商机名称', '复星医药物流', 'duplicateDeal', null],
      [5, 'name', '商机名称', '复星医药-仓储', 'duplicateRow', { row: 4, kind: 'opportunity' }],
    ]);
    const run = await start(again, 'opportunities', deals);
    expect(run.job.counts).toMatchObject({ inserted: 1, failed: 3 });
    const report = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/import-jobs/${run.id}/errors?lang=zh-CN`,
      headers: { authorization: `Bearer ${org.users.admin.token}` },
    });
    expect(parseCsv(report.body)[1]!.fields.slice(0, 2)).toEqual([
      '2',
      '商机名称: 疑似重复：已有名称、客户和负责人都相同的商机，此行已跳过（如需更新已有记录请映射外部编号列；确需新建请勾选“疑似重复的记录也导入”）',
    ]);
    const named = await admin().get(`/api/v1/opportunities?q=${encodeURIComponent('复星医药 仓储')}`);
    expect(named.body.items).toHaveLength(2);
    // Told to create them: they go in.
    const forced = await start(again, 'opportunities', { ...deals, duplicates: 'create' });
    expect(forced.job.counts).toMatchObject({ inserted: 4, failed: 0 });

    // Accounts by name alone, as the accounts page refuses a duplicate name.
    const accounts = { columns: { name: '客户名称' } };
    const a1 = await file('acc-1.csv', Buffer.from('客户名称\n华润置地\n'));
    expect((await start(a1, 'accounts', accounts)).job.counts).toMatchObject({ inserted: 1 });
    const a2 = await file('acc-2.csv', Buffer.from('客户名称\n华润 置地\n星河湾\n星河湾\n'));
    const accRun = await start(a2, 'accounts', accounts);
    expect(accRun.job.counts).toMatchObject({ inserted: 1, failed: 2 });
    expect((accRun.job.errors as { row: number; code: string }[]).map((e) => [e.row, e.code])).toEqual([
      [2, 'duplicateAccount'],
      [4, 'duplicateRow'],
    ]);
    // The imported account's name key is stored: the accounts page sees it.
    const dup = await admin().post('/api/v1/accounts', { name: '星河湾' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate_account');
  });

  it('names a repeated external id by the file’s column mapped to it, as other problems are', async () => {
    const file = await admin().post('/api/v1/import-files', {
      name: 'same-id.csv',
      content: Buffer.from('ID,Account\nA-1,Alpha Co\nA-1,Beta Co\n').toString('base64'),
    });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    const started = await admin().post('/api/v1/import-jobs', {
      fileId: file.body.id,
      entity: 'accounts',
      mapping: { columns: { name: 'Account', externalId: 'ID' } },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const job = await finished(started.body.id as string);
    expect(job.counts).toMatchObject({ inserted: 1, failed: 1 });
    expect(job.errors).toMatchObject([
      { row: 3, field: 'externalId', column: 'ID', value: 'A-1', code: 'sameExternalId' },
    ]);
    const report = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/import-jobs/${started.body.id}/errors`,
      headers: { authorization: `Bearer ${org.users.admin.token}` },
    });
    expect(parseCsv(report.body)[1]!.fields.slice(0, 2)).toEqual(['3', 'ID: the same external id as row 2']);
  });

  it('is for admins: managers and reps get 403, nothing is imported', async () => {
    for (const who of ['manager', 'rep', 'viewer'] as const) {
      expect((await upload('deals-us.csv', org.users[who].token)).status).toBe(403);
      const c = api(ctx, org.users[who].token);
      expect((await c.get('/api/v1/import-jobs')).status).toBe(403);
      expect(
        (
          await c.post('/api/v1/imports/preview', {
            fileId: gbk,
            entity: 'opportunities',
            mapping: mappingOf('deals-gbk.mapping.json'),
          })
        ).status,
      ).toBe(403);
    }
  });

  it('removes uploads a week old', async () => {
    const res = await upload('deals-us.csv');
    const now = new Date();
    expect(await purgeImportFiles({ pool: ctx.db.pool, now })).toBe(0);
    expect(
      await purgeImportFiles({ pool: ctx.db.pool, now: new Date(now.getTime() + 8 * 86_400_000) }),
    ).toBeGreaterThan(0);
    expect((await admin().get(`/api/v1/import-files/${res.body.id}`)).status).toBe(404);
  });

  it('refuses empty and unreadable uploads with a clear 4xx', async () => {
    const empty = await admin().post('/api/v1/import-files', { name: 'empty.csv', content: '' });
    expect(empty.status).toBe(400);
    const blank = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/import-files?name=blank.csv',
      headers: { authorization: `Bearer ${org.users.admin.token}`, 'content-type': 'text/csv' },
      payload: '\n\n',
    });
    expect(blank.statusCode).toBe(201);
    expect(blank.json()).toMatchObject({ shape: null, problem: expect.stringMatching(/no header|empty/) });
  });
});
