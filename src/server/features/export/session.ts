import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from '../../db/client.ts';

/**
 * At most this many exports read from the database at once in a process; more wait for a turn. Each holds
 * one pooled connection (and a snapshot) for as long as its download lasts, and the API must keep the rest
 * of the pool for everyone else.
 */
export const MAX_CONCURRENT_EXPORTS = 4;

let running = 0;
const waiting: (() => void)[] = [];

async function acquireSlot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT_EXPORTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

/** Renders drizzle SQL (conditions built from the tables use their snake_case names). */
const dialect = new PgDialect({ casing: 'snake_case' });
export const toQuery = (query: SQL) => dialect.sqlToQuery(query);

/** The pg pool behind a drizzle database. */
export function poolOf(db: Db): pg.Pool {
  // drizzle keeps the client it was opened with as `$client` (not in the Db type, which only has queries).
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) throw new Error('exports need a database opened on a pg.Pool');
  return client;
}

/**
 * One pooled connection holding a REPEATABLE READ snapshot for the life of an export, so every row and
 * every file of a bundle comes from the same moment. It is closed exactly once, whichever comes first:
 * the last row, an error, or the client going away. After closing, any further query is refused instead
 * of running on a connection the pool may already have handed to someone else.
 */
export class ExportSession {
  private closed = false;
  private cursors = 0;
  /** The connection failed while the export waited for its reader (e.g. the idle timeout below). */
  private lost: Error | undefined;
  private readonly onError = (err: Error) => {
    this.lost = err;
  };

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly releaseSlot: () => void,
  ) {
    // A checked-out client has no error listener of the pool's: without this one, a connection dropped
    // between two FETCHes would be an unhandled 'error' event and take the process down.
    client.on('error', this.onError);
  }

  static async open(db: Db): Promise<ExportSession> {
    const releaseSlot = await acquireSlot();
    let client: pg.PoolClient;
    try {
      client = await poolOf(db).connect();
    } catch (err) {
      releaseSlot();
      throw err;
    }
    const session = new ExportSession(client, releaseSlot);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A download that stalls (the other end stops reading) must not hold a snapshot forever.
      await client.query("SET LOCAL idle_in_transaction_session_timeout = '15min'");
    } catch (err) {
      await session.close(err as Error);
      throw err;
    }
    return session;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new Error('the export was closed');
    return this.client.query<R>(text, values);
  }

  async rows(text: string): Promise<(string | null)[][]> {
    if (this.closed) throw new Error('the export was closed');
    const res = await this.client.query<(string | null)[]>({ text, rowMode: 'array' });
    return res.rows;
  }

  /** Declares a cursor over `query` and returns its name. */
  async declare(query: SQL): Promise<string> {
    const name = `wp_export_${++this.cursors}`;
    const q = toQuery(query);
    await this.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${q.sql}`, q.params);
    return name;
  }

  /** Ends the transaction and gives the connection back (discarding it when it is broken). */
  async close(error?: Error): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let broken = this.lost ?? (error && error.message !== 'the export was closed' ? error : undefined);
    try {
      // pg runs queries in order, so this waits for a FETCH still in flight.
      if (!this.lost) await this.client.query('ROLLBACK');
    } catch (err) {
      broken = err as Error;
    } finally {
      this.client.off('error', this.onError);
      this.client.release(broken);
      this.releaseSlot();
    }
  }
}

/**
 * Reads a cursor in batches of `batch` rows. The next batch is requested before this one is handed on, so
 * PostgreSQL and the CSV writer work at the same time; at most two batches are in memory, however large
 * the result, and nothing more is fetched while the consumer does not ask.
 */
export async function* fetchBatches(
  session: ExportSession,
  cursor: string,
  batch: number,
  onFetch?: (rows: number) => void,
): AsyncGenerator<(string | null)[][]> {
  const fetch = () => {
    const p = session.rows(`FETCH FORWARD ${batch} FROM ${cursor}`).then((rows) => {
      onFetch?.(rows.length);
      return rows;
    });
    // Observed here so that a batch that fails after the consumer has gone is not an unhandled rejection.
    p.catch(() => undefined);
    return p;
  };
  let pending: Promise<(string | null)[][]> | undefined = fetch();
  while (pending) {
    const rows: (string | null)[][] = await pending;
    pending = rows.length === batch ? fetch() : undefined;
    if (rows.length) yield rows;
  }
  await session.query(`CLOSE ${cursor}`);
}
