import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool | pg.PoolClient };
/** A transaction handle; services accept either so a caller can compose them in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = { db: Db; pool: pg.Pool; url: string; close: () => Promise<void> };

const hotPools = new WeakMap<Db, pg.Pool>();

export function openDatabase(url: string, opts: { max?: number } = {}): Database {
  const max = opts.max ?? 20;
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema, casing: 'snake_case' });
  // The hot prepared reads (an item by id) run on connections of their own that always use the generic
  // plan. Under the default plan_cache_mode PostgreSQL kept re-planning that statement on every call (its
  // custom plans are estimated a hair cheaper than the generic one), which doubled its server-side cost
  // (measured: bench/api.bench.ts). The setting is per connection, so the other queries, whose plans do
  // depend on their values (searches, date ranges), keep the default on the main pool.
  const hot = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  hot.on('error', () => {});
  hotPools.set(db, hot);
  return { db, pool, url, close: async () => void (await Promise.all([pool.end(), hot.end()])) };
}

/** The pool for hot prepared reads of `db` (its own pool when the database was opened elsewhere). */
export function hotPoolOf(db: Db): pg.Pool | pg.PoolClient {
  return hotPools.get(db) ?? db.$client;
}

export { schema };
