import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadActor } from '../src/server/auth/actor.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { createToken } from '../src/server/features/auth/auth.service.ts';
import { openCsvExport } from '../src/server/features/export/export.service.ts';
import { opportunitiesResource } from '../src/server/features/opportunities/opportunities.resource.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import { benchDatabase, startServer, table } from './lib.ts';

const N = Number(process.env.BENCH_EXPORT_ROWS ?? 200_000);

/** Resident memory of a process (Linux), in MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return kb / 1024;
}

type Run = { name: string; rows: number; mb: number; s: number; peak: number; growth: number };

/**
 * Downloads a URL from the server, counting bytes and lines, while sampling the server's RSS every 20 ms:
 * an export that buffered its rows would grow with the row count instead of staying flat.
 */
async function measure(name: string, url: string, token: string, pid: number, zip = false): Promise<Run> {
  global.gc?.();
  const base = rssMb(pid);
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (!zip) for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++;
  }
  const s = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, rssMb(pid));
  // Lines, less the header (a few cells hold line breaks of their own; the bench's do not).
  return { name, rows: zip ? 0 : lines - 1, mb: bytes / 1048576, s, peak, growth: peak - base };
}

/**
 * CSV export of 200,000 deals (each with its account, owner, pipeline, stage and products) through the HTTP
 * API, the same list filtered, GB18030, and the organization bundle (ZIP): throughput and the server's
 * memory while it streams. `BENCH_EXPORT_ROWS` changes the size.
 */
export async function exportBench(): Promise<void> {
  console.log(`\n## CSV export of ${N.toLocaleString('en')} deals (HTTP, streamed)`);
  const database = await benchDatabase();
  const db = openDatabase(database.url, { max: 4 });
  const org = await createOrganization({
    db: db.db,
    name: 'Export Co 导出',
    adminEmail: 'x@example.com',
    adminPassword: 'bench-password-1',
  });
  const orgId = org.organization.id;
  const t0 = performance.now();
  await db.pool.query(
    `INSERT INTO users (org_id, name, email, role)
     SELECT $1, '销售 ' || g || ' Rep', 'rep' || g || '@example.com', 'rep' FROM generate_series(1, 20) g`,
    [orgId],
  );
  await db.pool.query(
    `INSERT INTO accounts (org_id, name, owner_id, industry)
     SELECT $1, '客户 ' || g || ', Ltd. "华东"', (SELECT id FROM users WHERE org_id = $1 ORDER BY email OFFSET g % 21 LIMIT 1),
            'Manufacturing'
       FROM generate_series(1, 5000) g`,
    [orgId],
  );
  await db.pool.query(
    `INSERT INTO products (org_id, name, list_price) SELECT $1, 'Product ' || g, g * 1000 FROM generate_series(1, 10) g`,
    [orgId],
  );
  await db.pool.query('BEGIN');
  await db.pool.query(`SET LOCAL winpath.analytics = 'off'`);
  await db.pool.query(
    `WITH acc AS (SELECT id, owner_id, row_number() OVER (ORDER BY id) AS rn FROM accounts WHERE org_id = $1),
          st AS (SELECT id, position FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2)
     INSERT INTO opportunities (org_id, name, account_id, owner_id, amount, pipeline_id, stage_id, expected_close_date,
                                next_step, key_need, created_at, updated_at)
     SELECT $1, 'Deal ' || g || ' 智能制造MES项目', acc.id, acc.owner_id, (g % 97) * 10000 + 0.5, $2, st.id,
            current_date + (g % 120), 'Call the CIO, then demo', CASE WHEN g % 5 = 0 THEN '=降本增效' END,
            now() - ((g % 700) || ' days')::interval, now() - ((g % 90) || ' hours')::interval
       FROM generate_series(1, ${N}) g
       JOIN acc ON acc.rn = 1 + (g % 5000)
       JOIN st ON st.position = 1 + (g % 8)`,
    [orgId, org.pipelineId],
  );
  await db.pool.query(
    `INSERT INTO opportunity_line_items (org_id, opportunity_id, product_id, quantity, unit_price)
     SELECT o.org_id, o.id, p.id, 2, p.list_price FROM opportunities o
       JOIN products p ON p.org_id = o.org_id AND p.name = 'Product ' || (1 + abs(hashtext(o.id::text)) % 10)
      WHERE o.org_id = $1 AND abs(hashtext(o.id::text)) % 10 = 0`,
    [orgId],
  );
  await db.pool.query('COMMIT');
  await db.pool.query('ANALYZE');
  console.log(`(data generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const { token } = await createToken({
    db: db.db,
    orgId,
    userId: org.admin.id,
    name: 'bench',
    actorId: null,
  });

  const { port, child } = await startServer('winpath.ts', { BENCH_DB_URL: database.url, LOG_LEVEL: 'warn' });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const pid = child.pid!;
  try {
    // Warm up (module JIT, prepared plans) on a small export.
    await measure('warm-up', `${base}/accounts/export.csv`, token, pid);
    const runs: Run[] = [];
    runs.push(await measure('deals, all', `${base}/opportunities/export.csv?lang=en`, token, pid));
    runs.push(
      await measure(
        'deals, filtered + sorted',
        `${base}/opportunities/export.csv?lang=zh-CN&amountFrom=100000&sort=-amount`,
        token,
        pid,
      ),
    );
    runs.push(
      await measure('deals, GB18030', `${base}/opportunities/export.csv?encoding=gb18030`, token, pid),
    );
    runs.push(await measure('accounts', `${base}/accounts/export.csv`, token, pid));
    runs.push(await measure('organization bundle (ZIP)', `${base}/export/bundle`, token, pid, true));
    console.log(
      table(
        runs.map((r) => ({
          export: r.name,
          rows: r.rows ? r.rows.toLocaleString('en') : '—',
          MB: r.mb.toFixed(1),
          seconds: r.s.toFixed(2),
          'rows/s': r.rows ? Math.round(r.rows / r.s).toLocaleString('en') : '—',
          'MB/s': (r.mb / r.s).toFixed(1),
          'server peak RSS MB': r.peak.toFixed(0),
          'RSS growth MB': r.growth.toFixed(0),
        })),
      ),
    );
    // In this process: the live heap after a full GC, every 20,000 rows of the same export. RSS above
    // includes garbage V8 has not collected yet; this is what the export actually keeps.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const actor = (await loadActor(db.db, orgId, org.admin.id))!;
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const exp = await openCsvExport({
      db: db.db,
      res: opportunitiesResource,
      actor,
      query: { sort: '-updatedAt' },
      csv: { lang: 'en', values: 'labels', encoding: 'utf-8' },
      now: new Date(),
    });
    const live: number[] = [];
    let batches = 0;
    for await (const _ of exp.stream)
      if (++batches % 10 === 0) {
        gc();
        live.push((process.memoryUsage().heapUsed - heap0) / 1048576);
      }
    console.log(
      `live heap above the start, after GC, every 20,000 of ${exp.progress.rows.toLocaleString('en')} rows: ` +
        `${live.map((m) => m.toFixed(1)).join(' ')} MB`,
    );
  } finally {
    child.kill('SIGTERM');
    await db.close();
    await database.stop();
  }
}
