import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import type { Database, Db } from '../server/db/client.ts';
import { organizations } from '../server/db/schema/index.ts';
import { DomainError } from '../server/http/errors.ts';
import { openRuntime, type Runtime } from '../server/runtime.ts';

/**
 * Runs a CLI command against Winpath's database: DATABASE_URL when set, otherwise the embedded cluster
 * in the data folder (attached to when a server runs on it, or started and stopped around the command).
 * Migrations are applied on open, so every command sees the current schema.
 */
export async function withDatabase<T>(
  fn: (database: Database, runtime: Runtime) => Promise<T>,
  opts: { poolMax?: number } = {},
): Promise<T> {
  const config = loadConfig();
  const runtime = await openRuntime(config, 'cli', { poolMax: opts.poolMax ?? 4 });
  // Ctrl-C during a long command (demo, backup) must still stop a cluster this command started;
  // otherwise the next start has to clean up an orphan.
  const interrupt = () => {
    process.stderr.write('\nwinpath: interrupted, closing the database\n');
    void runtime.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await fn(runtime.database, runtime);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await runtime.close();
  }
}

/** Thousands separators for the figures commands print. */
export const fmt = (n: number) => n.toLocaleString('en-US');

/** The organization with this slug, or a clear error naming it. */
export async function findOrganization(
  db: Db,
  slug: string,
): Promise<{ id: string; slug: string; name: string }> {
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  if (!org) throw new DomainError(404, 'not_found', `No organization with the slug '${slug}'.`);
  return org;
}
