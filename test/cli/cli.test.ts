import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opportunities, organizations, users } from '../../src/server/db/schema/index.ts';
import { createTestApp, createTestDatabase, type TestContext, type TestDb } from '../helpers.ts';
import { cliEnv, lastLine, runCli } from './run-cli.ts';

/** The CLI as scripts use it: a child process against DATABASE_URL. */
describe('winpath CLI (DATABASE_URL)', () => {
  let ctx: TestContext;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const extra: TestDb[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    env = cliEnv({ DATABASE_URL: ctx.db.url });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-cli-'));
  });
  afterAll(async () => {
    for (const d of extra) await d.drop();
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('org create prints the new slug, and token create prints a token that works against the API', async () => {
    const created = await runCli(
      [
        'org',
        'create',
        '--name',
        'Acme Industrial',
        '--admin-email',
        'Boss@Acme.example',
        '--admin-password',
        'a-long-password',
      ],
      env,
    );
    expect(created.stderr).toContain("Organization 'Acme Industrial' created");
    expect(created.code).toBe(0);
    const slug = lastLine(created.stdout);
    expect(slug).toBe('acme-industrial');
    const [org] = await ctx.db.db.select().from(organizations).where(eq(organizations.slug, slug));
    expect(org?.name).toBe('Acme Industrial');
    const admins = await ctx.db.db
      .select({ email: users.email, role: users.role })
      .from(users)
      .where(eq(users.orgId, org!.id));
    expect(admins).toEqual([{ email: 'boss@acme.example', role: 'admin' }]);

    const issued = await runCli(
      ['token', 'create', '--org', slug, '--email', 'boss@acme.example', '--name', 'ci'],
      env,
    );
    expect(issued.code).toBe(0);
    const token = lastLine(issued.stdout);
    expect(token).toMatch(/^wp_[A-Za-z0-9_-]{40,}$/);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: 'boss@acme.example', role: 'admin' },
      organization: { slug },
    });
  });

  it('demo --org fills an existing organization', async () => {
    const created = await runCli(
      [
        'org',
        'create',
        '--name',
        'Demo Target',
        '--slug',
        'demo-target',
        '--admin-email',
        'a@t.example',
        '--admin-password',
        'a-long-password',
      ],
      env,
    );
    expect(lastLine(created.stdout)).toBe('demo-target');
    const res = await runCli(['demo', '--org', 'demo-target'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Demo data added to 'demo-target': \d+ users, 48 accounts/);
    const [org] = await ctx.db.db.select().from(organizations).where(eq(organizations.slug, 'demo-target'));
    const deals = await ctx.db.db
      .select({ id: opportunities.id })
      .from(opportunities)
      .where(eq(opportunities.orgId, org!.id));
    expect(deals.length).toBeGreaterThanOrEqual(100);
    // A deal with products is worth its lines, as the app keeps every deal it edits.
    const lines = await ctx.db.pool.query<{ amount: string; lines: string }>(
      `SELECT o.amount, sum(li.quantity * li.unit_price) AS lines
         FROM opportunities o JOIN opportunity_line_items li ON li.opportunity_id = o.id
        WHERE o.org_id = $1 GROUP BY o.id`,
      [org!.id],
    );
    expect(lines.rows.length).toBeGreaterThan(10);
    expect(lines.rows.filter((x) => Number(x.amount) !== Number(x.lines))).toEqual([]);
  });

  it('backs up and restores through the CLI', async () => {
    const file = path.join(dir, 'cli-backup.gz');
    const backup = await runCli(['backup', '--out', file], env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backup written to .*cli-backup\.gz: \d+ tables, [\d,]+ rows/);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);

    const target = await createTestDatabase();
    extra.push(target);
    const restore = await runCli(['restore', file], cliEnv({ DATABASE_URL: target.url }));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ tables, [\d,]+ rows/);
    const orgs = await target.db.select({ slug: organizations.slug }).from(organizations);
    expect(orgs.map((o) => o.slug).sort()).toEqual(['acme-industrial', 'demo-target']);

    const again = await runCli(['restore', file], cliEnv({ DATABASE_URL: target.url }));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds 2 organization\(s\)/);
  });

  it.concurrent.each([
    [['org', 'create', '--name', 'X'], 2, /Missing --admin-email[\s\S]*Usage: winpath org create/],
    [
      [
        'org',
        'create',
        '--name',
        'X',
        '--admin-email',
        'x@y.z',
        '--admin-password',
        'long-enough-1',
        '--colour',
        'red',
      ],
      2,
      /Unknown option '--colour'/,
    ],
    [
      ['org', 'create', '--name', 'X', '--admin-email', 'not-an-email', '--admin-password', 'long-enough-1'],
      2,
      /--admin-email is not an e-mail address/,
    ],
    [
      ['org', 'create', '--name', 'X', '--admin-email', 'x@y.z', '--admin-password', 'short'],
      1,
      /at least 10 characters/,
    ],
    [
      [
        'org',
        'create',
        '--name',
        'X',
        '--slug',
        'Bad Slug!',
        '--admin-email',
        'x@y.z',
        '--admin-password',
        'long-enough-1',
      ],
      1,
      /slug may use a-z/,
    ],
    [['org'], 2, /unknown command 'org' \(did you mean 'org create'\?\)/],
    [['frobnicate', '--now'], 2, /unknown command 'frobnicate --now'/],
    [['token', 'create', '--email', 'x@y.z'], 2, /Missing --org/],
    [
      ['token', 'create', '--org', 'no-such-org', '--email', 'x@y.z'],
      1,
      /No organization with the slug 'no-such-org'/,
    ],
    [
      ['token', 'create', '--org', 'acme-industrial', '--email', 'nobody@acme.example'],
      1,
      /No user with the e-mail nobody@acme\.example in organization 'acme-industrial'/,
    ],
    [['demo', '--scale', 'huge'], 2, /--scale must be small or large, not huge/],
    [['demo', '--org', 'no-such-org'], 1, /No organization with the slug 'no-such-org'/],
    [['backup'], 2, /Missing --out/],
    [['restore'], 2, /Missing the backup FILE/],
    [['restore', '/nonexistent/backup.gz'], 1, /No backup file at \/nonexistent\/backup\.gz/],
    [['migrate', 'now'], 2, /Unexpected argument: now/],
  ])('winpath %j exits %i with a clear message', async (args, code, message) => {
    const res = await runCli(args as string[], env);
    expect(res.stderr).toMatch(message as RegExp);
    expect(res.code).toBe(code);
    expect(res.stdout).toBe('');
  });

  it('prints usage with --help, and migrate reports the schema is current', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'demo', 'org create', 'token create', 'backup', 'restore'])
      expect(help.stdout).toContain(`winpath ${cmd}`);
    const sub = await runCli(['token', 'create', '--help'], env);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Usage: winpath token create --org SLUG --email E/);
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/Database is up to date: \d+ migrations applied/);
  });
});
