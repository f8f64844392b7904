// Accessibility of the main pages in both languages: axe-core runs inside each page (WCAG 2.x A/AA and
// best practices) and the serious and critical violations are listed; the goal is none.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accounts, opportunities, teams } from '../../src/server/db/schema/index.ts';
import { launchChromium } from './browser.ts';
import {
  DEMO_EMAIL,
  type E2eServer,
  newContext,
  ROOT,
  shot,
  signIn,
  startE2eServer,
  watchPage,
} from './harness.ts';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeNode = { target: unknown[]; html: string; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] };
type Finding = AxeViolation & { page: string; lang: string };

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for the page's heading and for loaders and name placeholders to be gone. */
async function ready(page: Page) {
  // No hover state under a resting pointer.
  await page.mouse.move(0, 0);
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector('.mantine-Loader-root, [aria-busy="true"]') &&
      ![...document.querySelectorAll('main a, main p, main span')].some((e) => e.textContent === '…'),
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } })
      .axe;
    const res = (await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    })) as { violations: AxeViolation[] };
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

it('has no serious or critical axe violations on the main pages, in English and in Chinese', async () => {
  const admin = await server.as(DEMO_EMAIL);
  const [account] = await server.db.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.orgId, server.orgId), eq(accounts.tier, 'strategic')))
    .orderBy(asc(accounts.name))
    .limit(1);
  const [deal] = await server.db.db
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(and(eq(opportunities.orgId, server.orgId), eq(opportunities.status, 'open')))
    .orderBy(asc(opportunities.name))
    .limit(1);
  const [team] = await server.db.db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, server.orgId), isNull(teams.parentId)))
    .limit(1);
  const pages: { name: string; path: string; open?: (page: Page) => Promise<void> }[] = [
    { name: 'home', path: '/' },
    { name: 'accounts', path: '/accounts' },
    {
      name: 'accounts: new account dialog',
      path: '/accounts',
      open: async (page) => {
        await page
          .locator('main')
          .getByRole('button')
          .filter({ hasText: /New account|新建客户/ })
          .click();
        await page.getByRole('dialog').waitFor();
        await page.waitForTimeout(300);
      },
    },
    { name: 'account detail', path: `/accounts/${account!.id}` },
    { name: 'opportunities', path: '/opportunities' },
    { name: 'deal', path: `/opportunities/${deal!.id}` },
    { name: 'board', path: '/board' },
    { name: 'activities', path: '/activities' },
    { name: 'admin users', path: '/admin/users' },
    { name: 'admin quotas', path: '/admin/quotas' },
    {
      name: 'import wizard: a file read',
      path: '/admin/import',
      open: async (page) => {
        await page
          .locator('input[type="file"]')
          .setInputFiles(path.join(ROOT, 'test/fixtures/import/deals-wizard-gbk.csv'));
        await page.getByTestId('import-sample').waitFor();
      },
    },
    { name: 'recent imports', path: '/admin/import/jobs' },
    { name: 'insights win rates', path: '/insights/win-rates' },
    {
      name: 'insights win rates table',
      path: '/insights/win-rates?groupBy=team',
      open: async (page) => {
        await page
          .getByTestId('win-rates')
          .locator('label')
          .filter({ hasText: /^(Table|表格)$/ })
          .click();
        await page.getByTestId('win-rate-table').waitFor();
      },
    },
    { name: 'insights funnel', path: '/insights/funnel' },
    { name: 'insights cycle', path: '/insights/cycle' },
    { name: 'insights forecast', path: '/insights/forecast?rollup=team' },
    { name: 'insights quota', path: '/insights/quota' },
    { name: 'drilled deal list', path: `/opportunities?status=won&ownerTeamTreeId=${team!.id}` },
    { name: 'worksheet', path: '/tools/qualification' },
    { name: 'recycle bin', path: '/recycle-bin' },
    { name: 'funnel models', path: '/admin/pipelines' },
  ];

  const findings: Finding[] = [];
  let scanned = 0;
  for (const lang of ['en', 'zh-CN'] as const) {
    await admin.patch('/auth/me', { locale: lang });
    const context = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN' });
    try {
      const page = await context.newPage();
      const watch = watchPage(page);
      const scan = async (name: string) => {
        const violations = await runAxe(page);
        scanned++;
        for (const v of violations) findings.push({ ...v, page: name, lang });
        await shot(page, `a11y-${lang}-${name.replace(/[^a-z]+/g, '-')}`);
      };
      await page.goto(`${server.baseUrl}/login`);
      await ready(page);
      await scan('sign-in');
      await signIn(page, server.baseUrl, DEMO_EMAIL);
      for (const p of pages) {
        await page.goto(`${server.baseUrl}${p.path}`);
        await ready(page);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await p.open?.(page);
        await scan(p.name);
      }
      expect(watch.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }
  await admin.patch('/auth/me', { locale: 'en' });

  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  const other = findings.filter((f) => !serious.includes(f));
  const line = (f: Finding) => {
    const first = f.nodes[0];
    const why = first?.failureSummary?.split('\n').slice(1).join(' ').trim();
    return (
      `  [${f.lang}] ${f.page}: ${f.id} (${f.impact}) — ${f.help}; ${f.nodes.length} element(s), e.g. ` +
      `${first?.target.join(' ')} ${first?.html.replace(/\s+/g, ' ').slice(0, 160)}${why ? ` — ${why}` : ''}`
    );
  };
  console.log(
    [
      `axe: ${serious.length} serious/critical violations on ${scanned} pages`,
      ...serious.map(line),
      `axe: ${other.length} moderate/minor violations (not counted)`,
      ...other.map(line),
    ].join('\n'),
  );
  expect(serious.map(line)).toEqual([]);
  // Two languages × twenty pages, each waited for and scanned: more than the default three minutes.
}, 420_000);
