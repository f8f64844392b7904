import type { Config } from '../config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { type OwnerKind, startEmbedded } from './db/embedded.ts';
import { ensureDatabaseExists, runMigrations } from './db/migrate.ts';

export type Runtime = { database: Database; embedded: boolean; close: () => Promise<void> };

/**
 * Opens Winpath's database: the server at DATABASE_URL when set, otherwise the embedded cluster in the
 * data folder (started here, or attached to when another Winpath process already runs it). Migrations
 * are applied before anything else touches the database.
 */
export async function openRuntime(
  config: Config,
  kind: OwnerKind,
  opts: { poolMax?: number } = {},
): Promise<Runtime> {
  let url = config.databaseUrl;
  let stopEmbedded = async () => {};
  if (!url) {
    const handle = await startEmbedded({ dataDir: config.dataDir, kind });
    url = handle.url;
    stopEmbedded = handle.stop;
    try {
      await ensureDatabaseExists(url);
    } catch (err) {
      await stopEmbedded();
      throw err;
    }
  }
  const database = openDatabase(url, { max: opts.poolMax ?? config.databasePoolMax });
  try {
    await runMigrations(database.pool);
  } catch (err) {
    await database.close().catch(() => {});
    await stopEmbedded();
    throw err;
  }
  return {
    database,
    embedded: !config.databaseUrl,
    close: async () => {
      await database.close().catch(() => {});
      await stopEmbedded();
    },
  };
}
