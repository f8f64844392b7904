import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FieldError, fieldErrorWords } from '../../src/core/field-errors.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * What the web import wizard needs beyond the CLI's API: the different values of enum columns (for value
 * maps), the first rows as they would be imported, and whether an unmatched reference is missing or
 * ambiguous.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const mappingOf = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

let ctx: TestContext;
let org: SeededOrg;
const admin = () => api(ctx, org.users.admin.token);

async function upload(name: string, content: Buffer) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/import-files?name=${encodeURIComponent(name)}`,
    headers: { authorization: `Bearer ${org.users.admin.token}`, 'content-type': 'text/csv' },
    payload: content,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Import Wizard Co');
  expect((await admin().post('/api/v1/users', { name: '王芳', role: 'rep' })).status).toBe(201);
}, 120_000);
afterAll(() => ctx.close());

describe('import wizard API', () => {
  it('lists the different values of enum columns over the whole file, with what the built-in words make of them', async () => {
    // Spellings a value map treats as one (`Won`, `won `) are one value, under the spelling seen first.
    const file = await upload(
      'statuses.csv',
      Buffer.from(
        [
          'Deal,Company,Stage,Forecast',
          'A,X,Won,Commit',
          'B,X,Lost,',
          'C,X,Engaging,Upside',
          'D,X,won ,Commit',
          'E,X,On hold,commit',
          'F,X,赢单,',
          'G,X,On hold,Maybe',
        ].join('\n'),
      ),
    );
    const res = await admin().post('/api/v1/imports/values', {
      fileId: file,
      entity: 'opportunities',
      mapping: {
        columns: { name: 'Deal', account: 'Company', status: 'Stage', forecastCategory: 'Forecast' },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      rows: 7,
      fields: [
        {
          field: 'status',
          column: 'Stage',
          distinct: 5,
          truncated: false,
          values: [
            { value: 'On hold', rows: 2, builtin: 'open' },
            { value: 'Won', rows: 2, builtin: 'won' },
            { value: 'Engaging', rows: 1, builtin: 'open' },
            { value: 'Lost', rows: 1, builtin: 'lost' },
            { value: '赢单', rows: 1, builtin: 'won' },
          ],
        },
        {
          field: 'forecastCategory',
          column: 'Forecast',
          distinct: 3,
          truncated: false,
          values: [
            { value: 'Commit', rows: 3, builtin: 'commit' },
            { value: 'Maybe', rows: 1, builtin: null },
            { value: 'Upside', rows: 1, builtin: 'best_case' },
          ],
        },
      ],
    });
    const limited = await admin().post('/api/v1/imports/values', {
      fileId: file,
      entity: 'opportunities',
      mapping: { columns: { status: 'Stage' } },
      limit: 1,
    });
    expect(limited.body.fields).toEqual([
      { field: 'status', column: 'Stage', distinct: 5, truncated: true, values: [expect.any(Object)] },
    ]);
  });

  it('counts values in a GBK file with quoted line breaks, and refuses a column the file lacks', async () => {
    const file = await upload('deals-wizard-gbk.csv', read('deals-wizard-gbk.csv'));
    const res = await admin().post('/api/v1/imports/values', {
      fileId: file,
      entity: 'opportunities',
      mapping: { columns: { name: '商机名称', status: '状态' } },
    });
    expect(res.body).toEqual({
      rows: 6,
      fields: [
        {
          field: 'status',
          column: '状态',
          distinct: 3,
          truncated: false,
          values: [
            { value: '商务谈判', rows: 2, builtin: null },
            { value: '赢单', rows: 2, builtin: 'won' },
            { value: '输单', rows: 2, builtin: 'lost' },
          ],
        },
      ],
    });
    const wrong = await admin().post('/api/v1/imports/values', {
      fileId: file,
      entity: 'opportunities',
      mapping: { columns: { status: 'Status' } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      {
        path: 'columns.status',
        code: 'no_column',
        params: { column: 'Status', columns: expect.stringMatching(/^"编号", "商机名称", .*"备注"$/) },
        message: expect.stringMatching(/^the file has no column "Status" \(columns: "编号", /),
      },
    ]);
    // The wizard words it in the interface's language from the code.
    expect(fieldErrorWords((wrong.body.errors as FieldError[])[0]!, 'zh-CN')).toMatch(
      /^文件中没有“Status”列（现有列："编号", /,
    );
  });

  it('is for admins', async () => {
    const file = await upload('deals-us.csv', read('deals-us.csv'));
    for (const who of ['manager', 'rep'] as const) {
      const res = await api(ctx, org.users[who].token).post('/api/v1/imports/values', {
        fileId: file,
        entity: 'opportunities',
        mapping: { columns: { status: 'Status' } },
      });
      expect(res.status).toBe(403);
    }
  });

  it('previews the first rows as they would be imported, beside the problems', async () => {
    const file = await upload('deals-gbk.csv', read('deals-gbk.csv'));
    const res = await admin().post('/api/v1/imports/preview', {
      fileId: file,
      entity: 'opportunities',
      mapping: mappingOf('deals-gbk.mapping.json'),
      createMissing: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const sample = res.body.sample as { row: number; values: Record<string, unknown> }[];
    expect(sample.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sample[0]).toEqual({
      row: 2,
      values: {
        externalId: 'CN-001',
        name: '恒达智能工厂 MES 项目',
        account: '上海恒达',
        owner: '王芳',
        amount: 1_234_000,
        currency: 'CNY',
        status: 'won',
        createdAt: '2017-03-01T00:00:00.000Z',
        closedAt: '2017-06-30',
        forecastCategory: 'closed',
        product: 'GTX Pro',
      },
    });
    // 88万, and the open deal's close date becomes its expected close date.
    expect(sample[2]!.values.amount).toBe(880_000);
    expect(sample[3]!.values).toMatchObject({
      status: 'open',
      closedAt: null,
      expectedCloseDate: '2030-12-31',
      forecastCategory: 'pipeline',
    });
    // The unreadable date is null here; the problems say why.
    expect(sample[7]!.values.createdAt).toBeNull();
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        row: 9,
        field: 'createdAt',
        message: '2017年13月1日 is not a calendar date',
      }),
    ]);
    const few = await admin().post('/api/v1/imports/preview', {
      fileId: file,
      entity: 'opportunities',
      mapping: mappingOf('deals-gbk.mapping.json'),
      limit: 3,
    });
    expect((few.body.sample as unknown[]).length).toBe(3);
    // Nothing was kept.
    expect((await admin().get('/api/v1/opportunities')).body.items).toEqual([]);
  });

  it('keeps on-hold deals open, and refuses a closed deal whose close date is after the import day', async () => {
    const file = await upload(
      'future.csv',
      Buffer.from(
        '商机名称,客户,状态,预计成交日期,赢单日期\n甲,某公司,搁置,2031-01-01,\n乙,某公司,无决策,2031-01-01,\n丙,某公司,赢单,,2031-02-01\n',
      ),
    );
    const suggested = await admin().post('/api/v1/imports/suggest', {
      fileId: file,
      entity: 'opportunities',
    });
    expect((suggested.body.mapping as { columns: Record<string, string> }).columns).toMatchObject({
      expectedCloseDate: '预计成交日期',
      closedAt: '赢单日期',
    });
    const res = await admin().post('/api/v1/imports/preview', {
      fileId: file,
      entity: 'opportunities',
      mapping: suggested.body.mapping,
      createMissing: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const sample = res.body.sample as { row: number; values: Record<string, unknown> }[];
    expect(sample[0]!.values).toMatchObject({
      status: 'open',
      closedAt: null,
      expectedCloseDate: '2031-01-01',
    });
    expect(
      (res.body.errors as { row: number; field: string; column: string; message: string }[]).map((e) => [
        e.row,
        e.field,
        e.column,
        e.message,
      ]),
    ).toEqual([
      [
        3,
        'expectedCloseDate',
        '预计成交日期',
        'a no_decision deal needs the day it closed: the row has no close date, and its expected close date 2031-01-01 is after the import day',
      ],
      [
        4,
        'closedAt',
        '赢单日期',
        'a won deal cannot have closed in the future (2031-02-01 is after the import day)',
      ],
    ]);
  });

  it('says whether an unmatched reference matches nothing or several records', async () => {
    for (let i = 0; i < 2; i++)
      expect(
        (await admin().post('/api/v1/accounts', { name: '双子科技', allowDuplicate: true })).status,
      ).toBe(201);
    const file = await upload(
      'contacts.csv',
      Buffer.from('姓名,客户\n张三,双子科技\n李四,双子科技\n王五,不存在公司\n', 'utf8'),
    );
    const res = await admin().post('/api/v1/imports/preview', {
      fileId: file,
      entity: 'contacts',
      mapping: { columns: { name: '姓名', account: '客户' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.unmatched).toEqual([
      {
        field: 'account',
        value: '双子科技',
        rows: 2,
        reason: 'ambiguous',
        message: 'several accounts match "双子科技"; use a unique name',
        code: 'refAmbiguous',
        params: { kind: 'account', value: '双子科技' },
      },
      {
        field: 'account',
        value: '不存在公司',
        rows: 1,
        reason: 'missing',
        message: 'no account matches "不存在公司" (tick "Create missing references" to create it)',
        code: 'refMissingCreatable',
        params: { kind: 'account', value: '不存在公司' },
      },
    ]);
  });
});
