// The real thing: Winpath's app (auth, visibility, schemas) against the bench database.
import { loadConfig, VERSION } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { openDatabase } from '../../src/server/db/client.ts';

// The pool the server gets by default (DATABASE_POOL_MAX).
const db = openDatabase(process.env.BENCH_DB_URL!, { max: loadConfig().databasePoolMax });
const app = await buildApp({ db: db.db, version: VERSION });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(`ready ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
