import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client.ts';
import { type EmbeddedHandle, startEmbedded } from '../src/server/db/embedded.ts';
import { ensureDatabaseExists, runMigrations } from '../src/server/db/migrate.ts';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * A fresh database for one benchmark: a new database on the server of BENCH_DATABASE_URL (dropped at the
 * end, so runs never measure what earlier runs left behind), or a fresh embedded cluster in a temporary
 * folder.
 */
export async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  let handle: EmbeddedHandle | undefined;
  let dir: string | undefined;
  let dropDatabase = async () => {};
  let url: string;
  if (process.env.BENCH_DATABASE_URL) {
    const target = new URL(process.env.BENCH_DATABASE_URL);
    const name = `${decodeURIComponent(target.pathname.slice(1)) || 'winpath'}_bench_${process.pid}_${Date.now()}`;
    target.pathname = `/${encodeURIComponent(name)}`;
    url = target.toString();
    const admin = new URL(url);
    admin.pathname = '/postgres';
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => client.end());
    };
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-bench-'));
    fs.chmodSync(dir, 0o755);
    handle = await startEmbedded({ dataDir: dir, kind: 'server' });
    url = handle.url;
  }
  await ensureDatabaseExists(url);
  const db = openDatabase(url, { max: 2 });
  await runMigrations(db.pool);
  await db.close();
  return {
    url,
    stop: async () => {
      await dropDatabase();
      await handle?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a bench server script in its own process (so the load generator does not share its event loop). */
export async function startServer(
  script: string,
  env: Record<string, string>,
): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'servers', script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = buf.match(/ready (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { port, child };
}

export type LoadResult = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
};

/** Runs autocannon against a URL: warm-up, then the measured run. */
export async function load(
  name: string,
  url: string,
  opts: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: opts.connections ?? 50,
      duration,
      headers: opts.headers ?? {},
      pipelining: 1,
    });
  await run(2);
  const r = await run(opts.seconds ?? 10);
  return {
    name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

export function table(rows: Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i]!)).join('  ');
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join('\n');
}
