// Floor 2: a bare Fastify route doing the same single-row SELECT through `pg`, no auth, no visibility.
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';

// As many connections as Winpath's server gets by default, so the two differ only in what a request does.
const pool = new pg.Pool({ connectionString: process.env.BENCH_DB_URL, max: loadConfig().databasePoolMax });
const app = Fastify({ logger: false });
app.get('/x/:id', async (req) => {
  const res = await pool.query('SELECT * FROM opportunities WHERE id = $1', [
    (req.params as { id: string }).id,
  ]);
  return res.rows[0];
});
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(`ready ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
