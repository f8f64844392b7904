import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { VERSION } from '../src/config.ts';
import { type AppOptions, buildApp } from '../src/server/app.ts';
import type { Role } from '../src/server/auth/actor.ts';
import { hashPassword } from '../src/server/auth/secrets.ts';
import { type Database, openDatabase } from '../src/server/db/client.ts';
import { teams, users } from '../src/server/db/schema/index.ts';
import { createToken } from '../src/server/features/auth/auth.service.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import type { App } from '../src/server/http/types.ts';

export type TestDb = Database & { name: string; drop: () => Promise<void> };

/** A fresh database for one test file, cloned from the migrated template (fast: no migrations). */
export async function createTestDatabase(): Promise<TestDb> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDb');
  const name = `winpath_t_${template.replace('winpath_tpl_', '')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      // Two files cloning the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt > 20 || !String((err as Error).message).includes('being accessed')) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase(url.toString(), { max: 30 });
  return {
    ...db,
    name,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export type TestContext = { db: TestDb; app: App; close: () => Promise<void> };

/** `options` adds to (or overrides) the app options, e.g. `onRoute` to record the route table. */
export async function createTestApp(options: Partial<AppOptions> = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const app = await buildApp({ db: db.db, version: VERSION, validateResponses: true, ...options });
  await app.ready();
  return {
    db,
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export const PASSWORD = 'correct-horse-battery';

export type SeededUser = { id: string; email: string; role: Role; token: string };
export type SeededOrg = {
  orgId: string;
  slug: string;
  pipelineId: string;
  /** admin, vp (manages the whole tree), manager (one region), rep, rep2 (same region), rep3 (other region), presales, enablement, viewer */
  users: Record<
    'admin' | 'vp' | 'manager' | 'rep' | 'rep2' | 'rep3' | 'presales' | 'enablement' | 'viewer',
    SeededUser
  >;
  teams: { national: string; east: string; north: string };
};

/** An organization with one user of every role in a two-region hierarchy, each with an API token. */
export async function seedOrg(
  ctx: TestContext,
  name = `Org ${randomBytes(3).toString('hex')}`,
): Promise<SeededOrg> {
  const { db } = ctx.db;
  const tag = randomBytes(3).toString('hex');
  const created = await createOrganization({
    db,
    name,
    adminEmail: `admin-${tag}@example.com`,
    adminPassword: PASSWORD,
    adminName: 'Admin',
  });
  const orgId = created.organization.id;
  const hash = await hashPassword(PASSWORD);
  const [national] = await db.insert(teams).values({ orgId, name: 'National' }).returning({ id: teams.id });
  const [east] = await db
    .insert(teams)
    .values({ orgId, name: 'East', parentId: national!.id })
    .returning({ id: teams.id });
  const [north] = await db
    .insert(teams)
    .values({ orgId, name: 'North', parentId: national!.id })
    .returning({ id: teams.id });
  const spec: [keyof SeededOrg['users'], Role, string | null][] = [
    ['vp', 'manager', national!.id],
    ['manager', 'manager', east!.id],
    ['rep', 'rep', east!.id],
    ['rep2', 'rep', east!.id],
    ['rep3', 'rep', north!.id],
    ['presales', 'presales', national!.id],
    ['enablement', 'enablement', null],
    ['viewer', 'viewer', null],
  ];
  const out = {} as SeededOrg['users'];
  const adminToken = await createToken({ db, orgId, userId: created.admin.id, name: 'test', actorId: null });
  out.admin = { id: created.admin.id, email: created.admin.email, role: 'admin', token: adminToken.token };
  for (const [key, role, teamId] of spec) {
    const email = `${key}-${tag}@example.com`;
    const [u] = await db
      .insert(users)
      .values({ orgId, email, name: `${key} ${tag}`, role, teamId, passwordHash: hash })
      .returning({ id: users.id });
    const t = await createToken({ db, orgId, userId: u!.id, name: 'test', actorId: null });
    out[key] = { id: u!.id, email, role, token: t.token };
  }
  await db.update(teams).set({ managerId: out.vp.id }).where(teamsId(national!.id));
  await db.update(teams).set({ managerId: out.manager.id }).where(teamsId(east!.id));
  ctx.app.actors.clear();
  return {
    orgId,
    slug: created.organization.slug,
    pipelineId: created.pipelineId,
    users: out,
    teams: { national: national!.id, east: east!.id, north: north!.id },
  };
}

import { eq } from 'drizzle-orm';

const teamsId = (id: string) => eq(teams.id, id);

/** Shorthand for app.inject with a bearer token and JSON body. */
export function api(ctx: TestContext, token: string) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await ctx.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: res.statusCode,
      headers: res.headers,
      body: json as Record<string, unknown> & { items?: Record<string, unknown>[] },
    };
  };
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    patch: (url: string, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', url, body, headers),
    del: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}
