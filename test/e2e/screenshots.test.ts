// The README's screenshots, taken from the demo data at 1440 × 900: the board (English and Chinese), a
// deal page and Insights (win rates, forecast). The demo is generated for a fixed date and the browser's clock is fixed to it, so the
// pictures only change when the app's look does.
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { activities, opportunities } from '../../src/server/db/schema/index.ts';
import { launchChromium } from './browser.ts';
import {
  DEMO_EMAIL,
  DOCS_SCREENSHOTS,
  type E2eServer,
  newContext,
  shot,
  signIn,
  startE2eServer,
  watchPage,
} from './harness.ts';
import { navLink } from './ui.ts';

/** A Friday morning in Shanghai. */
const NOW = new Date('2026-11-20T02:30:00Z');

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer({ now: NOW }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The screenshot into test-results/e2e and, as docs/screenshots/<name>.png, into the docs. */
async function docShot(page: Page, name: string) {
  const file = await shot(page, `docs-${name}`);
  fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
}

/** The board with its cards drawn and nothing loading. */
async function boardReady(page: Page) {
  await page.getByTestId('board').waitFor();
  await page.getByTestId('board-card').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .mantine-Loader-root'));
  await page.evaluate(() => document.fonts.ready);
}

it('takes the README screenshots: board, deal page, insights, board in Chinese', async () => {
  // The deal with the richest story: open, in a middle stage, with the most activities.
  const [deal] = await server.db.db
    .select({ id: opportunities.id, name: opportunities.name })
    .from(opportunities)
    .innerJoin(activities, eq(activities.opportunityId, opportunities.id))
    .where(sql`${opportunities.status} = 'open' AND ${opportunities.orgId} = ${server.orgId}`)
    .groupBy(opportunities.id)
    .orderBy(desc(sql`count(*)`), desc(opportunities.amount), opportunities.name)
    .limit(1);
  expect(deal).toBeDefined();

  const context = await newContext(browser);
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  const watch = watchPage(page);
  try {
    await signIn(page, server.baseUrl, DEMO_EMAIL);

    await navLink(page, 'Pipeline board').click();
    await boardReady(page);
    await page.mouse.move(0, 0);
    await docShot(page, 'board');

    await page.goto(`${server.baseUrl}/opportunities/${deal!.id}`);
    await page.getByRole('heading', { name: deal!.name, level: 1 }).waitFor();
    await page.getByTestId('activity-item').first().waitFor();
    // Names arrive after the deal (account, deals of activities): wait until no placeholder is left.
    await page.waitForFunction(
      () =>
        !document.querySelector('.mantine-Loader-root') &&
        ![...document.querySelectorAll('main a, main p, main span')].some((e) => e.textContent === '…'),
    );
    await page.evaluate(() => document.fonts.ready);
    await docShot(page, 'deal');

    // Insights: win rates per rep (the chart), and the forecast rolled up per team.
    await navLink(page, 'Insights').click();
    await page.getByTestId('win-rate-chart').locator('svg').waitFor();
    await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'));
    await page.mouse.move(0, 0);
    await docShot(page, 'insights');
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByTestId('forecast-chart').locator('svg').waitFor();
    await page.getByTestId('forecast-accuracy').locator('svg').waitFor();
    await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'));
    await page.mouse.move(0, 0);
    await docShot(page, 'insights-forecast');

    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await navLink(page, '销售漏斗看板').click();
    await page.getByRole('heading', { name: '销售漏斗看板' }).waitFor();
    await boardReady(page);
    await docShot(page, 'board-zh');

    expect(watch.problems()).toEqual([]);
  } finally {
    await context.close();
  }
  for (const name of ['board', 'deal', 'insights', 'insights-forecast', 'board-zh']) {
    const size = fs.statSync(path.join(DOCS_SCREENSHOTS, `${name}.png`)).size;
    expect(size, `${name}.png stays small enough to commit`).toBeLessThan(600_000);
  }
});
