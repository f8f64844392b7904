import { sql } from 'drizzle-orm';
import { dealHealth } from '../src/core/process/health.ts';
import type { DealFacts } from '../src/core/process/model.ts';
import { rng } from '../src/core/random.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { createOrganization } from '../src/server/features/orgs/orgs.service.ts';
import { loadFacts, loadStages } from '../src/server/features/process/process.repo.ts';
import { benchDatabase, table } from './lib.ts';

const N = 100_000;

/**
 * Deal health for 100,000 open deals: the pure rules alone (facts in memory), and end to end (facts read
 * from PostgreSQL in one statement, then the rules).
 */
export async function healthBench(): Promise<void> {
  console.log(`\n## Deal health for ${N.toLocaleString('en')} open deals`);
  const database = await benchDatabase();
  const db = openDatabase(database.url, { max: 4 });
  const org = await createOrganization({
    db: db.db,
    name: 'Health Co',
    adminEmail: 'h@example.com',
    adminPassword: 'bench-password-1',
  });
  const orgId = org.organization.id;
  const adminId = org.admin.id;
  const t0 = performance.now();
  // Set-based generation: accounts, contacts, deals spread over the 8 stages, stakeholders, activities.
  await db.pool.query(
    `INSERT INTO accounts (org_id, name, owner_id) SELECT $1, 'Account ' || g, $2 FROM generate_series(1, 5000) g`,
    [orgId, adminId],
  );
  await db.pool.query(
    `INSERT INTO contacts (org_id, account_id, owner_id, name)
     SELECT a.org_id, a.id, a.owner_id, 'Contact ' || g FROM accounts a, generate_series(1, 3) g WHERE a.org_id = $1`,
    [orgId],
  );
  await db.pool.query(
    `WITH acc AS (SELECT id, row_number() OVER () AS rn FROM accounts WHERE org_id = $1),
          st AS (SELECT id, position FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2)
     INSERT INTO opportunities (org_id, name, account_id, owner_id, amount, pipeline_id, stage_id, expected_close_date,
                                buyer_step, key_need, created_at)
     SELECT $1, 'Deal ' || g, acc.id, $3, (g % 97) * 10000, $2, st.id, current_date + ((g % 120) - 30),
            CASE WHEN g % 3 = 0 THEN greatest(1, st.position - 1) END, CASE WHEN g % 2 = 0 THEN 'need' END,
            now() - ((g % 200) || ' days')::interval
       FROM generate_series(1, ${N}) g
       JOIN acc ON acc.rn = 1 + (g % 5000)
       JOIN st ON st.position = 1 + (g % 8)`,
    [orgId, org.pipelineId, adminId],
  );
  await db.pool.query(
    `INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at)
     SELECT org_id, id, pipeline_id, stage_id, created_at + interval '3 days' FROM opportunities WHERE org_id = $1`,
    [orgId],
  );
  await db.pool.query(
    `INSERT INTO stakeholders (org_id, opportunity_id, contact_id, role, met, attitude)
     SELECT o.org_id, o.id, c.id, (ARRAY['decision_maker','coach','technical_evaluator','user']::buying_role[])[1 + (abs(hashtext(o.id::text || c.id::text)) % 4)],
            (abs(hashtext(c.id::text)) % 2) = 0, 'neutral'
       FROM opportunities o JOIN LATERAL (SELECT id FROM contacts c WHERE c.org_id = o.org_id AND c.account_id = o.account_id
            LIMIT 1 + (abs(hashtext(o.id::text)) % 3)) c ON true
      WHERE o.org_id = $1`,
    [orgId],
  );
  await db.pool.query(
    `INSERT INTO activities (org_id, type, status, subject, start_at, owner_id, opportunity_id, account_id)
     SELECT o.org_id, (ARRAY['visit','call','demo']::activity_type[])[1 + g % 3], 'done', 'Activity', now() - ((g * 7) || ' days')::interval,
            o.owner_id, o.id, o.account_id
       FROM opportunities o, generate_series(0, 1) g WHERE o.org_id = $1`,
    [orgId],
  );
  await db.pool.query('ANALYZE');
  console.log(
    `generated ${N} deals with stakeholders and activities in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const stages = await loadStages(db.db, orgId, org.pipelineId);
  const now = new Date();
  const rows: Record<string, string | number>[] = [];

  // End to end: facts from the database, then the rules.
  const t1 = performance.now();
  const facts = await loadFacts(db.db, orgId, sql`o.status = 'open'`);
  const t2 = performance.now();
  let warnings = 0;
  for (const f of facts.values()) warnings += dealHealth(stages, f, { now, locale: 'en' }).warnings.length;
  const t3 = performance.now();
  rows.push({
    what: 'load facts (SQL, one statement)',
    deals: facts.size,
    ms: Math.round(t2 - t1),
    'deals/s': Math.round(facts.size / ((t2 - t1) / 1000)),
  });
  rows.push({
    what: 'health rules (pure)',
    deals: facts.size,
    ms: Math.round(t3 - t2),
    'deals/s': Math.round(facts.size / ((t3 - t2) / 1000)),
  });
  rows.push({
    what: 'end to end',
    deals: facts.size,
    ms: Math.round(t3 - t1),
    'deals/s': Math.round(facts.size / ((t3 - t1) / 1000)),
  });

  // The pure rules again on synthetic in-memory facts (no database at all), for a clean CPU figure.
  const r = rng(7);
  const synthetic: DealFacts[] = Array.from({ length: N }, (_, i) => ({
    stageId: stages[i % stages.length]!.id,
    status: 'open',
    buyerStep: r.chance(0.3) ? r.int(1, 8) : null,
    expectedCloseDate: r.chance(0.5) ? '2026-10-01' : '2027-03-01',
    createdAt: '2026-01-01T00:00:00.000Z',
    stageEnteredAt: '2026-06-01T00:00:00.000Z',
    fields: { keyNeed: r.chance(0.5) ? 'x' : null },
    completions: [],
    stakeholders: r.chance(0.5)
      ? [{ contactId: 'c', role: 'decision_maker', attitude: 'neutral', met: r.chance(0.5) }]
      : [],
    doneActivityTypes: r.chance(0.5) ? ['visit'] : [],
    lastActivityAt: r.chance(0.5) ? '2026-11-01T00:00:00.000Z' : null,
  }));
  const t4 = performance.now();
  for (const f of synthetic) warnings += dealHealth(stages, f, { now, locale: 'zh-CN' }).warnings.length;
  const t5 = performance.now();
  rows.push({
    what: 'health rules (pure, synthetic facts)',
    deals: N,
    ms: Math.round(t5 - t4),
    'deals/s': Math.round(N / ((t5 - t4) / 1000)),
  });
  console.log(table(rows));
  console.log(`(${warnings.toLocaleString('en')} warnings produced in total)`);
  await db.close();
  await database.stop();
}
