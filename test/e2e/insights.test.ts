// Insights in a real browser, as the East sales manager on the demo data: the dashboards show the figures
// the API computes for that manager's team; a click on a won segment of the win-rate chart opens the deal
// list with exactly that many deals; the forecast per team shows East but not the parent team the manager
// sees only a part of; the manager calls the team's forecast from the chart view with an adjustment and a
// note (checked through the API), and sees it in the calls; the accuracy card follows the chosen quarter,
// in progress; everything in 中文 too. Any console error, page error or failed request fails it.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addMonths } from '../../src/core/analytics/periods.ts';
import { launchChromium } from './browser.ts';
import { type E2eServer, newContext, shot, signIn, startE2eServer, watchPage } from './harness.ts';
import { navLink } from './ui.ts';

const MANAGER = 'manager@demo.winpath.dev';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

type Row = Record<string, unknown> & { key: string | null; label: string | null };

/** The cells' texts of a table's body rows. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
}

/** Waits until the card has drawn its chart or table (no loader left). */
async function cardReady(page: Page, testId: string) {
  const card = page.getByTestId(testId);
  await card.waitFor();
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return (
        !!el &&
        !el.querySelector('.mantine-Loader-root') &&
        !!el.querySelector('table, svg, [data-testid="empty-state"]')
      );
    },
    testId,
    { timeout: 30_000 },
  );
  return card;
}

/** The deal list's rows after loading every page. */
async function allListedDeals(page: Page): Promise<number> {
  const table = page.getByTestId('opportunities-table');
  await table.waitFor();
  for (;;) {
    const more = page.getByRole('button', { name: /Load more|加载更多/ });
    if (!(await more.isVisible())) break;
    await more.click();
    await page.waitForTimeout(300);
  }
  return table.locator('tbody tr').count();
}

it('shows the manager’s dashboards with the API’s figures, drills from a win-rate bar to its deals, calls the forecast and switches to 中文', async () => {
  const api = await server.as(MANAGER);
  await api.patch('/auth/me', { locale: 'en' });
  const month = new Date().toISOString().slice(0, 7);
  const from = addMonths(month, -11);
  const winRates = await api.get(`/analytics/win-rates?groupBy=owner&from=${from}&to=${month}`);
  const rows = winRates.rows as (Row & { won: number; lost: number; noDecision: number })[];
  expect(rows.length, 'the demo manager has closed deals in the last twelve months').toBeGreaterThan(1);
  const me = (await api.get('/auth/me')).user as { id: string };
  const eastId = (await api.get('/teams?limit=500')).items!.find((t) => t.managerId === me.id)!.id;
  // The manager sees their team's deals, not the organization's.
  const admin = await server.as('admin@demo.winpath.dev');
  const all = (await admin.get(`/analytics/win-rates?groupBy=owner&from=${from}&to=${month}`)).rows as Row[];
  expect(all.length).toBeGreaterThan(rows.length);

  context = await newContext(browser);
  const page = await context.newPage();
  const watch = watchPage(page);
  await signIn(page, server.baseUrl, MANAGER);
  await navLink(page, 'Insights').click();
  await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
  expect(page.url()).toContain('/insights/win-rates');

  // The chart, then the same figures as a table, equal to the API's.
  const card = await cardReady(page, 'win-rates');
  await card.getByTestId('win-rate-chart').locator('svg').waitFor();
  await shot(page, 'insights-01-win-rates');
  const total = winRates.total as { winRate: number | null };
  await expect.poll(async () => card.textContent()).toContain(`${Math.round((total.winRate ?? 0) * 100)}%`);
  await card.getByText('Table', { exact: true }).click();
  const shown = await tableRows(card.getByTestId('win-rate-table'));
  for (const r of rows) {
    const line = shown.find((cells) => cells[0] === r.label);
    expect(line, `a row for ${r.label}`).toBeDefined();
    expect(line!.slice(1, 4)).toEqual([String(r.won), String(r.lost), String(r.noDecision)]);
  }
  await card.getByText('Chart', { exact: true }).click();

  // A click on the widest won segment opens the deal list of that rep's won deals, as many as the chart says.
  const chart = card.getByTestId('win-rate-chart');
  const target = await chart.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const bars = [...el.querySelectorAll('path')]
      .map((p) => ({ fill: (p.getAttribute('fill') ?? '').toLowerCase(), box: p.getBoundingClientRect() }))
      .filter((p) => (p.fill === '#0ca678' || p.fill === 'rgb(12,166,120)') && p.box.top - top > 30)
      .sort((a, b) => b.box.width - a.box.width);
    const b = bars[0]?.box;
    return b ? { x: b.left + b.width / 2, y: b.top + b.height / 2 } : null;
  });
  expect(target, 'a won segment is drawn').not.toBeNull();
  await page.mouse.click(target!.x, target!.y);
  await page.waitForURL(/\/opportunities\?/);
  const params = new URL(page.url()).searchParams;
  expect(params.get('status')).toBe('won');
  const clicked = rows.find((r) => r.key === params.get('ownerId'));
  expect(clicked, 'the list is of one rep of the chart').toBeDefined();
  expect(params.get('closedAtFrom')).toBe(`${from}-01`);
  await page.getByTestId('hidden-filters').waitFor();
  expect(await allListedDeals(page)).toBe(clicked!.won);
  await shot(page, 'insights-02-drilled-deals');

  // The funnel, and its first stage's figure equal to the API's.
  await page.goto(`${server.baseUrl}/insights/funnel`);
  const funnelCard = await cardReady(page, 'funnel');
  const funnel = await api.get(`/analytics/funnel?from=${from}&to=${month}`);
  const stages = funnel.stages as { reached: number; position: number }[];
  await funnelCard.getByText('Table', { exact: true }).click();
  const funnelRows = await tableRows(funnelCard.getByTestId('funnel-table'));
  expect(funnelRows.map((c) => c[1])).toEqual(stages.map((s) => String(s.reached)));
  await shot(page, 'insights-03-funnel');

  // A linked range before the default choices (years of imported history) shows its months in the boxes,
  // and the list offers them.
  await page.goto(`${server.baseUrl}/insights/funnel?from=2019-01&to=2019-06`);
  await cardReady(page, 'funnel');
  const filters = page.getByTestId('insight-filters');
  const fromBox = filters.getByRole('combobox', { name: 'From', exact: true });
  await expect.poll(async () => fromBox.inputValue()).toBe('Jan 2019');
  expect(await filters.getByRole('combobox', { name: 'To', exact: true }).inputValue()).toBe('Jun 2019');
  await fromBox.click();
  await fromBox.fill('2019');
  await page.getByRole('option', { name: 'Mar 2019', exact: true }).waitFor();
  await fromBox.press('Escape');

  // By product, the deals without one are a row of their own: with at most one product per demo deal the
  // rows add up to the total, and the row's won figure opens exactly its deals.
  const byProduct = await api.get(`/analytics/win-rates?groupBy=product&from=${from}&to=${month}`);
  const productRows = byProduct.rows as (Row & { won: number })[];
  const bare = productRows.find((r) => r.key === 'none');
  expect(bare?.won, 'the manager has won deals without a product').toBeGreaterThan(0);
  expect(productRows.reduce((n, r) => n + r.won, 0)).toBe((byProduct.total as { won: number }).won);
  await page.goto(`${server.baseUrl}/insights/win-rates?groupBy=product`);
  const productCard = await cardReady(page, 'win-rates');
  await productCard.getByText('Table', { exact: true }).click();
  const bareRow = productCard
    .getByTestId('win-rate-table')
    .locator('tbody tr')
    .filter({ hasText: 'No product' });
  const bareWon = bareRow.locator('td').nth(1);
  expect((await bareWon.textContent())?.trim()).toBe(String(bare!.won));
  await bareWon.getByTestId('drill-link').click();
  await page.waitForURL(/\/opportunities\?/);
  expect(new URL(page.url()).searchParams.get('productId')).toBe('none');
  await expect.poll(async () => page.getByTestId('hidden-filters').textContent()).toContain('No product');
  expect(await allListedDeals(page)).toBe(bare!.won);

  await page.goto(`${server.baseUrl}/insights/cycle`);
  await cardReady(page, 'cycle-time');
  await cardReady(page, 'velocity');
  await shot(page, 'insights-04-cycle');

  // Forecast per team: only the teams the manager sees whole (East and below, not the parent team), and
  // the manager calls East's quarter with a haircut and a note from the chart view, the default.
  const quarter = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
  await page.goto(`${server.baseUrl}/insights/forecast?period=${quarter}&rollup=team`);
  const forecastCard = await cardReady(page, 'forecast');
  const forecast = await api.get(`/forecast?period=${quarter}&groupBy=team`);
  const forecastRows = forecast.rows as (Row & { deals: number; parentId: string | null })[];
  const east = forecastRows.find((r) => r.key === eastId);
  expect(east, 'East has a forecast this quarter').toBeDefined();
  const parent = (await admin.get(`/forecast?period=${quarter}&groupBy=team`)).rows as Row[];
  const parentRow = parent.find((r) => r.key === east!.parentId);
  expect(parentRow, 'the admin sees East’s parent team').toBeDefined();
  expect(forecastRows.map((r) => r.key)).not.toContain(parentRow!.key);
  const forecastChart = forecastCard.getByTestId('forecast-chart');
  await forecastChart.locator('svg').waitFor();
  const chartLabel = (await forecastChart.getAttribute('aria-label')) ?? '';
  expect(chartLabel).toContain(east!.label!);
  expect(chartLabel).not.toContain(parentRow!.label!);
  await forecastCard.getByTestId('call-action').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Adjustment').fill('-100000');
  await dialog.getByLabel('Note').fill('Two deals may slip to next quarter');
  await dialog.getByRole('button', { name: 'Submit the call' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const calls = await api.get(`/forecast/submissions?period=${quarter}`);
  const call = (calls.items as Row[])[0]!;
  expect(call).toMatchObject({
    teamId: east!.key,
    adjustment: -100000,
    note: 'Two deals may slip to next quarter',
  });
  await forecastCard.getByText('Table', { exact: true }).click();
  const eastRow = forecastCard
    .getByTestId('forecast-table')
    .locator('tbody tr')
    .filter({ hasText: east!.label! });
  expect((await eastRow.locator('td').nth(1).textContent())?.trim()).toBe(String(east!.deals));
  await expect.poll(async () => eastRow.locator('td').nth(8).textContent()).not.toBe('—');
  // The same action in the table, on the row: now that East has a call, to update it.
  await expect(
    eastRow.getByRole('button', { name: `Update the call of ${east!.label}` }).isVisible(),
  ).resolves.toBe(true);
  // The banner above the chart says the latest call, with the note.
  await expect(forecastCard.getByTestId('latest-call').first().textContent()).resolves.toContain(
    'Two deals may slip to next quarter',
  );
  await shot(page, 'insights-05-forecast');

  // The calls: the amount called under its own heading, and a negative adjustment on one line.
  await forecastCard.getByRole('button', { name: 'Calls', exact: true }).click();
  const history = page.getByTestId('forecast-calls');
  await history.waitFor();
  expect(await history.locator('thead th').allTextContents()).toContain('Amount called');
  const adjustment = history.locator('tbody tr').first().locator('td').nth(4);
  expect((await adjustment.textContent())?.trim()).toMatch(/^[-−]/);
  expect(await adjustment.evaluate((td) => getComputedStyle(td).whiteSpace)).toBe('nowrap');
  await page.keyboard.press('Escape');
  await history.waitFor({ state: 'hidden' });

  // Accuracy of the chosen period, said in the title; this quarter has not ended, so nothing is scored;
  // its one weekly snapshot is drawn as points.
  const accuracyCard = await cardReady(page, 'forecast-accuracy');
  const quarterLabel = `Q${quarter.slice(6)} ${quarter.slice(0, 4)}`;
  expect(await accuracyCard.getByRole('heading').first().textContent()).toBe(
    `Forecast accuracy · ${quarterLabel}`,
  );
  const accuracy = await api.get(`/forecast/accuracy?period=${quarter}`);
  const accuracyRows = accuracy.rows as (Row & { period: string; ended: boolean })[];
  expect(accuracyRows.map((r) => [r.period, r.ended])).toEqual([[quarter, false]]);
  await accuracyCard.getByTestId('accuracy-in-progress').waitFor();
  const accuracyChart = accuracyCard.getByTestId('accuracy-chart');
  await accuracyChart.locator('svg').waitFor();
  const actualPoints = await accuracyChart.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    return [...el.querySelectorAll('path')].filter((p) => {
      const fill = (p.getAttribute('fill') ?? '').toLowerCase();
      return (fill === '#0ca678' || fill === 'rgb(12,166,120)') && p.getBoundingClientRect().top - top > 30;
    }).length;
  });
  expect(actualPoints, 'the won-so-far point is drawn').toBeGreaterThan(0);
  await accuracyCard.scrollIntoViewIfNeeded();
  await shot(page, 'insights-05b-forecast-accuracy');
  await accuracyCard.getByText('Table', { exact: true }).click();
  const accuracyTable = await tableRows(accuracyCard.getByTestId('accuracy-table'));
  expect(accuracyTable.length).toBeGreaterThan(0);
  for (const cells of accuracyTable) expect(cells.slice(4)).toEqual(['In progress', 'In progress']);

  await page.goto(`${server.baseUrl}/insights/quota?period=${quarter}&rollup=owner`);
  const quotaCard = await cardReady(page, 'quota');
  const attainment = await api.get(`/quotas/attainment?period=${quarter}&groupBy=owner`);
  expect((attainment.total as { quota: number }).quota).toBeGreaterThan(0);
  await expect.poll(async () => quotaCard.textContent()).toContain('Attainment');
  await shot(page, 'insights-06-quota');

  // 中文: the same page in Chinese, with the seeds' vocabulary.
  await page.goto(`${server.baseUrl}/insights/win-rates`);
  await cardReady(page, 'win-rates');
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: '简体中文' }).click();
  await page.getByRole('heading', { name: '分析', level: 1 }).waitFor();
  await page.getByRole('tab', { name: '赢率' }).waitFor();
  await page.getByRole('tab', { name: '销售漏斗' }).click();
  await page.waitForURL(/\/insights\/funnel/);
  await cardReady(page, 'funnel');
  await shot(page, 'insights-07-funnel-zh');
  await page.getByRole('tab', { name: '预测' }).click();
  await cardReady(page, 'forecast');
  expect(await page.getByTestId('forecast').textContent()).toContain('加权');
  await shot(page, 'insights-08-forecast-zh');

  expect(watch.problems()).toEqual([]);
  await api.patch('/auth/me', { locale: 'zh-CN' });
});
