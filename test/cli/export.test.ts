import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvObjects, unzipText } from '../csv.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';
import { cliEnv, runCli } from './run-cli.ts';

/** `winpath export` as an operator's script uses it: a child process against DATABASE_URL. */
describe('winpath export', () => {
  let ctx: TestContext;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let org: SeededOrg;

  beforeAll(async () => {
    ctx = await createTestApp();
    env = cliEnv({ DATABASE_URL: ctx.db.url });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-export-'));
    org = await seedOrg(ctx, '导出测试');
    const a = api(ctx, org.users.admin.token);
    for (const [i, ownerId] of [org.users.rep.id, org.users.rep3.id, org.users.admin.id].entries()) {
      const account = await a.post('/api/v1/accounts', { name: `客户 ${i}, Ltd.`, ownerId });
      expect(account.status).toBe(201);
      const deal = await a.post('/api/v1/opportunities', {
        name: `=cmd|' /C calc'!A0 ${i}`,
        accountId: account.body.id,
        ownerId,
        amount: 100 * (i + 1),
      });
      expect(deal.status).toBe(201);
      if (i !== 1) {
        const won = await a.patch(
          `/api/v1/opportunities/${deal.body.id}`,
          { status: 'won' },
          { 'if-match': '"1"' },
        );
        expect(won.status).toBe(200);
      }
    }
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a list to stdout with the API’s filters, as the first admin sees it', async () => {
    const r = await runCli(
      ['export', 'opportunities', '--org', org.slug, '--status', 'won', '--sort=-amount', '--lang', 'en'],
      env,
    );
    expect(r.stderr).toMatch(/Exported 2 opportunities of '.+' to stdout/);
    expect(r.code).toBe(0);
    const { rows } = csvObjects(r.stdout);
    expect(rows.map((x) => [x.Name, x.Amount, x.Status])).toEqual([
      ["'=cmd|' /C calc'!A0 2", '300.00', 'Won'],
      ["'=cmd|' /C calc'!A0 0", '100.00', 'Won'],
    ]);
  });

  it('writes a file with the visibility of --as, header in Chinese', async () => {
    const out = path.join(dir, 'accounts.csv');
    const r = await runCli(
      ['export', 'accounts', '--org', org.slug, '--as', org.users.rep.email, '--lang', 'zh-CN', '--out', out],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const { header, rows } = csvObjects(fs.readFileSync(out, 'utf8'));
    expect(header.slice(0, 2)).toEqual(['ID', '名称']);
    expect(rows.map((x) => x.名称)).toEqual(['客户 0, Ltd.']);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('writes the organization bundle as a ZIP', async () => {
    const out = path.join(dir, 'bundle.zip');
    const r = await runCli(['export', 'bundle', '--org', org.slug, '--out', out, '--values', 'codes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Exported '.+' \(21 files, [\d,]+ rows\)/);
    const files = unzipText(fs.readFileSync(out));
    const manifest = JSON.parse(files['manifest.json']!) as { files: { name: string; rows: number }[] };
    const rows = (name: string) => manifest.files.find((f) => f.name === name)?.rows;
    expect(rows('opportunities.csv')).toBe(3);
    // One stay per deal (the won ones closed), and the field history with each deal's creation.
    expect(rows('stage-periods.csv')).toBe(3);
    const history = csvObjects(files['opportunity-history.csv']!).rows;
    expect(history.filter((x) => x.Field === 'created')).toHaveLength(3);
    expect(history.filter((x) => x.Field === 'status').map((x) => x['New value'])).toEqual(['won', 'won']);
    expect(
      csvObjects(files['opportunities.csv']!)
        .rows.map((x) => x.Status)
        .sort(),
    ).toEqual(['open', 'won', 'won']);
  });

  it('exits 2 on bad arguments and 1 on failures, writing no file', async () => {
    const bad = [
      ['export'],
      ['export', 'widgets', '--org', org.slug],
      ['export', 'accounts'],
      ['export', 'opportunities', '--org', org.slug, '--status', 'maybe'],
      ['export', 'opportunities', '--org', org.slug, '--bogus', '1'],
      ['export', 'accounts', '--org', org.slug, '--encoding', 'latin1'],
    ];
    for (const args of bad) {
      const r = await runCli(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('Usage: winpath export');
    }
    const status = await runCli(['export', 'opportunities', '--org', org.slug, '--status', 'maybe'], env);
    expect(status.stderr).toContain('--status');
    const out = path.join(dir, 'never.zip');
    const failures = [
      ['export', 'accounts', '--org', 'no-such-org'],
      ['export', 'bundle', '--org', org.slug, '--as', org.users.manager.email, '--out', out],
      ['export', 'accounts', '--org', org.slug, '--as', 'nobody@example.com'],
    ];
    for (const args of failures) {
      const r = await runCli(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stdout).toBe('');
    }
    expect(fs.existsSync(out)).toBe(false);
  }, 240_000);
});
