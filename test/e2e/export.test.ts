// Export in a real browser: a manager (working in Chinese) filters the deals list and clicks "Export CSV" — the download holds
// exactly the rows of that view; an admin downloads the organization bundle from the Users page.
import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvObjects, unzipText } from '../csv.ts';
import { launchChromium } from './browser.ts';
import {
  type ApiClient,
  DEMO_EMAIL,
  type E2eServer,
  newContext,
  PHONE,
  shot,
  signIn,
  startE2eServer,
  watchPage,
} from './harness.ts';

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

/** Every row of a list, following the cursor. */
async function listAll(api: ApiClient, query: Record<string, string>): Promise<{ id: string }[]> {
  const out: { id: string }[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ ...query, limit: '500', ...(cursor ? { cursor } : {}) });
    const res = await api.get(`/opportunities?${q}`);
    out.push(...(res.items as { id: string }[]));
    cursor = res.nextCursor as string | null;
  } while (cursor);
  return out;
}

describe('export in the browser', () => {
  it('downloads the filtered list as CSV, and an admin downloads the organization bundle', async () => {
    const manager = 'manager@demo.winpath.dev';
    context = await newContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, server.baseUrl, manager);

    await page.goto(`${server.baseUrl}/opportunities?status=open&sort=-amount`);
    await page.getByTestId('opportunities-table').waitFor();
    const button = page.getByTestId('export-opportunities');
    // The demo manager works in Chinese: the button, the file name and the header follow.
    await expect(button.textContent()).resolves.toBe('导出 CSV');
    const href = (await button.getAttribute('href'))!;
    const params = new URL(href, server.baseUrl).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ status: 'open', sort: '-amount', lang: 'zh-CN' });

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^商机-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, rows } = csvObjects(bytes.toString('utf8'));
    expect(header.slice(0, 3)).toEqual(['ID', '名称', '客户']);
    await shot(page, 'export-01-deals-list');

    // The same rows, in the same order, as the API's list for this manager and this query.
    const listed = await listAll(await server.as(manager), { status: 'open', sort: '-amount' });
    expect(listed.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.ID)).toEqual(listed.map((r) => r.id));
    expect(new Set(rows.map((r) => r.状态))).toEqual(new Set(['进行中']));
    // A manager's export is their team's deals, not the whole organization's.
    const everyone = await listAll(await server.as(DEMO_EMAIL), { status: 'open', sort: '-amount' });
    expect(rows.length).toBeLessThan(everyone.length);
    expect(watch.problems()).toEqual([]);

    // On a phone the button is an icon in the toolbar, and the page does not scroll sideways.
    await page.setViewportSize(PHONE);
    await page.goto(`${server.baseUrl}/opportunities?status=open`);
    await page.getByTestId('opportunities-list').waitFor();
    const icon = page.getByTestId('export-opportunities');
    await expect(icon.getAttribute('aria-label')).resolves.toBe('导出 CSV');
    const box = (await icon.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'export-02-deals-phone');
    expect(watch.problems()).toEqual([]);

    // The admin's "Download all data" on the Users page.
    const admin = await context.browser()!.newContext({ acceptDownloads: true, locale: 'en-US' });
    try {
      const adminPage = await admin.newPage();
      const adminWatch = watchPage(adminPage);
      await signIn(adminPage, server.baseUrl, DEMO_EMAIL);
      await adminPage.goto(`${server.baseUrl}/admin/users`);
      await adminPage.getByTestId('users-table').waitFor();
      await shot(adminPage, 'export-03-admin-users');
      const [zip] = await Promise.all([
        adminPage.waitForEvent('download'),
        adminPage.getByTestId('export-bundle').click(),
      ]);
      expect(zip.suggestedFilename()).toMatch(/^winpath-demo-\d{4}-\d{2}-\d{2}\.zip$/);
      const files = unzipText(fs.readFileSync((await zip.path())!));
      const manifest = JSON.parse(files['manifest.json']!) as { files: { name: string; rows: number }[] };
      const deals = manifest.files.find((f) => f.name === 'opportunities.csv')!;
      expect(deals.rows).toBeGreaterThan(listed.length);
      expect(csvObjects(files['opportunities.csv']!).rows).toHaveLength(deals.rows);
      expect(adminWatch.problems()).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
