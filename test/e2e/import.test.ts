// The import wizard in a real browser: the demo admin uploads a messy GBK file from Chinese Excel (￥ amounts,
// 2017年3月1日 dates, a quoted line break, a status word Winpath does not know, an account it does not have and
// a date that does not exist), accepts the suggested columns, maps the unknown status, previews (the bad
// rows and their reasons show), saves the mapping, runs the import with its progress bar, and downloads the
// error report. What the UI says is checked against the API.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvObjects } from '../csv.ts';
import { launchChromium } from './browser.ts';
import {
  DEMO_EMAIL,
  DOCS_SCREENSHOTS,
  type E2eServer,
  newContext,
  ROOT,
  shot,
  signIn,
  startE2eServer,
  watchPage,
} from './harness.ts';
import { field, navLink, pickOption } from './ui.ts';

/** The fixture's header row (deals-wizard-gbk.csv). */
const HEADERS = [
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
];

const FIXTURE = path.join(ROOT, 'test/fixtures/import/deals-wizard-gbk.csv');

let server: E2eServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Clicks the error report link: the downloaded file's name, header and rows. */
async function downloadReport(page: Page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('error-report').click(),
  ]);
  const text = fs
    .readFileSync((await download.path())!)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return { file: download.suggestedFilename(), ...csvObjects(text) };
}

/** The screenshot into test-results/e2e and, as docs/screenshots/<name>.png, into the docs. */
async function docShot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  const file = await shot(page, `docs-${name}`);
  fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  expect(fs.statSync(file).size, `${name}.png stays small enough to commit`).toBeLessThan(900_000);
}

/** A Mantine Select by its label (its list of options carries the same label). */
const select = (scope: Page | Locator, label: string) =>
  scope.getByRole('combobox', { name: label, exact: true });

const count = (page: Page, scope: string, key: string) =>
  page.getByTestId(scope).getByTestId(`count-${key}`).getAttribute('data-value');

describe('import wizard', () => {
  it('imports a messy GBK file: map, preview with reasons, run with progress, error report', async () => {
    const api = await server.as(DEMO_EMAIL);
    context = await newContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, server.baseUrl, DEMO_EMAIL);

    // 1. Upload: the file reads as GB18030 with commas; the first rows show, line break and all.
    await navLink(page, 'Import').click();
    await page.getByRole('heading', { name: 'Import data', level: 1 }).waitFor();
    await expect.poll(() => select(page, 'What to import').inputValue()).toBe('Opportunities');
    await page.locator('input[type="file"]').setInputFiles(FIXTURE);
    await expect.poll(() => page.getByTestId('detected-encoding').textContent()).toBe('gb18030');
    await expect(page.getByTestId('detected-delimiter').textContent()).resolves.toBe('Comma (,)');
    const sample = page.getByTestId('import-sample');
    await expect(sample.locator('th').allTextContents()).resolves.toEqual(HEADERS);
    await expect(sample.locator('tbody tr').first().textContent()).resolves.toContain('华为 MES 二期');
    await shot(page, 'import-01-upload');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // 2. Map: the Chinese headers are suggested; the unknown status 商务谈判 gets a value.
    await page.getByTestId('column-map').waitFor();
    const suggested = {
      Name: '商机名称',
      Account: '客户',
      Owner: '负责人',
      Amount: '金额',
      Status: '状态',
      Created: '创建日期',
      'Closed on': '成交日期',
      Product: '产品',
      'External ID': '编号',
    };
    for (const [label, header] of Object.entries(suggested))
      await expect
        .poll(() => select(page, `Column for ${label}`).inputValue(), { message: label })
        .toBe(header);
    await expect.poll(() => select(page, 'Column for Next step').inputValue()).toBe('');
    const statusValues = page.getByTestId('value-map-status');
    await statusValues.waitFor();
    await expect(select(statusValues, 'Status: 赢单').getAttribute('placeholder')).resolves.toBe(
      'Automatic: Won',
    );
    await expect(select(statusValues, 'Status: 输单').getAttribute('placeholder')).resolves.toBe(
      'Automatic: Lost',
    );
    await expect(statusValues.textContent()).resolves.toContain('1 value to map');
    await select(statusValues, 'Status: 商务谈判').click();
    await pickOption(page, 'Open');
    await expect(statusValues.textContent()).resolves.toContain('All values mapped');
    // Notes go into the next step.
    await select(page, 'Column for Next step').click();
    await pickOption(page, '备注');
    // The file has no competitor column: every deal gets a default.
    await page.getByRole('textbox', { name: 'Default for Main competitor' }).fill('待确认');
    await shot(page, 'import-02-map');

    // Saved under a name, in the JSON the CLI reads.
    await page.getByRole('button', { name: 'Save mapping' }).click();
    const save = page.getByRole('dialog', { name: 'Save mapping' });
    await field(save, 'Name').fill('Chinese Excel deals');
    await save.getByRole('button', { name: 'Save' }).click();
    await save.waitFor({ state: 'hidden' });
    const saved = (await api.get('/import-mappings?entity=opportunities')).items as {
      name: string;
      mapping: unknown;
    }[];
    expect(saved).toEqual([
      expect.objectContaining({
        name: 'Chinese Excel deals',
        mapping: {
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
            nextStep: '备注',
          },
          values: { status: { 商务谈判: 'open' } },
          defaults: { competitor: '待确认' },
        },
      }),
    ]);
    // A mapping no longer wanted is deleted (after a confirmation); the others stay.
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await field(save, 'Name').fill('Scratch mapping');
    await save.getByRole('button', { name: 'Save' }).click();
    await save.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete the saved mapping “Scratch mapping”' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect
      .poll(async () =>
        ((await api.get('/import-mappings?entity=opportunities')).items as { name: string }[]).map(
          (m) => m.name,
        ),
      )
      .toEqual(['Chinese Excel deals']);

    // 3. Preview without creating missing references: the unknown account and the impossible date are
    // refused, each with its reason; nothing is imported yet.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('preview-summary').textContent())
      .toBe('Checked the whole file: 6 rows. Nothing has been imported yet.');
    await expect(count(page, 'preview-counts', 'inserted')).resolves.toBe('4');
    await expect(count(page, 'preview-counts', 'failed')).resolves.toBe('2');
    await expect(page.getByTestId('unmatched-missing').getAttribute('data-value')).resolves.toBe('1');
    await expect(page.getByTestId('unmatched-ambiguous').getAttribute('data-value')).resolves.toBe('0');
    await expect(page.getByTestId('preview-unmatched').textContent()).resolves.toContain('星河精密制造');
    const problems = page.getByTestId('preview-problems');
    await expect(problems.locator('tr[data-row="7"]').textContent()).resolves.toContain(
      '2017年13月1日 is not a calendar date',
    );
    await expect(problems.locator('tr[data-row="6"]').textContent()).resolves.toContain('星河精密制造');
    // The rows as they will be imported: ￥ amounts as numbers, Chinese dates as dates, 商务谈判 as open.
    const rows = page.getByTestId('preview-sample');
    await expect(rows.locator('tr[data-row="2"]').getAttribute('data-status')).resolves.toBe('ok');
    await expect(rows.locator('tr[data-row="7"]').getAttribute('data-status')).resolves.toBe('error');
    const first = (await rows.locator('tr[data-row="2"] td').allTextContents()).join('|');
    expect(first).toContain('1,234,000');
    expect(first).toContain('2017-03-01');
    expect(first).toContain('Won');
    // A refused cell shows what the file holds.
    const seventh = (await rows.locator('tr[data-row="7"] td').allTextContents()).join('|');
    expect(seventh).toContain('2017年13月1日');
    const third = (await rows.locator('tr[data-row="4"] td').allTextContents()).join('|');
    expect(third).toContain('1,234');
    expect(third).toContain('Open');
    expect((await api.get('/opportunities?q=星河精密试点项目')).items).toEqual([]);

    // Back to the mapping: create the missing account this time.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Create missing references' }).check();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect.poll(() => count(page, 'preview-counts', 'inserted')).toBe('5');
    await expect(count(page, 'preview-counts', 'failed')).resolves.toBe('1');
    await expect(
      page.getByTestId('preview-counts').getByTestId('created-account').textContent(),
    ).resolves.toBe('Accounts 1');
    expect(await page.getByTestId('preview-problems').locator('tbody tr').count()).toBe(1);
    await docShot(page, 'import');

    // 4. Run: the progress bar reaches the end; the counts are the preview's.
    await page.getByTestId('start-import').click();
    const run = page.getByTestId('import-run');
    await run.waitFor();
    await expect.poll(() => run.getAttribute('data-state'), { timeout: 60_000 }).toBe('completed');
    const bar = page.getByTestId('import-progress').getByRole('progressbar');
    await expect(bar.getAttribute('aria-label')).resolves.toBe('Import progress: 100%');
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('100');
    await expect(page.getByTestId('import-rows').textContent()).resolves.toBe('6 of 6 rows');
    await expect(count(page, 'job-counts', 'inserted')).resolves.toBe('5');
    await expect(count(page, 'job-counts', 'updated')).resolves.toBe('0');
    await expect(count(page, 'job-counts', 'unchanged')).resolves.toBe('0');
    await expect(count(page, 'job-counts', 'failed')).resolves.toBe('1');
    await shot(page, 'import-03-done');

    // The records are there, as the file says.
    const [huawei] = (await api.get(`/opportunities?q=${encodeURIComponent('华为 MES 二期')}`)).items as {
      amount: number;
      currency: string;
      status: string;
      closedAt: string;
      externalId: string;
    }[];
    expect(huawei).toMatchObject({
      amount: 1_234_000,
      currency: 'CNY',
      status: 'won',
      closedAt: '2017-06-30',
      externalId: 'WZ-001',
    });
    const [ningde] = (await api.get(`/opportunities?q=${encodeURIComponent('宁德时代产线视觉检测')}`))
      .items as { amount: number; status: string; expectedCloseDate: string; nextStep: string }[];
    expect(ningde).toMatchObject({
      amount: 1234,
      status: 'open',
      expectedCloseDate: '2030-12-31',
      nextStep: '预计年底,\n需复核',
      competitor: '待确认',
    });
    expect((await api.get(`/accounts?q=${encodeURIComponent('星河精密制造')}`)).items).toHaveLength(1);
    expect((await api.get(`/opportunities?q=${encodeURIComponent('美的集团日期错误项目')}`)).items).toEqual(
      [],
    );

    // The error report: the refused row, its reason and its own cells, to fix and import again.
    const report = await downloadReport(page);
    expect(report.file).toMatch(/^import-errors-[0-9a-f-]{36}\.csv$/);
    expect(report.header).toEqual(['Row', 'Errors', ...HEADERS]);
    expect(report.rows).toEqual([
      expect.objectContaining({
        Row: '7',
        Errors: '创建日期: 2017年13月1日 is not a calendar date',
        编号: 'WZ-006',
        创建日期: '2017年13月1日',
      }),
    ]);

    // In Chinese, then the recent imports.
    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '数据导入', level: 1 }).waitFor();
    await expect(count(page, 'job-counts', 'inserted')).resolves.toBe('5');
    await expect(page.getByTestId('import-rows').textContent()).resolves.toBe('已处理 6 / 6 行');
    // The refused row's reason in Chinese too, on the page and in the report downloaded now.
    await expect(
      page.getByTestId('job-problems').locator('tr[data-row="7"]').textContent(),
    ).resolves.toContain('2017年13月1日 不是有效的日期');
    const zhReport = await downloadReport(page);
    expect(zhReport.header).toEqual(['行号', '错误', ...HEADERS]);
    expect(zhReport.rows).toEqual([
      expect.objectContaining({
        行号: '7',
        错误: '创建日期: 2017年13月1日 不是有效的日期',
        编号: 'WZ-006',
      }),
    ]);
    await docShot(page, 'import-zh');
    await page.getByTestId('recent-imports-link').click();
    const jobs = page.getByTestId('import-jobs');
    await jobs.waitFor();
    await expect(jobs.locator('tbody tr').first().textContent()).resolves.toContain('deals-wizard-gbk.csv');
    await expect(jobs.locator('tbody tr').first().textContent()).resolves.toContain('已完成');

    expect(watch.problems()).toEqual([]);
  });
});
