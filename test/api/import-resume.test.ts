import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../src/core/import/mapping.ts';
import { runImport } from '../../src/server/features/imports/import.service.ts';
import { fileSource } from '../../src/server/features/imports/source.ts';
import { createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/** An interrupted import continues where it stopped, and waits for a killed run's session to let go. */
let ctx: TestContext;
let org: SeededOrg;
let dir: string;
const mapping: ImportMapping = {
  columns: { name: 'Deal', account: 'Company', amount: 'Value', createdAt: 'Opened' },
};

function writeFile(name: string, rows: number): string {
  const file = path.join(dir, name);
  const lines = ['Deal,Company,Value,Opened'];
  for (let i = 1; i <= rows; i++)
    lines.push(`${name} deal #${i},Resume Co ${i % 3},"¥${i},000.00",2025-0${1 + (i % 9)}-15`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const run = (file: string, extra: Partial<Parameters<typeof runImport>[0]> = {}) =>
  runImport({
    pool: ctx.db.pool,
    orgId: org.orgId,
    actorId: org.users.admin.id,
    entity: 'opportunities',
    source: fileSource(file, path.basename(file)),
    mapping,
    createMissing: true,
    batchSize: 10,
    ...extra,
  });

const dealsLike = async (prefix: string) =>
  (
    await ctx.db.pool.query<{ name: string }>(
      'SELECT name FROM opportunities WHERE org_id = $1 AND name LIKE $2 ORDER BY name',
      [org.orgId, `${prefix}%`],
    )
  ).rows.map((r) => r.name);

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Import Resume Co');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-resume-'));
}, 120_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});

describe('resuming an import', () => {
  it('continues after the last committed batch: every row exactly once', async () => {
    const file = writeFile('a.csv', 35);
    const first = await run(file, { stopAfterBatches: 2 });
    expect(first.counts.inserted).toBe(20);
    expect(await dealsLike('a.csv deal')).toHaveLength(20);

    const second = await run(file);
    expect(second.jobId).toBe(first.jobId);
    expect(second.resumedFrom).toBe(20);
    expect(second.counts).toMatchObject({ inserted: 35, failed: 0 });
    const names = await dealsLike('a.csv deal');
    expect(new Set(names).size).toBe(35);
    expect(names).toHaveLength(35);

    // Finished: the same file and mapping again is recognised and writes nothing.
    const third = await run(file);
    expect(third.alreadyImported).toBe(true);
    expect(await dealsLike('a.csv deal')).toHaveLength(35);
  });

  it('refuses with 409 while another session holds the job, and goes on once it lets go', async () => {
    const file = writeFile('b.csv', 25);
    const first = await run(file, { stopAfterBatches: 1 });
    const holder = await ctx.db.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [first.jobId]);
      await expect(run(file, { resumeLockWaitMs: 200 })).rejects.toMatchObject({
        status: 409,
        code: 'import_running',
      });
      expect(await dealsLike('b.csv deal')).toHaveLength(10);

      // A killed run's session lets go a moment later: the resume waits for it instead of refusing.
      const resumed = run(file, { resumeLockWaitMs: 10_000 });
      await new Promise((r) => setTimeout(r, 300));
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [first.jobId]);
      const s = await resumed;
      expect(s.resumedFrom).toBe(10);
      expect(s.counts.inserted).toBe(25);
    } finally {
      holder.release();
    }
    expect(await dealsLike('b.csv deal')).toHaveLength(25);
  });

  it('a resumed large import rebuilds the analytics when its first run left them to a rebuild', async () => {
    // Over 4 MB and more rows than the organization has deals: the first run leaves the analytics to a
    // final rebuild, and stops after one batch.
    const file = path.join(dir, 'c.csv');
    const pad = 'x'.repeat(4000);
    const lines = ['Deal,Company,Value,Opened,Notes'];
    for (let i = 1; i <= 1100; i++) lines.push(`c.csv deal #${i},Resume Co ${i % 3},1000,2025-03-01,${pad}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const big = (extra: Partial<Parameters<typeof runImport>[0]>) => run(file, { batchSize: 500, ...extra });
    await big({ stopAfterBatches: 1 });
    // Meanwhile the organization grew past the file's size: a fresh choice would now refresh per batch,
    // which would leave the first run's deals out of the analytics.
    await ctx.db.pool.query(
      `INSERT INTO opportunities (org_id, name, account_id, owner_id, pipeline_id, stage_id)
       SELECT o.org_id, 'pad deal ' || g, o.account_id, o.owner_id, o.pipeline_id, o.stage_id
         FROM (SELECT * FROM opportunities WHERE org_id = $1 LIMIT 1) o, generate_series(1, 1200) g`,
      [org.orgId],
    );
    const s = await big({});
    expect(s.resumedFrom).toBe(500);
    expect(s.counts.inserted).toBe(1100);
    const [check] = (
      await ctx.db.pool.query<{ deals: number; analytics: number }>(
        `SELECT (SELECT count(*)::int FROM opportunities WHERE org_id = $1 AND deleted_at IS NULL) AS deals,
                (SELECT count(*)::int FROM analytics_deals WHERE org_id = $1) AS analytics`,
        [org.orgId],
      )
    ).rows;
    expect(check!.analytics).toBe(check!.deals);
  });
});
