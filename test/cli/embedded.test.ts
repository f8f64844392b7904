import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReachableByPostgresUser, startEmbedded } from '../../src/server/db/embedded.ts';
import { cliEnv, exitCode, lastLine, runCli, startCli, waitForOutput } from './run-cli.ts';

const isRoot = process.getuid?.() === 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster of the data folder's cluster, if one is running. */
function postmaster(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) && alive(pid) ? pid : undefined;
}

/**
 * The embedded data folder shared by the server and the CLI (no DATABASE_URL): one owner starts and stops
 * the cluster, a second server is refused, the CLI attaches to a running server's cluster or runs its own.
 */
describe('embedded data folder', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ReturnType<typeof startCli> | undefined;

  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-embedded-'));
    // As root the cluster runs as the postgres user, which must be able to enter the folder.
    fs.chmodSync(base, 0o755);
    dataDir = path.join(base, 'data');
    env = cliEnv({ WINPATH_DATA_DIR: dataDir, PORT: '0' });
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await exitCode(server).catch(() => server?.kill('SIGKILL'));
    }
    const pid = postmaster(dataDir);
    if (pid) process.kill(pid, 'SIGINT');
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('a running server shares its cluster with the CLI, refuses a second server, and stops it all on SIGTERM', async () => {
    server = startCli(['serve', '--no-demo'], env);
    const [, port] = await waitForOutput(server, /Winpath listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const owner = JSON.parse(fs.readFileSync(path.join(dataDir, 'owner.json'), 'utf8')) as {
      pid: number;
      kind: string;
    };
    expect(owner).toMatchObject({ pid: server.pid, kind: 'server' });

    const second = await runCli(['serve', '--no-demo'], env, 30_000);
    expect(second.stderr).toMatch(/Winpath is already running on the data folder .* \(server, pid \d+/);
    expect(second.code).toBe(1);

    // The CLI attaches to the server's cluster: the new organization is visible to the server at once.
    const created = await runCli(
      [
        'org',
        'create',
        '--name',
        'Embedded Co',
        '--admin-email',
        'root@embedded.example',
        '--admin-password',
        'a-long-password',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const slug = lastLine(created.stdout);
    expect(slug).toBe('embedded-co');
    const issued = await runCli(['token', 'create', '--org', slug, '--email', 'root@embedded.example'], env);
    expect(issued.code).toBe(0);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${lastLine(issued.stdout)}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { organization: { slug: string } }).organization.slug).toBe(slug);
    // Attaching did not take the folder over from the server.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'owner.json'), 'utf8')).pid).toBe(server.pid);

    const pgPid = postmaster(dataDir);
    expect(pgPid).toBeDefined();
    server.kill('SIGTERM');
    expect(await exitCode(server)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'owner.json'))).toBe(false);
    expect(postmaster(dataDir)).toBeUndefined();
    expect(alive(pgPid!)).toBe(false);
  });

  it('with no server running, a CLI command starts the cluster for itself and stops it afterwards', async () => {
    const created = await runCli(
      [
        'org',
        'create',
        '--name',
        'Offline Co',
        '--admin-email',
        'ops@offline.example',
        '--admin-password',
        'a-long-password',
      ],
      env,
    );
    expect(created.stderr).toContain("Organization 'Offline Co' created");
    expect(created.code).toBe(0);
    expect(lastLine(created.stdout)).toBe('offline-co');
    expect(fs.existsSync(path.join(dataDir, 'owner.json'))).toBe(false);
    expect(postmaster(dataDir)).toBeUndefined();

    // The data persisted in the folder: the next command (another cluster start) finds both organizations.
    const issued = await runCli(
      ['token', 'create', '--org', 'embedded-co', '--email', 'root@embedded.example'],
      env,
    );
    expect(issued.stderr).toContain("API token 'cli' created");
    expect(issued.code).toBe(0);
    expect(lastLine(issued.stdout)).toMatch(/^wp_/);
    expect(postmaster(dataDir)).toBeUndefined();
  });
});

describe('startEmbedded', () => {
  it('takes another port when its port is taken between choosing it and PostgreSQL binding it', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-race-'));
    fs.chmodSync(base, 0o755);
    const dataDir = path.join(base, 'data');
    // Another process binds the port the cluster chose while initdb runs (it takes a second or more).
    let squatter: net.Server | undefined;
    let squatted = 0;
    const watch = setInterval(() => {
      const file = path.join(dataDir, 'cluster.json');
      if (squatter || !fs.existsSync(file)) return;
      squatted = (JSON.parse(fs.readFileSync(file, 'utf8')) as { port: number }).port;
      squatter = net.createServer().listen(squatted, '127.0.0.1');
    }, 5);
    let handle: Awaited<ReturnType<typeof startEmbedded>> | undefined;
    try {
      handle = await startEmbedded({ dataDir, kind: 'cli' });
      expect(squatted).toBeGreaterThan(0);
      const port = Number(new URL(handle.url).port);
      expect(port).not.toBe(squatted);
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'cluster.json'), 'utf8')).port).toBe(port);
      const client = new pg.Client({ connectionString: handle.url.replace(/\/winpath$/, '/postgres') });
      await client.connect();
      const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
      // The cluster's own settings: analytics' aggregates hash in memory (see embedded.ts).
      const memory = await client.query<{ work_mem: string }>('SHOW work_mem');
      await client.end();
      expect(rows[0]!.one).toBe(1);
      expect(memory.rows[0]!.work_mem).toBe('16MB');
    } finally {
      clearInterval(watch);
      await handle?.stop();
      squatter?.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('checkReachableByPostgresUser', () => {
  it('explains a data folder inside a private (mode 700) home when running as root', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-home-'));
    try {
      fs.chmodSync(home, 0o700);
      const dataDir = path.join(home, 'project', '.winpath');
      fs.mkdirSync(dataDir, { recursive: true });
      fs.chmodSync(path.join(home, 'project'), 0o755);
      if (isRoot) {
        expect(() => checkReachableByPostgresUser(dataDir)).toThrow(
          new RegExp(
            `cannot enter ${home.replaceAll('/', '\\/')} \\(mode 700\\).*Set WINPATH_DATA_DIR to a folder outside`,
          ),
        );
        fs.chmodSync(home, 0o711);
        expect(() => checkReachableByPostgresUser(dataDir)).not.toThrow();
      } else {
        // Without root the cluster runs as the current user, who can reach its own folders.
        expect(() => checkReachableByPostgresUser(dataDir)).not.toThrow();
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
