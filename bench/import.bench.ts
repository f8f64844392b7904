import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../src/server/db/client.ts';
import { runImport } from '../src/server/features/imports/import.service.ts';
import { fileSource } from '../src/server/features/imports/source.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import { BENCH_MAPPING, seedReferences, writeDealsCsv } from './import-data.ts';
import { benchDatabase, benchDir, table } from './lib.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const COMPARE_ROWS = Number(process.env.BENCH_IMPORT_COMPARE_ROWS ?? 50_000);
const INTO_LARGE_ROWS = Number(process.env.BENCH_IMPORT_INTO_LARGE_ROWS ?? 20_000);
const CRASH_ROWS = Number(process.env.BENCH_CRASH_ROWS ?? 200_000);
const CRASHES = 20;

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
const secs = (t: number) => (performance.now() - t) / 1000;
const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString('en-US');

async function newOrg(db: ReturnType<typeof openDatabase>, name: string) {
  const org = await createOrganization({
    db: db.db,
    name,
    adminEmail: `bench-${Math.random().toString(36).slice(2)}@example.com`,
    adminPassword: 'bench-password-1',
  });
  await seedReferences(db.pool, org.organization.id, org.admin.id);
  return { id: org.organization.id, slug: org.organization.slug };
}

/** PostgreSQL's own COPY of the same file into a plain table of text columns: the floor. */
async function copyBaseline(db: ReturnType<typeof openDatabase>, file: string): Promise<number> {
  const client = await db.pool.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_copy_floor');
    await client.query(
      `CREATE UNLOGGED TABLE bench_copy_floor (${Array.from({ length: 12 }, (_, i) => `c${i} text`).join(', ')})`,
    );
    const t = performance.now();
    await pipeline(
      fs.createReadStream(file),
      client.query(copyFrom(`COPY bench_copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)`)),
    );
    const s = secs(t);
    await client.query('DROP TABLE bench_copy_floor');
    return s;
  } finally {
    client.release();
  }
}

/**
 * `npm run bench -- import`: a million-row opportunities CSV (owners by name or e-mail, accounts, products,
 * English and Chinese statuses, three date styles, ¥ amounts, 0.5 % bad rows) imported with full
 * validation through the import service, beside PostgreSQL's COPY of the same file into a plain table;
 * then per-batch analytics maintenance against one rebuild at the end: for more rows into that large
 * organization, and for a smaller file into a fresh one.
 */
export async function importBench(): Promise<void> {
  console.log(`\n## Import: ${ROWS.toLocaleString('en-US')} opportunities from CSV (load average ${load()})`);
  const database = await benchDatabase();
  const db = openDatabase(database.url, { max: 6 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-import-bench-'));
  try {
    const file = path.join(dir, 'deals.csv');
    let t = performance.now();
    const { bad } = writeDealsCsv(file, ROWS);
    const mb = fs.statSync(file).size / 1024 / 1024;
    console.log(
      `generated ${file}: ${mb.toFixed(0)} MB, ${bad.toLocaleString('en-US')} bad rows, in ${secs(t).toFixed(1)} s`,
    );

    const copyS = await copyBaseline(db, file);
    const org = await newOrg(db, 'Import Bench');
    t = performance.now();
    const s = await runImport({
      pool: db.pool,
      orgId: org.id,
      actorId: null,
      entity: 'opportunities',
      source: fileSource(file, 'deals.csv'),
      mapping: BENCH_MAPPING,
      batchSize: 20_000,
    });
    const importS = secs(t);
    const ceiling = await dealInsertCeiling(db, org.id);
    const [check] = (
      await db.pool.query<{ deals: number; periods: number; won: number; summary_won: number }>(
        `SELECT (SELECT count(*)::int FROM opportunities WHERE org_id = $1) AS deals,
                (SELECT count(*)::int FROM stage_periods WHERE org_id = $1) AS periods,
                (SELECT count(*)::int FROM opportunities WHERE org_id = $1 AND status = 'won') AS won,
                (SELECT coalesce(sum(won), 0)::int FROM analytics_outcome_summary WHERE org_id = $1 AND product_id IS NULL) AS summary_won`,
        [org.id],
      )
    ).rows;
    console.log(
      table([
        {
          what: 'PostgreSQL COPY into a plain text table',
          seconds: copyS.toFixed(1),
          'rows/s': rate(ROWS, copyS),
        },
        {
          what: 'winpath import (validated, resolved, upserted, stage periods, history, analytics)',
          seconds: importS.toFixed(1),
          'rows/s': rate(ROWS, importS),
        },
        {
          what: 'ceiling: INSERT … SELECT of the same deals, already validated, into opportunities alone',
          seconds: ceiling.full.toFixed(1),
          'rows/s': rate(ceiling.rows, ceiling.full),
        },
        {
          what: 'the same without foreign keys and non-unique indexes (heap and unique keys only)',
          seconds: ceiling.bare === null ? 'n/a' : ceiling.bare.toFixed(1),
          'rows/s': ceiling.bare === null ? 'n/a (needs a superuser)' : rate(ceiling.rows, ceiling.bare),
        },
      ]),
    );
    console.log(
      `imported ${s.counts.inserted.toLocaleString('en-US')} deals (${check!.deals.toLocaleString('en-US')} in the database, ${check!.periods.toLocaleString('en-US')} stage periods), ` +
        `${s.counts.failed.toLocaleString('en-US')} rows refused (expected ${bad.toLocaleString('en-US')}); analytics won ${check!.summary_won} = deals won ${check!.won}: ${check!.summary_won === check!.won ? 'exact' : 'MISMATCH'}`,
    );
    console.log(
      `goal 25,000 rows/s: ${Math.round(ROWS / importS) >= 25_000 ? 'met' : 'NOT met'} (load average ${load()})`,
    );

    // Analytics of an import into a large organization: per batch, or one rebuild of everything?
    if (INTO_LARGE_ROWS > 0) {
      const t = await compareAnalytics(db, INTO_LARGE_ROWS, async (mode) => {
        const file = path.join(dir, `deals-more-${mode}.csv`);
        writeDealsCsv(file, INTO_LARGE_ROWS, mode === 'batch' ? 31 : 37, mode === 'batch' ? 'MB' : 'MR');
        return { orgId: org.id, file };
      });
      console.log(
        `analytics maintenance, ${INTO_LARGE_ROWS.toLocaleString('en-US')} more rows into that organization of ${check!.deals.toLocaleString('en-US')} deals (load average ${load()}):`,
      );
      console.log(t);
    }

    // Analytics of a first import into a fresh organization.
    if (COMPARE_ROWS > 0) {
      const small = path.join(dir, 'deals-small.csv');
      writeDealsCsv(small, COMPARE_ROWS, 11);
      const t = await compareAnalytics(db, COMPARE_ROWS, async (mode) => ({
        orgId: (await newOrg(db, `Import Bench ${mode}`)).id,
        file: small,
      }));
      console.log(
        `analytics maintenance, ${COMPARE_ROWS.toLocaleString('en-US')} rows into a fresh organization (load average ${load()}):`,
      );
      console.log(t);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.close();
    await database.stop();
  }
}

/**
 * What PostgreSQL alone needs for the deals' own rows: the imported deals inserted again (new ids and
 * external ids) by one `INSERT … SELECT` from a copy, no parsing, validation, stage periods, history, line
 * items or analytics, in a transaction that is rolled back. Then the same with the foreign-key triggers off
 * and the non-unique indexes dropped (inside the transaction), to show what the table's invariants cost.
 * If the first figure is below the import's goal, no import that keeps those invariants can reach it.
 */
async function dealInsertCeiling(
  db: ReturnType<typeof openDatabase>,
  orgId: string,
): Promise<{ rows: number; full: number; bare: number | null }> {
  const client = await db.pool.connect();
  try {
    const cols = (
      await client.query<{ c: string }>(
        `SELECT quote_ident(column_name) AS c FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'opportunities' AND is_generated = 'NEVER'
            AND column_name NOT IN ('id', 'external_id') ORDER BY ordinal_position`,
      )
    ).rows.map((r) => r.c);
    await client.query('CREATE TEMP TABLE bench_ceiling AS SELECT * FROM opportunities WHERE org_id = $1', [
      orgId,
    ]);
    const rows = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_ceiling')).rows[0]!
      .n;
    // Ids that sort after the imported ones (time-ordered, as the import's), so indexes are appended to.
    const insert = `INSERT INTO opportunities (id, external_id, ${cols.join(', ')})
      SELECT ('ffff' || substr(id::text, 5))::uuid, external_id || '~', ${cols.join(', ')} FROM bench_ceiling ORDER BY id`;
    const timed = async (prepare: string[]): Promise<number> => {
      await client.query('BEGIN');
      try {
        await client.query(`SELECT set_config('winpath.analytics', 'off', true)`);
        for (const statement of prepare) await client.query(statement);
        const t = performance.now();
        await client.query(insert);
        return secs(t);
      } finally {
        await client.query('ROLLBACK');
      }
    };
    const full = await timed([]);
    const secondary = (
      await client.query<{ i: string }>(
        `SELECT quote_ident(c.relname) AS i FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
          WHERE x.indrelid = 'opportunities'::regclass AND NOT x.indisprimary AND NOT x.indisunique`,
      )
    ).rows.map((r) => r.i);
    let bare: number | null = null;
    try {
      bare = await timed([
        `SET LOCAL session_replication_role = replica`,
        `DROP INDEX ${secondary.join(', ')}`,
      ]);
    } catch {
      // session_replication_role needs a superuser (BENCH_DATABASE_URL may not be one).
    }
    await client.query('DROP TABLE bench_ceiling');
    return { rows, full, bare };
  } finally {
    client.release();
  }
}

/** Times an import of `rows` deals with the analytics refreshed per batch, then rebuilt at the end. */
async function compareAnalytics(
  db: ReturnType<typeof openDatabase>,
  rows: number,
  target: (mode: 'batch' | 'rebuild') => Promise<{ orgId: string; file: string }>,
): Promise<string> {
  const out: Record<string, string>[] = [];
  for (const mode of ['batch', 'rebuild'] as const) {
    const { orgId, file } = await target(mode);
    const t0 = performance.now();
    await runImport({
      pool: db.pool,
      orgId,
      actorId: null,
      entity: 'opportunities',
      source: fileSource(file, path.basename(file)),
      mapping: BENCH_MAPPING,
      batchSize: 10_000,
      analytics: mode,
    });
    const s0 = secs(t0);
    out.push({
      analytics: mode,
      rows: rows.toLocaleString('en-US'),
      seconds: s0.toFixed(1),
      'rows/s': rate(rows, s0),
    });
  }
  return table(out);
}

function spawnImport(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { out: () => string } {
  const child = spawn(process.execPath, [path.join(benchDir, '..', 'bin', 'winpath.mjs'), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return Object.assign(child, { out: () => out });
}

const exited = (c: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    c.exitCode !== null || c.signalCode ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code)),
  );

/**
 * `npm run bench -- import-crash`: the CLI import killed with SIGKILL at random points 20 times (each time
 * once it has committed something since it started, after a random further 0-2 s), then run to the end;
 * the deals are then counted against the file. The mapping has no external id, so exactly-once rests on
 * the job's committed progress alone.
 */
export async function importCrashBench(): Promise<void> {
  console.log(
    `\n## Import crash test: ${CRASH_ROWS.toLocaleString('en-US')} rows, ${CRASHES} × SIGKILL (load average ${load()})`,
  );
  const database = await benchDatabase();
  const db = openDatabase(database.url, { max: 3 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-crash-bench-'));
  try {
    const file = path.join(dir, 'deals.csv');
    const { bad } = writeDealsCsv(file, CRASH_ROWS, 23);
    const mappingFile = path.join(dir, 'mapping.json');
    const { externalId: _drop, ...columns } = BENCH_MAPPING.columns;
    fs.writeFileSync(mappingFile, JSON.stringify({ ...BENCH_MAPPING, columns }));
    const org = await newOrg(db, 'Crash Bench');
    const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    const args = [
      'import',
      'opportunities',
      file,
      '--org',
      org.slug,
      '--mapping',
      mappingFile,
      '--batch-size',
      '5000',
    ];
    const done = async () =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT coalesce(max(rows_done), 0)::int AS n FROM import_jobs WHERE org_id = $1`,
          [org.id],
        )
      ).rows[0]!.n;
    let crashes = 0;
    const started = performance.now();
    while (crashes < CRASHES) {
      const before = await done();
      const child = spawnImport(args, env);
      // Wait until this run has committed something, then a random moment more.
      let finished = false;
      for (;;) {
        if (child.exitCode !== null) {
          finished = true;
          break;
        }
        if ((await done()) > before) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (finished)
        throw new Error(`the import finished before crash ${crashes + 1}; use more rows:\n${child.out()}`);
      await new Promise((r) => setTimeout(r, Math.random() * 2000));
      if (child.exitCode !== null)
        throw new Error(`the import finished before crash ${crashes + 1}; use more rows:\n${child.out()}`);
      child.kill('SIGKILL');
      await exited(child);
      crashes++;
      process.stdout.write(`  crash ${crashes}: ${(await done()).toLocaleString('en-US')} rows committed\n`);
    }
    const last = spawnImport(args, env);
    const code = await exited(last);
    if (code !== 0 && code !== 1) throw new Error(`the final run failed (${code}):\n${last.out()}`);
    const seconds = secs(started);
    console.log(
      `  final run: ${
        last
          .out()
          .trim()
          .split('\n')
          .find((l) => l.startsWith('Imported')) ?? last.out()
      }`,
    );
    // Each deal's name ends with "#<row number>": count them against the file's good rows.
    const present = (
      await db.pool.query<{ i: number; n: number }>(
        `SELECT substring(name FROM '#([0-9]+)$')::int AS i, count(*)::int AS n FROM opportunities WHERE org_id = $1 GROUP BY 1`,
        [org.id],
      )
    ).rows;
    const seen = new Map(present.map((r) => [r.i, r.n]));
    let duplicates = 0;
    let missing = 0;
    let unexpected = 0;
    for (let i = 1; i <= CRASH_ROWS; i++) {
      const n = seen.get(i) ?? 0;
      const good = i % 200 !== 0;
      if (good && n === 0) missing++;
      if (n > 1) duplicates += n - 1;
      if (!good && n > 0) unexpected++;
    }
    const rows = present.reduce((s, r) => s + r.n, 0);
    const [a] = (
      await db.pool.query<{ won: number; summary: number }>(
        `SELECT (SELECT count(*)::int FROM opportunities WHERE org_id = $1 AND status = 'won') AS won,
                (SELECT coalesce(sum(won), 0)::int FROM analytics_outcome_summary WHERE org_id = $1 AND product_id IS NULL) AS summary`,
        [org.id],
      )
    ).rows;
    console.log(`${crashes} crashes, ${rows} rows, ${duplicates} duplicates, ${missing} missing`);
    console.log(
      `  (${bad} bad rows refused${unexpected ? `, ${unexpected} of them imported: WRONG` : ''}; analytics won ${a!.summary} = deals won ${a!.won}: ${a!.summary === a!.won ? 'exact' : 'MISMATCH'}; ${seconds.toFixed(0)} s in all, load average ${load()})`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.close();
    await database.stop();
  }
}
