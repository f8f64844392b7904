import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/import/csv.ts';
import { decodeAll, detectEncoding } from '../../src/core/import/encoding.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';
import { cliEnv, exitCode, ROOT, runCli, startCli, waitForOutput } from './run-cli.ts';

/** `winpath import` as scripts use it, on the real messy files under test/fixtures/import. */
const FIXTURES = path.join(ROOT, 'test/fixtures/import');
const fx = (name: string) => path.join(FIXTURES, name);

let ctx: TestContext;
let org: SeededOrg;
let env: NodeJS.ProcessEnv;
let dir: string;
const q = async <T>(text: string, params: unknown[] = []) =>
  (await ctx.db.pool.query(text, params)).rows as T[];
const importCli = (entity: string, file: string, mapping: string, ...more: string[]) =>
  runCli(['import', entity, file, '--org', org.slug, '--mapping', mapping, ...more], env, 120_000);

/** The rows of a fixture as the file says them: header → cell, with the spreadsheet row. */
function fileRows(name: string): { row: number; cells: Record<string, string> }[] {
  const bytes = fs.readFileSync(fx(name));
  const records = parseCsv(
    decodeAll(bytes, detectEncoding(bytes).encoding),
    name.includes('semicolon') ? ';' : ',',
  );
  const header = records[0]!.fields;
  return records
    .slice(1)
    .map((r) => ({ row: r.row, cells: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])) }));
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Import CLI Co');
  env = cliEnv({ DATABASE_URL: ctx.db.url });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-import-'));
}, 120_000);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('winpath import', () => {
  it('imports users with teams made from managers and regions, some without an e-mail', async () => {
    const res = await importCli('users', fx('users.csv'), fx('users.mapping.json'), '--create-missing');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /5 rows — 4 inserted, 1 updated, 0 unchanged, 0 failed; created 2 teams, 1 user/,
    );
    const people = await q<{
      name: string;
      email: string | null;
      role: string;
      team: string | null;
      parent: string | null;
    }>(
      `SELECT u.name, u.email, u.role, t.name AS team, p.name AS parent FROM users u
         LEFT JOIN teams t ON t.id = u.team_id LEFT JOIN teams p ON p.id = t.parent_id
        WHERE u.org_id = $1 AND u.name IN ('Alice Chen', 'Bob Miller', '王芳', '李雷', 'Carol Wu') ORDER BY u.name`,
      [org.orgId],
    );
    expect(people).toEqual([
      { name: 'Alice Chen', email: 'alice@acme.example', role: 'manager', team: 'East', parent: 'National' },
      { name: 'Bob Miller', email: 'bob@acme.example', role: 'rep', team: 'Alice Chen team', parent: 'East' },
      // Carol was named as 李雷's manager before her own row: created then, completed by her row.
      { name: 'Carol Wu', email: 'carol@acme.example', role: 'manager', team: 'North', parent: 'National' },
      { name: '李雷', email: 'lilei@acme.example', role: 'rep', team: 'Carol Wu team', parent: 'North' },
      { name: '王芳', email: null, role: 'rep', team: 'Alice Chen team', parent: 'East' },
    ]);
    const [lead] = await q<{ manager: string }>(
      `SELECT m.name AS manager FROM teams t JOIN users m ON m.id = t.manager_id WHERE t.org_id = $1 AND t.name = 'Alice Chen team'`,
      [org.orgId],
    );
    expect(lead?.manager).toBe('Alice Chen');
  });

  it('imports a GBK file from Chinese Excel, reports the bad row with its cells, and lets the good rows in', async () => {
    const report = path.join(dir, 'gbk-errors.csv');
    const res = await importCli(
      'opportunities',
      fx('deals-gbk.csv'),
      fx('deals-gbk.mapping.json'),
      '--create-missing',
      '--errors',
      report,
    );
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(
      /8 rows — 7 inserted, 0 updated, 0 unchanged, 1 failed; created 7 accounts, 2 products, 1 user \[gb18030, delimiter ","\]/,
    );
    expect(res.stderr).toContain('row 9: 创建日期: 2017年13月1日 is not a calendar date [2017年13月1日]');
    const text = fs.readFileSync(report, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text);
    expect(rows.map((r) => r.fields.slice(0, 4))).toEqual([
      ['Row', 'Errors', '编号', '商机名称'],
      ['9', '创建日期: 2017年13月1日 is not a calendar date', 'CN-008', '日期错误项目'],
    ]);
    const deals = await q<{
      external_id: string;
      name: string;
      status: string;
      amount: string;
      currency: string;
      created: string;
      closed_at: string | null;
      owner: string;
      account: string;
      product: string;
    }>(
      `SELECT o.external_id, o.name, o.status, o.amount::text, o.currency, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created,
              o.closed_at::text, u.name AS owner, a.name AS account, p.name AS product
         FROM opportunities o JOIN users u ON u.id = o.owner_id JOIN accounts a ON a.id = o.account_id
         JOIN opportunity_line_items li ON li.opportunity_id = o.id JOIN products p ON p.id = li.product_id
        WHERE o.org_id = $1 AND o.external_id LIKE 'CN-%' ORDER BY o.external_id`,
      [org.orgId],
    );
    expect(
      deals.map((d) => [
        d.external_id,
        d.status,
        d.amount,
        d.currency,
        d.created,
        d.closed_at,
        d.owner,
        d.account,
        d.product,
      ]),
    ).toEqual([
      ['CN-001', 'won', '1234000.00', 'CNY', '2017-03-01', '2017-06-30', '王芳', '上海恒达', 'GTX Pro'],
      ['CN-002', 'lost', '560000.00', 'CNY', '2017-04-02', '2017-09-15', '王芳', '华信物流', 'GTX Pro'],
      ['CN-003', 'won', '880000.00', 'CNY', '2017-05-10', '2017-11-01', '王芳', '中科电力', 'GTX Lite'],
      ['CN-004', 'open', '300000.00', 'CNY', '2018-01-08', null, '李雷', '瑞丰医药', 'GTX Pro'],
      ['CN-005', 'lost', '1000000.00', 'CNY', '2017-02-01', '2017-08-20', '李雷', '金桥汽车', 'GTX Lite'],
      // "GTXPro" is the product "GTX Pro": names match ignoring case, spaces and punctuation.
      ['CN-006', 'won', '2500000.00', 'CNY', '2017-07-01', '2018-02-28', '李雷', '新元电子', 'GTX Pro'],
      ['CN-007', 'won', '100000.00', 'CNY', '2017-07-01', '2017-08-01', '张三', '天成建设', 'GTX Pro'],
    ]);
    // The owner nobody knew was created without an e-mail: they own history, they cannot sign in.
    const [z] = await q<{ email: string | null; password_hash: string | null }>(
      `SELECT email, password_hash FROM users WHERE org_id = $1 AND name = '张三'`,
      [org.orgId],
    );
    expect(z).toEqual({ email: null, password_hash: null });
  });

  it('is idempotent with external ids: the same file again changes nothing, a changed one updates', async () => {
    const count = async () =>
      (
        await q<{ n: number }>('SELECT count(*)::int AS n FROM opportunities WHERE org_id = $1', [org.orgId])
      )[0]!.n;
    const first = await importCli(
      'opportunities',
      fx('deals-us.csv'),
      fx('deals-us.mapping.json'),
      '--create-missing',
    );
    // US-5 entered its stage before it was created; US-6's rep is created (--create-missing).
    expect(first.stdout).toMatch(
      /6 rows — 5 inserted, 0 updated, 0 unchanged, 1 failed; created 5 accounts, 1 user/,
    );
    const before = await count();
    const again = await importCli(
      'opportunities',
      fx('deals-us.csv'),
      fx('deals-us.mapping.json'),
      '--create-missing',
    );
    expect(again.stdout).toMatch(/6 rows — 0 inserted, 0 updated, 5 unchanged, 1 failed/);
    expect(await count()).toBe(before);

    // A later export: US-1's value changed and it came out last.
    const lines = fs.readFileSync(fx('deals-us.csv'), 'utf8').trimEnd().split('\n');
    const changed = [lines[0]!, ...lines.slice(2), lines[1]!]
      .join('\n')
      .replace('"$45,000.00"', '"$47,500.00"');
    const file = path.join(dir, 'deals-us-v2.csv');
    fs.writeFileSync(file, `${changed}\n`);
    const update = await importCli('opportunities', file, fx('deals-us.mapping.json'), '--create-missing');
    expect(update.stdout).toMatch(/6 rows — 0 inserted, 1 updated, 4 unchanged, 1 failed/);
    expect(await count()).toBe(before);
    const history = await q<{ field: string; old_value: unknown; new_value: unknown }>(
      `SELECT h.field, h.old_value, h.new_value FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id
        WHERE o.org_id = $1 AND o.external_id = 'US-1' AND h.field = 'amount'`,
      [org.orgId],
    );
    expect(history).toEqual([{ field: 'amount', old_value: 45000, new_value: 47500 }]);
  });

  it('reads semicolons, a BOM, decimal commas and quoted line breaks; without external ids the same file is not imported twice', async () => {
    const res = await importCli(
      'opportunities',
      fx('deals-semicolon-bom.csv'),
      fx('deals-semicolon-bom.mapping.json'),
      '--create-missing',
    );
    expect(res.stdout).toMatch(
      /4 rows — 3 inserted, 0 updated, 0 unchanged, 1 failed; created 3 accounts \[utf-8, delimiter ";"\]/,
    );
    expect(res.stderr).toContain('row 5: Value: must not be negative [-500,00 €]');
    const [nordwind] = await q<{ name: string; amount: string; currency: string; next_step: string }>(
      `SELECT name, amount::text, currency, next_step FROM opportunities WHERE org_id = $1 AND name LIKE 'Nordwind%'`,
      [org.orgId],
    );
    expect(nordwind).toEqual({
      name: 'Nordwind Logistics\nPhase 2',
      amount: '1234.56',
      currency: 'EUR',
      next_step: 'Signed after\ntwo demos',
    });
    const again = await importCli(
      'opportunities',
      fx('deals-semicolon-bom.csv'),
      fx('deals-semicolon-bom.mapping.json'),
      '--create-missing',
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported .* Nothing to do/);
    const [n] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM opportunities WHERE org_id = $1 AND name LIKE 'Bluepeak%'`,
      [org.orgId],
    );
    expect(n!.n).toBe(1);
  });

  it('dates the history as the files say: win rates by rep and the stage trail match the files', async () => {
    // Win rates from the files themselves, minus the rows the import reported.
    const failed = new Set(
      (
        await q<{ file: string; row: number }>(
          `SELECT j.file_name AS file, e.row FROM import_errors e JOIN import_jobs j ON j.id = e.job_id WHERE e.org_id = $1`,
          [org.orgId],
        )
      ).map((r) => `${r.file}:${r.row}`),
    );
    const expected = new Map<string, { won: number; lost: number }>();
    const count = (
      file: string,
      rep: (c: Record<string, string>) => string,
      status: (c: Record<string, string>) => string,
    ) => {
      for (const r of fileRows(file)) {
        if (failed.has(`${file}:${r.row}`)) continue;
        const s = status(r.cells);
        const name = rep(r.cells);
        const e = expected.get(name) ?? { won: 0, lost: 0 };
        if (s === 'won') e.won++;
        if (s === 'lost') e.lost++;
        expected.set(name, e);
      }
    };
    const word = (w: string) => ({ 赢单: 'won', 输单: 'lost', Won: 'won', Lost: 'lost' })[w] ?? 'open';
    count(
      'deals-gbk.csv',
      (c) => c['负责人']!,
      (c) => word(c['状态']!),
    );
    count(
      'deals-us.csv',
      (c) => c.Rep!,
      (c) => word(c.Status!),
    );
    count(
      'deals-semicolon-bom.csv',
      () => 'Bob Miller',
      (c) => word(c.Stage!),
    );
    const res = await api(ctx, org.users.admin.token).get(
      '/api/v1/analytics/win-rates?groupBy=owner&from=2017-01&to=2018-12',
    );
    expect(res.status).toBe(200);
    const got = Object.fromEntries(
      (res.body.rows as { label: string; won: number; lost: number }[]).map((r) => [
        r.label,
        { won: r.won, lost: r.lost },
      ]),
    );
    const want = Object.fromEntries([...expected].filter(([, v]) => v.won + v.lost > 0));
    expect(got).toEqual(want);
    expect(got['王芳']).toEqual({ won: 2, lost: 1 });

    // US-1 entered "Signing" on 3/1/2018 and was won on 4/30/2018: the trail says so.
    const trail = await q<{ stage: string; entered: string; left: string | null }>(
      `SELECT ps.name_en AS stage, sp.entered_at::date::text AS entered, sp.left_at::date::text AS left
         FROM stage_periods sp JOIN opportunities o ON o.id = sp.opportunity_id JOIN pipeline_stages ps ON ps.id = sp.stage_id
        WHERE o.org_id = $1 AND o.external_id = 'US-1' ORDER BY sp.entered_at`,
      [org.orgId],
    );
    expect(trail).toEqual([
      { stage: 'Project initiation', entered: '2018-01-15', left: '2018-03-01' },
      { stage: 'Signing', entered: '2018-03-01', left: '2018-04-30' },
    ]);
    // Cycle time of the rep's won deals (created → won), from the files' dates.
    const cycle = await api(ctx, org.users.admin.token).get(
      '/api/v1/analytics/cycle-time?groupBy=owner&from=2017-01&to=2018-12',
    );
    const carol = (cycle.body.rows as { label: string; meanDays: number; won: number }[]).find(
      (r) => r.label === 'Carol Wu',
    );
    // US-1: 2018-01-15 → 2018-04-30 (105 days), US-4: 2018-01-05 → 2018-06-30 (176 days).
    expect(carol).toMatchObject({ won: 2, meanDays: (105 + 176) / 2 });
  });

  it('resumes after being killed: every row exactly once, without external ids', async () => {
    const file = path.join(dir, 'many-deals.csv');
    const rows = 3000;
    const body = Array.from(
      { length: rows },
      (_, i) =>
        `Resume deal ${i + 1},Resume Account ${i % 40},Carol Wu,Won,"¥${((i + 1) * 1000).toLocaleString('en-US')}.00",2018-01-01,2018-02-01`,
    );
    fs.writeFileSync(file, `Deal,Company,Rep,Stage,Value,Opened,Closed\n${body.join('\n')}\n`);
    const mapping = path.join(dir, 'many.mapping.json');
    fs.writeFileSync(
      mapping,
      JSON.stringify({
        columns: {
          name: 'Deal',
          account: 'Company',
          owner: 'Rep',
          status: 'Stage',
          amount: 'Value',
          createdAt: 'Opened',
          closedAt: 'Closed',
        },
      }),
    );
    const args = [
      'import',
      'opportunities',
      file,
      '--org',
      org.slug,
      '--mapping',
      mapping,
      '--create-missing',
      '--batch-size',
      '100',
    ];
    const child = startCli(args, env);
    await waitForOutput(child, /opportunities: +\d+% [1-9][\d,]* rows/, 120_000);
    child.kill('SIGKILL');
    await exitCode(child);
    const [{ n: partial } = { n: 0 }] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM opportunities WHERE org_id = $1 AND name LIKE 'Resume deal %'`,
      [org.orgId],
    );
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(rows);
    const resumed = await runCli(args, env, 120_000);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resumed after row [\d,]+ of an interrupted run/);
    const check = await q<{ rows: number; names: number; amount: string }>(
      `SELECT count(*)::int AS rows, count(DISTINCT name)::int AS names, sum(amount)::text AS amount FROM opportunities
        WHERE org_id = $1 AND name LIKE 'Resume deal %'`,
      [org.orgId],
    );
    expect(check).toEqual([{ rows, names: rows, amount: `${(rows * (rows + 1) * 1000) / 2}.00` }]);
    const [{ n: accounts } = { n: 0 }] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM accounts WHERE org_id = $1 AND name LIKE 'Resume Account %'`,
      [org.orgId],
    );
    expect(accounts).toBe(40);
    const again = await runCli(args, env, 120_000);
    expect(again.stdout).toMatch(/already imported/);
  }, 240_000);

  it('--dry-run checks everything, writes the report, and keeps nothing', async () => {
    const count = async () =>
      (
        await q<{ n: number }>('SELECT count(*)::int AS n FROM opportunities WHERE org_id = $1', [org.orgId])
      )[0]!.n;
    const before = await count();
    const report = path.join(dir, 'dry-errors.csv');
    const file = path.join(dir, 'deals-dry.csv');
    fs.writeFileSync(
      file,
      fs.readFileSync(fx('deals-semicolon-bom.csv'), 'utf8').replaceAll('Bluepeak', 'Dryrun'),
    );
    const res = await importCli(
      'opportunities',
      file,
      fx('deals-semicolon-bom.mapping.json'),
      '--dry-run',
      '--create-missing',
      '--errors',
      report,
    );
    expect(res.code).toBe(1);
    // Rows 2 and 4 are the deals an earlier test imported from this file (same name, account and rep, no
    // external id): possible duplicates, skipped; row 5 has a negative amount.
    expect(res.stdout).toMatch(
      /^Dry run \(nothing saved\) of opportunities .* 4 rows — 1 inserted, 0 updated, 0 unchanged, 3 failed; created 1 account/m,
    );
    const reported = parseCsv(fs.readFileSync(report, 'utf8'));
    expect(reported.map((r) => r.fields[0])).toEqual(['Row', '2', '4', '5']);
    expect(reported[1]!.fields[1]).toMatch(/^Deal: possible duplicate: .*"duplicates": "create"/);
    expect(await count()).toBe(before);
    expect(
      await q('SELECT 1 FROM accounts WHERE org_id = $1 AND name LIKE $2', [org.orgId, 'Dryrun%']),
    ).toEqual([]);
  });

  it('words hints for the command line: the flag and the mapping key, never the wizard’s checkboxes', async () => {
    const file = path.join(dir, 'hints.csv');
    fs.writeFileSync(file, 'Name,Company\n赵六,没有这家公司\n');
    const mapping = path.join(dir, 'hints.mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ columns: { name: 'Name', account: 'Company' } }));
    const errors = path.join(dir, 'hints-errors.csv');
    const res = await importCli('contacts', file, mapping, '--errors', errors);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no account matches "没有这家公司" (add --create-missing to create it)');
    expect(res.stderr).not.toContain('Create missing references');
    expect(fs.readFileSync(errors, 'utf8')).toContain('(add --create-missing to create it)');
    // A deal file imported twice without external ids: the second run skips the rows, naming the key.
    const deals = path.join(dir, 'hints-deals.csv');
    fs.writeFileSync(deals, 'Deal,Company\nCLI 重复商机,CLI 客户\n');
    const dealMapping = path.join(dir, 'hints-deals.mapping.json');
    fs.writeFileSync(dealMapping, JSON.stringify({ columns: { name: 'Deal', account: 'Company' } }));
    expect((await importCli('opportunities', deals, dealMapping, '--create-missing')).code).toBe(0);
    fs.writeFileSync(deals, 'Deal,Company\nCLI 重复商机,CLI 客户\n\n');
    const twice = await importCli('opportunities', deals, dealMapping, '--create-missing');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('set "duplicates": "create" in the mapping to create it anyway');
    expect(twice.stderr).not.toContain('Import possible duplicates too');
  });

  it('answers bad arguments with the usage and status 2', async () => {
    const none = await runCli(
      ['import', 'widgets', fx('users.csv'), '--org', org.slug, '--mapping', fx('users.mapping.json')],
      env,
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Cannot import 'widgets'/);
    const noMapping = await runCli(['import', 'users', fx('users.csv'), '--org', org.slug], env);
    expect(noMapping.code).toBe(2);
    expect(noMapping.stderr).toMatch(/Missing --mapping[\s\S]*Usage: winpath import/);
    const bad = path.join(dir, 'bad.mapping.json');
    fs.writeFileSync(bad, JSON.stringify({ columns: { name: 'Name' }, formats: { date: 'someday' } }));
    const badMapping = await runCli(
      ['import', 'users', fx('users.csv'), '--org', org.slug, '--mapping', bad],
      env,
    );
    expect(badMapping.code).toBe(2);
    expect(badMapping.stderr).toMatch(/formats\.date/);
    const wrongColumn = path.join(dir, 'wrong.mapping.json');
    fs.writeFileSync(wrongColumn, JSON.stringify({ columns: { name: 'Full name' } }));
    const misfit = await runCli(
      ['import', 'users', fx('users.csv'), '--org', org.slug, '--mapping', wrongColumn],
      env,
    );
    expect(misfit.code).toBe(1);
    expect(misfit.stderr).toMatch(/columns\.name: the file has no column "Full name"/);
  });
});
