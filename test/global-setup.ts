import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/db/client.ts';
import { type EmbeddedHandle, startEmbedded } from '../src/server/db/embedded.ts';
import { ensureDatabaseExists, runMigrations } from '../src/server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/**
 * One PostgreSQL per test run: the embedded cluster in a temporary folder, or the server at
 * TEST_DATABASE_URL. Migrations are applied once to a template database; each test file clones it.
 */
export default async function setup(project: TestProject) {
  let handle: EmbeddedHandle | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winpath-test-'));
    fs.chmodSync(dir, 0o755);
    handle = await startEmbedded({ dataDir: dir, kind: 'server' });
    adminUrl = handle.url;
    await ensureDatabaseExists(adminUrl);
  }
  const templateDb = `winpath_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  const tplUrl = new URL(adminUrl);
  tplUrl.pathname = `/${templateDb}`;
  const tpl = openDatabase(tplUrl.toString(), { max: 1 });
  await runMigrations(tpl.pool);
  await tpl.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'winpath_t_${process.pid}_%' OR datname = $1`,
      [templateDb],
    );
    for (const { datname } of leftovers.rows)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
    await handle?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}
