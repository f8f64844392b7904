// What every browser journey needs: the app served from a cloned test database with the demo data, a
// headless Chromium, a watch on each page (console errors, page errors, failed requests) and screenshots.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { VERSION } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { organizations, users } from '../../src/server/db/schema/index.ts';
import { createToken } from '../../src/server/features/auth/auth.service.ts';
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  DEMO_SLUG,
  ensureDemo,
} from '../../src/server/features/demo/demo.service.ts';
import type { App } from '../../src/server/http/types.ts';
import { createTestDatabase, type TestDb } from '../helpers.ts';
import { launchChromium } from './browser.ts';

export { DEMO_EMAIL, DEMO_PASSWORD };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots of every run (CI keeps the folder as an artifact). */
export const ARTIFACTS = path.join(ROOT, 'test-results/e2e');
/** The screenshots the README shows (committed). */
export const DOCS_SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 375, height: 812 };

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };
export type ApiResult = { status: number; body: Json; etag: string | null };

/** A small API client over HTTP with a bearer token (for setup and for checking what the UI did). */
export function apiClient(baseUrl: string, token: string) {
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}/api/v1${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as Json,
      etag: res.headers.get('etag'),
    } satisfies ApiResult;
  };
  /** The call, or an error naming the call and the problem when it did not answer `expected`. */
  const ok = async (method: string, url: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await call(method, url, body, headers);
    if (res.status >= 300)
      throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  };
  return {
    call,
    get: (url: string) => ok('GET', url),
    post: (url: string, body?: unknown) => ok('POST', url, body),
    /** PATCH with If-Match from a fresh read. */
    patch: async (url: string, body: unknown) => {
      const cur = await call('GET', url);
      return ok('PATCH', url, body, { 'if-match': cur.etag ?? `"${String(cur.body.version)}"` });
    },
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

export type E2eServer = {
  baseUrl: string;
  app: App;
  db: TestDb;
  orgId: string;
  /** The API as a user of the demo organization (bearer token). */
  as: (email: string) => Promise<ApiClient>;
  close: () => Promise<void>;
};

/**
 * The app (API and built web app) on 127.0.0.1 at a random port, against a fresh clone of the migrated
 * template filled with the demo organization (admin@demo.winpath.dev, manager@…, rep1@… / winpath-demo).
 * `now` fixes the demo's dates (the README screenshots use it so they do not change from run to run).
 */
export async function startE2eServer(opts: { now?: Date } = {}): Promise<E2eServer> {
  const db = await createTestDatabase();
  try {
    await ensureDemo({ db: db.db, now: opts.now ?? new Date() });
    const app = await buildApp({ db: db.db, version: VERSION, web: true, validateResponses: true });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const [org] = await db.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, DEMO_SLUG));
    const orgId = org!.id;
    const tokens = new Map<string, string>();
    return {
      baseUrl,
      app,
      db,
      orgId,
      as: async (email) => {
        let token = tokens.get(email);
        if (!token) {
          const [u] = await db.db
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.orgId, orgId), eq(users.email, email)));
          if (!u) throw new Error(`no demo user ${email}`);
          token = (await createToken({ db: db.db, orgId, userId: u.id, name: 'e2e', actorId: null })).token;
          tokens.set(email, token);
        }
        return apiClient(baseUrl, token);
      },
      close: async () => {
        await app.close();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/** A browser context as a first-time visitor with an English browser. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: DESKTOP,
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...options,
  });
}

export type ExpectedResponse = { method: string; url: RegExp; status: number };

/**
 * Watches a page for what must not happen in a journey: console errors, uncaught page errors, requests
 * that fail and HTTP answers ≥ 400. A journey that provokes an error answer on purpose (a refused move)
 * declares it with `expect` first; it is then allowed once, and so is the browser's console line for it.
 * Requests the app cancels itself (net::ERR_ABORTED: a query whose page was left) are not failures.
 */
export function watchPage(page: Page) {
  const problems: string[] = [];
  const consoleErrors: { text: string; url: string }[] = [];
  const expected: (ExpectedResponse & { seen: number })[] = [];
  const explainedUrls = new Set<string>();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => problems.push(`uncaught error in the page: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? 'unknown';
    if (why === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.method()} ${r.url()} (${why})`);
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const method = r.request().method();
    const hit = expected.find(
      (e) => e.seen === 0 && e.method === method && e.status === r.status() && e.url.test(r.url()),
    );
    if (hit) {
      hit.seen++;
      explainedUrls.add(r.url());
      return;
    }
    problems.push(`HTTP ${r.status()} for ${method} ${r.url()}`);
  });
  return {
    /** Allows one answer with this status (and says so in the failure message when it never came). */
    expect(e: ExpectedResponse) {
      expected.push({ ...e, seen: 0 });
    },
    /** Whether an expected answer arrived. */
    seen(e: ExpectedResponse) {
      return expected.some(
        (x) => x.seen > 0 && x.method === e.method && x.status === e.status && x.url.source === e.url.source,
      );
    },
    /** Everything that went wrong so far (console lines for explained answers left out). */
    problems(): string[] {
      const unexplained = consoleErrors
        .filter((c) => !(c.text.startsWith('Failed to load resource') && explainedUrls.has(c.url)))
        .map((c) => `console error: ${c.text}${c.url ? ` (${c.url})` : ''}`);
      return [...problems, ...unexplained];
    },
  };
}
export type PageWatch = ReturnType<typeof watchPage>;

/** Saves a screenshot of the viewport as test-results/e2e/<name>.png. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', fullPage: opts.fullPage });
  return file;
}

/** Signs in through the sign-in form and waits for the app shell. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[autocomplete="username"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.getByTestId('user-menu').waitFor();
}

/**
 * A journey's steps: each runs, leaves a screenshot named `<prefix>-NN-<name>` (or `…-FAILED` when it
 * throws) and must leave the page without console errors or unexpected HTTP errors.
 */
export function stepper(page: Page, watch: PageWatch, prefix: string, opts: { fullPage?: boolean } = {}) {
  let n = 0;
  return async (name: string, fn: () => Promise<void>) => {
    n++;
    const label = `${prefix}-${String(n).padStart(2, '0')}-${name}`;
    try {
      await fn();
    } catch (err) {
      await shot(page, `${label}-FAILED`).catch(() => undefined);
      throw err;
    }
    await shot(page, label, opts);
    expect(watch.problems(), `after step “${name}”`).toEqual([]);
  };
}

/**
 * A journey file's server and browser: started before its tests, closed after them with every browser
 * context its tests opened. `context()` opens one; `signedIn(email)` a watched page signed in as `email`.
 */
export function journeyFile() {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !browser) throw new Error('journeyFile: used before its beforeAll ran');
    return { server, browser };
  };
  const context = async (options: BrowserContextOptions = {}) => {
    const ctx = await newContext(started().browser, options);
    contexts.push(ctx);
    return ctx;
  };
  return {
    get server(): E2eServer {
      return started().server;
    },
    context,
    async signedIn(email: string) {
      const page = await (await context()).newPage();
      const watch = watchPage(page);
      await signIn(page, started().server.baseUrl, email);
      return { page, watch };
    },
  };
}
