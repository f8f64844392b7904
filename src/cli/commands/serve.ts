import { loadConfig } from '../../config.ts';
import { buildApp } from '../../server/app.ts';
import { DataDirBusyError } from '../../server/db/embedded.ts';
import { ensureDemo } from '../../server/features/demo/demo.service.ts';
import { startHousekeeping } from '../../server/housekeeping.ts';
import { openRuntime } from '../../server/runtime.ts';
import { parse } from '../args.ts';

export const serveUsage = 'winpath serve [--port N] [--host H] [--no-demo]';

/** Runs the server until SIGINT/SIGTERM, then closes the server, then the database. */
export async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-demo': { type: 'boolean' },
  });
  const config = loadConfig({
    ...process.env,
    ...(values.port ? { PORT: values.port } : {}),
    ...(values.host ? { HOST: values.host } : {}),
  });
  let runtime: Awaited<ReturnType<typeof openRuntime>>;
  try {
    runtime = await openRuntime(config, 'server');
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      console.error(`winpath: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const { database } = runtime;
  let demo: Awaited<ReturnType<typeof ensureDemo>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    demo = values['no-demo'] ? undefined : await ensureDemo({ db: database.db });
    app = await buildApp({
      db: database.db,
      version: config.version,
      logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
      web: true,
      secureCookies: config.secureCookies,
    });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const housekeeping = startHousekeeping(database.db);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\nwinpath: ${signal} received, shutting down`);
    housekeeping.stop();
    await app.close().catch(() => {});
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    console.error(`winpath: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
    await runtime.close();
    return 1;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  console.log(`Database: ${runtime.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}`);
  if (demo?.created) console.log(`Demo organization created: sign in as ${demo.email} / ${demo.password}`);
  else if (demo) console.log(`Demo sign-in: ${demo.email} / ${demo.password}`);
  console.log(`API docs: ${url}/api/docs`);
  console.log(`Winpath listening on ${url}`);
  return await new Promise<number>(() => {});
}
