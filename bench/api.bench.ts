import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../src/server/db/client.ts';
import { opportunities, users } from '../src/server/db/schema/index.ts';
import { createToken } from '../src/server/features/auth/auth.service.ts';
import { generateDemo } from '../src/server/features/demo/demo.service.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import { benchDatabase, type LoadResult, load, startServer, table } from './lib.ts';

/**
 * API throughput at 50 connections: Winpath's authenticated, visibility-checked GET of one deal and a
 * 50-row list, beside two floors measured in the same run (bare Fastify; bare Fastify + the same SELECT).
 */
export async function apiBench(): Promise<void> {
  console.log('\n## API: GET /api/v1/opportunities/:id and a 50-row list (autocannon, 50 connections, 10 s)');
  const database = await benchDatabase();
  const db = openDatabase(database.url, { max: 4 });
  // 20 tenants of 1,000 deals each: the measured tenant shares its tables with the others.
  let orgId = '';
  for (let i = 0; i < 20; i++) {
    const org = await createOrganization({
      db: db.db,
      name: `Bench Co ${i}`,
      adminEmail: 'bench@example.com',
      adminPassword: 'bench-password-1',
    });
    orgId ||= org.organization.id;
    await generateDemo({
      db: db.db,
      orgId: org.organization.id,
      now: new Date(),
      seed: i + 1,
      scale: { accounts: 100, deals: 1_000, activitiesPerDeal: 1 },
    });
  }
  // Settle the freshly loaded tables before measuring, as pgbench does: without it the runs compete with
  // autovacuum's pass over 20,000 new deals and re-write pages to set their hint bits (measured: floor and
  // GET by id 30–50 % slower and p99 ~1.5× longer in the first minute after loading).
  await db.pool.query('VACUUM (ANALYZE)');
  await db.pool.query('CHECKPOINT');
  // A rep: the visibility check is the owner/deal-team predicate, the most common case.
  const [rep] = await db.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'rep')))
    .limit(1);
  const [deal] = await db.db
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(and(eq(opportunities.orgId, orgId), eq(opportunities.ownerId, rep!.id)))
    .limit(1);
  const token = (await createToken({ db: db.db, orgId, userId: rep!.id, name: 'bench', actorId: null }))
    .token;
  const [{ n }] = (await db.pool.query('SELECT count(*)::int AS n FROM opportunities')).rows as [
    { n: number },
  ];
  console.log(`dataset: ${n} opportunities; rep ${rep!.id}; deal ${deal!.id}`);
  await db.close();

  const env = { BENCH_DB_URL: database.url, NODE_ENV: 'production' };
  const results: LoadResult[] = [];
  const auth = { authorization: `Bearer ${token}` };
  for (const [script, name, pathFor, headers] of [
    ['floor-bare.ts', 'floor: bare Fastify, no database', (id: string) => `/x/${id}`, {}],
    ['floor-pg.ts', 'floor: bare Fastify + pg single-row SELECT', (id: string) => `/x/${id}`, {}],
    ['winpath.ts', 'winpath GET /opportunities/:id', (id: string) => `/api/v1/opportunities/${id}`, auth],
    ['winpath.ts', 'winpath GET /opportunities?limit=50', () => '/api/v1/opportunities?limit=50', auth],
  ] as const) {
    const srv = await startServer(script, env);
    results.push(await load(name, `http://127.0.0.1:${srv.port}${pathFor(deal!.id)}`, { headers }));
    srv.child.kill('SIGTERM');
    await new Promise((r) => srv.child.once('exit', r));
  }
  console.log(
    table(
      results.map((r) => ({
        route: r.name,
        'req/s': r.rps,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'non-2xx': r.non2xx,
        errors: r.errors,
      })),
    ),
  );
  const floor = results[1]!.rps;
  const get = results[2]!;
  console.log(
    `GET by id: ${((get.rps / floor) * 100).toFixed(0)}% of the database floor (goal ≥ 70%), p99 ${get.p99} ms (goal < 25 ms)`,
  );
  await database.stop();
}
