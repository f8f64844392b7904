import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { and, eq, isNotNull } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VERSION } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Database, openDatabase } from '../../src/server/db/client.ts';
import { accounts } from '../../src/server/db/schema/index.ts';
import { writeBackup } from '../../src/server/features/backup/backup.service.ts';
import { quoteIdent, readCatalog } from '../../src/server/features/backup/catalog.ts';
import { restoreBackup } from '../../src/server/features/backup/restore.service.ts';
import { generateDemo } from '../../src/server/features/demo/demo.service.ts';
import { createTestApp, createTestDatabase, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/** An empty database (not even migrated), named so the global teardown drops it if a test does not. */
async function createEmptyDatabase(): Promise<Database & { drop: () => Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `winpath_t_${inject('templateDb').replace('winpath_tpl_', '')}_r${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase(url.toString(), { max: 4 });
  return {
    ...db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

type Fingerprint = Map<string, { rows: number; hash: string }>;

/**
 * Row count and an md5 over every row's text (generated columns included, since they must come back
 * identical too), ordered by the table's key or, for keyless tables, by the row text.
 */
async function fingerprint(pool: pg.Pool, exclude: Record<string, string> = {}): Promise<Fingerprint> {
  const client = await pool.connect();
  try {
    const catalog = await readCatalog(client);
    const out: Fingerprint = new Map();
    for (const t of [...catalog.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const order = t.key.length ? t.key.map((k) => `t.${quoteIdent(k)}`).join(', ') : 't::text';
      const where = exclude[t.name] ? `WHERE ${exclude[t.name]}` : '';
      const res = await client.query<{ rows: number; hash: string | null }>(
        `SELECT count(*)::int AS rows, md5(string_agg(t::text, E'\\n' ORDER BY ${order})) AS hash
         FROM ${quoteIdent(t.name)} t ${where}`,
      );
      out.set(t.name, { rows: res.rows[0]!.rows, hash: res.rows[0]!.hash ?? '' });
    }
    return out;
  } finally {
    client.release();
  }
}

describe('backup and restore', () => {
  let ctx: TestContext;
  let orgs: SeededOrg[];
  let dir: string;
  let file: string;
  const targets: { drop: () => Promise<void> }[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-backup-'));
    file = path.join(dir, 'backup.jsonl.gz');
    orgs = [await seedOrg(ctx, 'Backup One'), await seedOrg(ctx, '备份二号')];
    const now = new Date('2026-03-01T08:00:00Z');
    for (const o of orgs) await generateDemo({ db: ctx.db.db, orgId: o.orgId, now, seed: o.slug.length });
    // A parent chain inside the self-referencing accounts table: a group and two levels below it.
    const accs = await ctx.db.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.orgId, orgs[0]!.orgId))
      .limit(3);
    await ctx.db.db.update(accounts).set({ parentId: accs[0]!.id }).where(eq(accounts.id, accs[1]!.id));
    await ctx.db.db.update(accounts).set({ parentId: accs[1]!.id }).where(eq(accounts.id, accs[2]!.id));
  });

  afterAll(async () => {
    for (const t of targets) await t.drop();
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Backup then restore into a fresh database gives identical row counts and contents', async () => {
    const written = await writeBackup({ pool: ctx.db.pool, out: file, now: new Date() });
    const before = await fingerprint(ctx.db.pool);
    const totalRows = [...before.values()].reduce((n, t) => n + t.rows, 0);
    expect(written.rows).toBe(totalRows);
    expect(written.tables).toBe(before.size);

    const target = await createEmptyDatabase();
    targets.push(target);
    const restored = await restoreBackup({ pool: target.pool, file });
    expect(restored.rows).toBe(totalRows);

    // The restore records itself in the audit log; everything else must match row for row.
    const after = await fingerprint(target.pool, { audit_log: "event <> 'backup_restored'" });
    const differing = [...before].filter(([name, fp]) => {
      const other = after.get(name);
      return !other || other.rows !== fp.rows || other.hash !== fp.hash;
    });
    expect(differing.map(([name]) => name)).toEqual([]);
    expect(after.size).toBe(before.size);
    // The data must be non-trivial for the comparison to mean anything.
    expect(before.get('opportunities')!.rows).toBeGreaterThan(300);
    expect(before.get('teams')!.rows).toBeGreaterThan(6);
    console.log(`backup/restore: ${before.size} tables, ${totalRows} rows, identical`);

    // Self-references and the users <-> teams cycle came back.
    const parents = await target.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.orgId, orgs[0]!.orgId), isNotNull(accounts.parentId)));
    expect(parents).toHaveLength(2);
    const managed = await target.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM teams t JOIN users u ON u.org_id = t.org_id AND u.id = t.manager_id',
    );
    expect(managed.rows[0]!.n).toBeGreaterThanOrEqual(4);

    // Sequences continue after the restored ids: the restore's own audit entry comes right after them.
    const maxBefore = await ctx.db.pool.query<{ id: string }>('SELECT max(id)::text AS id FROM audit_log');
    const own = await target.pool.query<{ id: string }>(
      "SELECT id::text AS id FROM audit_log WHERE event = 'backup_restored'",
    );
    expect(own.rows.map((r) => Number(r.id))).toEqual([Number(maxBefore.rows[0]!.id) + 1]);

    // The restored database serves the API: an API token from before the backup still signs in.
    const app = await buildApp({ db: target.db, version: VERSION });
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${orgs[1]!.users.manager.token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().organization.slug).toBe(orgs[1]!.slug);
    } finally {
      await app.close();
    }
  });

  it('refuses to restore into a database that already holds organizations', async () => {
    if (!fs.existsSync(file)) await writeBackup({ pool: ctx.db.pool, out: file, now: new Date() });
    await expect(restoreBackup({ pool: ctx.db.pool, file })).rejects.toThrow(
      /already holds 2 organization\(s\)\. Restore only into a fresh database/,
    );
  });

  it('rejects a truncated or damaged backup and leaves the target empty', async () => {
    if (!fs.existsSync(file)) await writeBackup({ pool: ctx.db.pool, out: file, now: new Date() });
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const truncated = path.join(dir, 'truncated.gz');
    fs.writeFileSync(truncated, gzipSync(`${lines.slice(0, -3).join('\n')}\n`));
    const damaged = path.join(dir, 'damaged.gz');
    fs.writeFileSync(damaged, fs.readFileSync(file).subarray(0, 2000));
    const notBackup = path.join(dir, 'other.gz');
    fs.writeFileSync(notBackup, gzipSync('{"hello":"world"}\n'));

    const target = await createTestDatabase();
    targets.push(target);
    await expect(restoreBackup({ pool: target.pool, file: truncated })).rejects.toThrow(/truncated/);
    await expect(restoreBackup({ pool: target.pool, file: damaged })).rejects.toThrow(
      /cannot be read|truncated/,
    );
    await expect(restoreBackup({ pool: target.pool, file: notBackup })).rejects.toThrow(
      /not a Winpath backup/,
    );
    const left = await target.pool.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM users) AS n',
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  it('writes the header, the tables in reference order, and no generated columns', async () => {
    if (!fs.existsSync(file)) await writeBackup({ pool: ctx.db.pool, out: file, now: new Date() });
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as {
      format: string;
      migrations: { tag: string }[];
      tables: string[];
    };
    expect(header.format).toBe('winpath-backup');
    expect(header.migrations[0]!.tag).toBe('0000_extensions');
    const pos = (t: string) => header.tables.indexOf(t);
    expect(pos('organizations')).toBe(0);
    expect(pos('users')).toBeLessThan(pos('accounts'));
    expect(pos('accounts')).toBeLessThan(pos('opportunities'));
    expect(pos('opportunities')).toBeLessThan(pos('opportunity_history'));
    const accountCols = lines.find((l) => l.startsWith('{"table":"accounts"'));
    expect(JSON.parse(accountCols!).columns).not.toContain('name_bigrams');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: 'backup', tables: header.tables.length });
  });
});
