// The web app in headless Chromium: how long the pipeline board takes to become interactive with 2,000
// open deals, and how much JavaScript (gzipped) the first page loads.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { VERSION } from '../src/config.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword } from '../src/server/auth/secrets.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { accounts, opportunities, pipelineStages, users } from '../src/server/db/schema/index.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { benchDatabase, benchDir, startServer } from './lib.ts';

const DEALS = 2_000;
const LOADS = 5;
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-1';
/** No long task for this long after the board is drawn: the main thread is idle, the board answers. */
const QUIET_MS = 500;
const BOARD_GOAL_MS = 1_500;
const JS_GOAL_KB = 350;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The app with the built web app, in its own process (run as `WINPATH_WEB_BENCH_SERVER=1 … web.bench.ts`). */
async function serve() {
  const db = openDatabase(process.env.BENCH_DB_URL!, { max: 20 });
  const app = await buildApp({ db: db.db, version: VERSION, web: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  console.log(`ready ${typeof addr === 'object' && addr ? addr.port : 0}`);
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
if (process.env.WINPATH_WEB_BENCH_SERVER === '1') await serve();

/** One organization, 20 reps, 400 accounts and 2,000 open deals spread over the default pipeline's stages. */
async function seed(url: string) {
  const db = openDatabase(url, { max: 2 });
  const org = await createOrganization({
    db: db.db,
    name: 'Web Bench Co',
    adminEmail: EMAIL,
    adminPassword: PASSWORD,
    adminName: 'Bench Admin',
  });
  const orgId = org.organization.id;
  const stages = await db.db
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, org.pipelineId)))
    .orderBy(asc(pipelineStages.position));
  const hash = await hashPassword('bench-rep-password');
  const reps = await db.db
    .insert(users)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        orgId,
        email: `rep${i + 1}@bench.example.com`,
        name: `Rep ${i + 1}`,
        role: 'rep' as const,
        passwordHash: hash,
      })),
    )
    .returning({ id: users.id });
  const accountRows = await db.db
    .insert(accounts)
    .values(
      Array.from({ length: 400 }, (_, i) => ({
        orgId,
        name: `Account ${String(i + 1).padStart(3, '0')} Manufacturing Co.`,
        industry: 'Manufacturing',
        ownerId: reps[i % reps.length]!.id,
      })),
    )
    .returning({ id: accounts.id, ownerId: accounts.ownerId });
  const day = 86_400_000;
  // Earlier stages hold more deals (a funnel): stage k gets weight 9 - k.
  const weights = stages.map((_, k) => stages.length + 1 - k);
  const total = weights.reduce((a, b) => a + b, 0);
  const stageOf = (i: number) => {
    let x = (i * 7919) % total;
    for (const [k, w] of weights.entries()) {
      if (x < w) return stages[k]!.id;
      x -= w;
    }
    return stages[0]!.id;
  };
  const rows = Array.from({ length: DEALS }, (_, i) => {
    const account = accountRows[i % accountRows.length]!;
    return {
      orgId,
      name: `Deal ${i + 1} — MES rollout phase ${(i % 3) + 1}`,
      accountId: account.id,
      ownerId: account.ownerId,
      amount: 50_000 + ((i * 37_003) % 2_000_000),
      currency: 'CNY',
      expectedCloseDate: new Date(Date.now() + ((i % 240) - 30) * day).toISOString().slice(0, 10),
      nextStep: i % 5 ? 'Send the proposal' : null,
      pipelineId: org.pipelineId,
      stageId: stageOf(i),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.db.insert(opportunities).values(rows.slice(i, i + 500));
  await db.pool.query('ANALYZE');
  await db.close();
}

/**
 * Records long tasks and the first frame in which the board is drawn and a card can be grabbed. Plain
 * script text: functions compiled by tsx carry `__name` helpers that do not exist in the page.
 */
const boardProbe = (expected: number) => `(() => {
  const bench = (window.__bench = { longTasks: [], readyAt: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const columns = document.querySelectorAll('[data-testid="board-column"]');
    const counts = document.querySelectorAll('[data-testid="column-count"]');
    const card = document.querySelector('[data-testid="board-card"]');
    if (columns.length > 0 && counts.length === columns.length && card) {
      const sum = [...counts].reduce((n, c) => n + Number(c.textContent), 0);
      const r = card.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 20));
      if (sum === ${expected} && hit && card.contains(hit)) {
        bench.readyAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

/**
 * Opens the board and returns [drawn, interactive] in ms since navigation start: drawn is the first frame
 * with every column, its count (summing to all deals) and a card under the pointer; interactive is the
 * end of the last long task before a QUIET_MS stretch without any (or drawn, if later).
 */
type BoardLoad = {
  drawn: number;
  interactive: number;
  /** When the board's API answer had arrived. */
  boardApi: number;
  /** Main-thread time in long tasks before the board was drawn. */
  busy: number;
};

async function loadBoard(page: Page, baseUrl: string): Promise<BoardLoad> {
  await page.goto(`${baseUrl}/board`);
  try {
    await page.waitForFunction(
      () => (window as unknown as { __bench: { readyAt: number | null } }).__bench.readyAt,
      undefined,
      { timeout: 60_000, polling: 50 },
    );
  } catch (err) {
    const seen = await page.evaluate(() => ({
      url: location.href,
      columns: document.querySelectorAll('[data-testid="board-column"]').length,
      counts: [...document.querySelectorAll('[data-testid="column-count"]')].map((c) => c.textContent),
      cards: document.querySelectorAll('[data-testid="board-card"]').length,
      probe: '__bench' in window,
    }));
    throw new Error(`the board did not become ready: ${JSON.stringify(seen)}`, { cause: err });
  }
  for (;;) {
    const s = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { longTasks: [number, number][]; readyAt: number } })
        .__bench;
      const lastEnd = Math.max(0, ...b.longTasks.map(([start, d]) => start + d));
      const api = performance
        .getEntriesByType('resource')
        .find((e) => /\/api\/v1\/pipelines\/[^/]+\/board/.test(e.name)) as PerformanceResourceTiming;
      const busy = b.longTasks.filter(([start]) => start < b.readyAt).reduce((n, [, d]) => n + d, 0);
      return { readyAt: b.readyAt, lastEnd, now: performance.now(), api: api?.responseEnd ?? NaN, busy };
    });
    const interactive = Math.max(s.readyAt, s.lastEnd);
    if (s.now - interactive >= QUIET_MS)
      return { drawn: s.readyAt, interactive, boardApi: s.api, busy: s.busy };
    await page.waitForTimeout(100);
  }
}

type JsLoad = { files: number; raw: number; gzip: number };

/** Collects the JavaScript a page fetches (bodies gzipped here: the server need not compress). */
function collectJs(page: Page) {
  const seen = new Map<string, Promise<Buffer | null>>();
  page.on('response', (r: Response) => {
    const type = r.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) && !/\.m?js(\?|$)/.test(r.url())) return;
    if (!seen.has(r.url()))
      seen.set(
        r.url(),
        r.body().catch(() => null),
      );
  });
  return async (): Promise<JsLoad> => {
    const bodies = (await Promise.all(seen.values())).filter((b): b is Buffer => !!b);
    return {
      files: bodies.length,
      raw: bodies.reduce((n, b) => n + b.length, 0),
      gzip: bodies.reduce((n, b) => n + gzipSync(b).length, 0),
    };
  };
}

async function signedInState(browser: Browser, baseUrl: string) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[autocomplete="username"]').fill(EMAIL);
  await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.getByTestId('user-menu').waitFor();
  const state = await ctx.storageState();
  await ctx.close();
  return state;
}

async function measureJs(
  browser: Browser,
  baseUrl: string,
  state: Awaited<ReturnType<BrowserContext['storageState']>> | undefined,
  path: string,
  then?: (page: Page) => Promise<void>,
): Promise<JsLoad> {
  const ctx = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    ...(state ? { storageState: state } : {}),
  });
  try {
    const page = await ctx.newPage();
    const js = collectJs(page);
    await page.goto(`${baseUrl}${path}`);
    await page.waitForLoadState('networkidle');
    await then?.(page);
    await page.waitForLoadState('networkidle');
    return await js();
  } finally {
    await ctx.close();
  }
}

export async function webBench(): Promise<void> {
  console.log(
    `\n## Web app in headless Chromium: the board with ${DEALS.toLocaleString('en')} open deals, first-page JavaScript`,
  );
  const built = spawnSync(process.execPath, [path.join(benchDir, '../scripts/ensure-web.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) throw new Error('building the web app failed');
  const database = await benchDatabase();
  await seed(database.url);
  // The app in its own process, like in production (the browser and this script do not share its loop).
  const server = await startServer('../web.bench.ts', {
    BENCH_DB_URL: database.url,
    NODE_ENV: 'production',
    WINPATH_WEB_BENCH_SERVER: '1',
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const browser = await launchChromium();
  try {
    const state = await signedInState(browser, baseUrl);

    // Each load in a new browser context: an empty HTTP cache, like a first visit of the day after a
    // deploy (a returning user with cached assets is faster). One warm-up load first (server caches).
    const cold: BoardLoad[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const ctx = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        locale: 'en-US',
        storageState: state,
      });
      await ctx.addInitScript({ content: boardProbe(DEALS) });
      const page = await ctx.newPage();
      const r = await loadBoard(page, baseUrl);
      if (i > 0) cold.push(r);
      await ctx.close();
    }
    // The same with the browser cache warm (reloads in one context).
    const warm: BoardLoad[] = [];
    const ctx = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
      storageState: state,
    });
    await ctx.addInitScript({ content: boardProbe(DEALS) });
    const page = await ctx.newPage();
    for (let i = 0; i <= LOADS; i++) {
      const r = await loadBoard(page, baseUrl);
      if (i > 0) warm.push(r);
    }
    await ctx.close();

    const med = (xs: BoardLoad[], k: keyof BoardLoad) => median(xs.map((r) => r[k])).toFixed(0);
    const interactive = median(cold.map((r) => r.interactive));
    console.log(
      `board interactive with ${DEALS} open deals: median ${interactive.toFixed(0)} ms (goal < ${BOARD_GOAL_MS})` +
        (interactive < BOARD_GOAL_MS ? '' : '  ← over the goal'),
    );
    console.log(
      [
        `  empty cache: interactive ${cold.map((r) => r.interactive.toFixed(0)).join(' / ')} ms; medians: board API ` +
          `answered ${med(cold, 'boardApi')} ms, board drawn ${med(cold, 'drawn')} ms, long tasks before it ${med(cold, 'busy')} ms`,
        `  warm cache (reloads): interactive median ${med(warm, 'interactive')} ms; board API answered ` +
          `${med(warm, 'boardApi')} ms, drawn ${med(warm, 'drawn')} ms, long tasks before it ${med(warm, 'busy')} ms`,
        `  (navigation start → every column with its count and a card under the pointer, then ${QUIET_MS} ms ` +
          `without a long task; median of ${LOADS} loads, each in a new browser context)`,
      ].join('\n'),
    );

    const signIn = await measureJs(browser, baseUrl, undefined, '/login');
    const signInToHome = await measureJs(browser, baseUrl, undefined, '/login', async (p) => {
      await p.locator('input[autocomplete="username"]').fill(EMAIL);
      await p.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await p.locator('form button[type="submit"]').click();
      await p.getByTestId('home-today').waitFor();
    });
    const home = await measureJs(browser, baseUrl, state, '/');
    const board = await measureJs(browser, baseUrl, state, '/board');
    const first = Math.max(signIn.gzip, home.gzip);
    console.log(
      `first-page JS: ${kb(first)} KB gzipped (goal < ${JS_GOAL_KB})` +
        (first / 1024 < JS_GOAL_KB ? '' : '  ← over the goal'),
    );
    const row = (name: string, j: JsLoad) =>
      `  ${name}: ${kb(j.gzip)} KB gzipped (${kb(j.raw)} KB raw) in ${j.files} files`;
    console.log(
      [
        row('sign-in page', signIn),
        row('home page, signed in', home),
        row('sign-in, then home (all of it)', signInToHome),
        row('board page, signed in', board),
        '  (each with an empty cache; every JS response gzipped here at zlib level 6; 1 KB = 1,024 bytes)',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await database.stop();
  }
}
