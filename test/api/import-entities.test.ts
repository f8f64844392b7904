import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportEntity, ImportMapping } from '../../src/core/import/mapping.ts';
import { problemText } from '../../src/core/import/problems.ts';
import { runImport } from '../../src/server/features/imports/import.service.ts';
import { fileSource } from '../../src/server/features/imports/source.ts';
import { createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/** Every entity the import takes, through the import service on the fixture files. */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');

let ctx: TestContext;
let org: SeededOrg;
const q = async <T>(text: string) => (await ctx.db.pool.query(text, [org.orgId])).rows as T[];
const run = (entity: ImportEntity, file: string, mapping: ImportMapping, createMissing = false) =>
  runImport({
    pool: ctx.db.pool,
    orgId: org.orgId,
    actorId: org.users.admin.id,
    entity,
    source: fileSource(path.join(FIXTURES, file), file),
    mapping,
    createMissing,
  });

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Import Entities Co');
  await run(
    'users',
    'users.csv',
    { columns: { name: 'Name', email: 'Email', role: 'Role', manager: 'Manager', region: 'Region' } },
    true,
  );
}, 120_000);
afterAll(() => ctx.close());

describe('import entities', () => {
  it('teams: managers and parent regions, created when missing', async () => {
    const s = await run(
      'teams',
      'teams.csv',
      { columns: { name: 'Team', manager: 'Leader', parent: 'Region' } },
      true,
    );
    expect(s.counts).toMatchObject({ inserted: 3, failed: 0, created: { team: 2 } });
    const teams = await q<{ name: string; manager: string | null; parent: string | null }>(
      `SELECT t.name, m.name AS manager, p.name AS parent FROM teams t LEFT JOIN users m ON m.id = t.manager_id
         LEFT JOIN teams p ON p.id = t.parent_id WHERE t.org_id = $1 AND t.name IN ('East 1', 'East 2', '华北一组') ORDER BY t.name`,
    );
    expect(teams).toEqual([
      { name: 'East 1', manager: 'Alice Chen', parent: '华东区' },
      { name: 'East 2', manager: null, parent: '华东区' },
      { name: '华北一组', manager: 'Carol Wu', parent: '华北区' },
    ]);
    // Team names are their key: the same file again (another run, without --create-missing) changes nothing.
    const again = await run(
      'teams',
      'teams.csv',
      { columns: { name: 'Team', manager: 'Leader', parent: 'Region' } },
      false,
    );
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 0 });
  });

  it('accounts: Chinese tiers, head counts as size bands, parents in the same file, external ids', async () => {
    const s = await run('accounts', 'accounts.csv', {
      columns: {
        name: '客户名称',
        industry: '行业',
        size: '人数',
        tier: '级别',
        website: '网站',
        parent: '上级客户',
        externalId: '客户编号',
      },
    });
    expect(s.counts).toMatchObject({ inserted: 3, failed: 1 });
    expect(s.errors.map((e) => [e.row, e.field, problemText(e.problem)])).toEqual([
      [5, 'size', expect.stringContaining('unknown value')],
    ]);
    const accounts = await q<{ name: string; size: string; tier: string; parent: string | null }>(
      `SELECT a.name, a.size, a.tier, p.name AS parent FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id
        WHERE a.org_id = $1 ORDER BY a.external_id`,
    );
    expect(accounts).toEqual([
      { name: '上海恒达集团', size: '5000+', tier: 'strategic', parent: null },
      { name: '上海恒达智能制造有限公司', size: '250-999', tier: 'key', parent: '上海恒达集团' },
      { name: 'Nordwind Logistics GmbH', size: '50-249', tier: 'key', parent: null },
    ]);
  });

  it('contacts: accounts by name, e-mails checked and lower-cased, unmatched accounts reported', async () => {
    const s = await run('contacts', 'contacts.csv', {
      columns: { name: 'Name', account: 'Company', title: 'Title', email: 'Email', phone: 'Mobile' },
    });
    expect(s.counts).toMatchObject({ inserted: 2, failed: 1 });
    expect(s.errors.map((e) => e.field)).toEqual(['account', 'email']);
    const contacts = await q<{ name: string; email: string; account: string }>(
      `SELECT c.name, c.email, a.name AS account FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.org_id = $1 ORDER BY c.name`,
    );
    expect(contacts).toEqual([
      { name: 'Jonas Weber', email: 'jonas@nordwind.example', account: 'Nordwind Logistics GmbH' },
      { name: '赵敏', email: 'zhaomin@hengda.example', account: '上海恒达集团' },
    ]);
  });

  it('products: prices in ¥, yes/no in Chinese', async () => {
    const s = await run('products', 'products.csv', {
      columns: { name: 'Product', family: 'Family', listPrice: 'List price', active: 'Active' },
    });
    expect(s.counts).toMatchObject({ inserted: 3, failed: 0 });
    const products = await q<{ name: string; list_price: string; currency: string; active: boolean }>(
      'SELECT name, list_price::text, currency, active FROM products WHERE org_id = $1 ORDER BY name',
    );
    expect(products).toEqual([
      { name: 'GTX Lite', list_price: '45000.00', currency: 'CNY', active: true },
      { name: 'GTX Pro', list_price: '120000.00', currency: 'CNY', active: true },
      { name: 'Old Thing', list_price: '0.00', currency: 'CNY', active: false },
    ]);
  });

  it('activities: Chinese types, dates with times, deals by external id, quoted line breaks', async () => {
    await run(
      'opportunities',
      'deals-gbk.csv',
      {
        columns: {
          externalId: '编号',
          name: '商机名称',
          account: '客户',
          owner: '负责人',
          status: '状态',
          amount: '金额',
          createdAt: '创建日期',
          closedAt: '成交日期',
        },
        values: { status: { 跟进中: 'open' } },
      },
      true,
    );
    const s = await run('activities', 'activities.csv', {
      columns: {
        subject: 'Subject',
        type: 'Type',
        startAt: 'Date',
        opportunity: 'Deal',
        account: 'Company',
        owner: 'Owner',
        durationMinutes: 'Minutes',
        notes: 'Notes',
      },
    });
    expect(s.counts).toMatchObject({ inserted: 2, failed: 1 });
    expect(s.errors.map((e) => [e.row, e.field, e.value])).toEqual([[4, 'opportunity', 'CN-999']]);
    const acts = await q<{
      subject: string;
      type: string;
      status: string;
      start: string;
      deal: string;
      notes: string | null;
    }>(
      `SELECT a.subject, a.type, a.status, a.start_at AS start, o.external_id AS deal, a.notes FROM activities a
         JOIN opportunities o ON o.id = a.opportunity_id WHERE a.org_id = $1 ORDER BY a.start_at`,
    );
    expect(
      acts.map((a) => [a.subject, a.type, a.status, new Date(a.start).toISOString(), a.deal, a.notes]),
    ).toEqual([
      ['现场拜访', 'visit', 'done', '2017-03-05T10:00:00.000Z', 'CN-001', '见了CIO\n和采购'],
      ['Demo for IT', 'demo', 'done', '2017-03-20T14:00:00.000Z', 'CN-001', null],
    ]);
  });
});
