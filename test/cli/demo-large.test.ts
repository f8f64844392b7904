import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeDemo } from '../../src/server/features/demo/demo-large.service.ts';
import { createTestApp, seedOrg, type TestContext } from '../helpers.ts';

/**
 * The large demo generator at a small scale (the shape and the invariants do not depend on the size;
 * the real 1,000,000-deal run is measured by hand, see docs/operations.md).
 */
describe('demo --scale large generator', () => {
  let ctx: TestContext;
  let orgId: string;
  let summary: Awaited<ReturnType<typeof generateLargeDemo>>;
  const progress: string[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    orgId = (await seedOrg(ctx, 'Large Demo Target')).orgId;
    summary = await generateLargeDemo({
      db: ctx.db.db,
      orgId,
      now: new Date('2026-06-01T00:00:00Z'),
      scale: { reps: 20, accounts: 400, opportunities: 2_000 },
      onProgress: (line) => progress.push(line),
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  /** The first row of a query; `$1` (when used) is the organization. */
  const one = async <T>(query: string): Promise<T> =>
    (await ctx.db.pool.query(query, query.includes('$1') ? [orgId] : [])).rows[0] as T;

  it('generates exact totals: 4 stage changes, 5 stage periods and 3 activities per deal', async () => {
    expect(summary).toMatchObject({
      accounts: 400,
      opportunities: 2_000,
      stageChanges: 8_000,
      stagePeriods: 10_000,
      activities: 6_000,
    });
    const counts = await one<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM opportunities WHERE org_id = $1) AS deals,
      (SELECT count(*)::int FROM opportunity_history WHERE org_id = $1 AND field = 'stageId') AS changes,
      (SELECT count(*)::int FROM stage_periods WHERE org_id = $1) AS periods,
      (SELECT count(*)::int FROM activities WHERE org_id = $1) AS activities,
      (SELECT count(*)::int FROM users WHERE org_id = $1 AND role = 'rep') AS reps,
      (SELECT count(*)::int FROM accounts WHERE org_id = $1 AND parent_id IS NOT NULL) AS subsidiaries`);
    // seedOrg adds its own three reps to the 20 generated ones.
    expect(counts).toEqual({
      deals: 2_000,
      changes: 8_000,
      periods: 10_000,
      activities: 6_000,
      reps: 23,
      subsidiaries: 10,
    });
    expect(progress.some((l) => /opportunities\s+2,000 rows/.test(l))).toBe(true);
  });

  it('keeps each deal consistent: a gapless stage path, increasing times, the current stage at the end', async () => {
    const bad = await one<Record<string, number>>(`
      WITH h AS (
        SELECT opportunity_id, at, old_value, new_value,
          lag(at) OVER w AS prev_at, lag(new_value) OVER w AS prev_new
        FROM opportunity_history WHERE org_id = $1 AND field = 'stageId'
        WINDOW w AS (PARTITION BY opportunity_id ORDER BY id)
      ), last AS (
        SELECT DISTINCT ON (opportunity_id) opportunity_id, new_value FROM opportunity_history
        WHERE org_id = $1 ORDER BY opportunity_id, id DESC
      )
      SELECT
        (SELECT count(*)::int FROM h WHERE prev_at >= at) AS not_increasing,
        (SELECT count(*)::int FROM h WHERE prev_new IS NOT NULL AND prev_new <> old_value) AS broken_chain,
        (SELECT count(*)::int FROM h WHERE jsonb_typeof(new_value) <> 'string') AS not_json_string,
        (SELECT count(*)::int FROM last JOIN opportunities o ON o.id = last.opportunity_id
          WHERE last.new_value <> to_jsonb(o.stage_id::text)) AS wrong_current_stage,
        (SELECT count(*)::int FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id
          WHERE h.org_id = $1 AND (h.at < o.created_at OR h.at > '2026-06-01')) AS outside_life,
        (SELECT count(*)::int FROM opportunities o WHERE o.org_id = $1 AND o.status = 'open'
          AND (SELECT count(*) FROM stage_periods sp WHERE sp.opportunity_id = o.id AND sp.left_at IS NULL) <> 1)
          AS open_without_one_open_period,
        (SELECT count(*)::int FROM stage_periods sp LEFT JOIN opportunity_history h
           ON h.opportunity_id = sp.opportunity_id AND h.at = sp.entered_at AND h.new_value = to_jsonb(sp.stage_id::text)
          WHERE sp.org_id = $1 AND sp.from_stage_id IS NOT NULL AND h.id IS NULL) AS period_without_change,
        (SELECT count(*)::int FROM opportunities o WHERE o.org_id = $1 AND o.status = 'won'
          AND o.stage_id <> (SELECT id FROM pipeline_stages s WHERE s.pipeline_id = o.pipeline_id AND s.position = 8))
          AS won_before_signing`);
    expect(bad).toEqual({
      not_increasing: 0,
      broken_chain: 0,
      not_json_string: 0,
      wrong_current_stage: 0,
      outside_life: 0,
      open_without_one_open_period: 0,
      period_without_change: 0,
      won_before_signing: 0,
    });
    const mix = await one<{ won: number; lost: number; open: number }>(`SELECT
      count(*) FILTER (WHERE status = 'won')::int AS won, count(*) FILTER (WHERE status = 'lost')::int AS lost,
      count(*) FILTER (WHERE status = 'open')::int AS open FROM opportunities WHERE org_id = $1`);
    expect(mix.won).toBe(200);
    expect(mix.lost).toBeGreaterThan(400);
    expect(mix.open).toBeGreaterThan(300);
  });

  it('leaves indexes, keys and analytics in place, and the people can sign in', async () => {
    const idx = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'opportunities' AND indexname = 'opportunities_name_trgm_idx'",
    );
    expect(idx.n).toBe(1);
    const fks = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'activities'::regclass AND contype = 'f'",
    );
    expect(fks.n).toBeGreaterThanOrEqual(3);
    const analytics = await one<{ n: number }>(
      'SELECT count(*)::int AS n FROM analytics_deals WHERE org_id = $1',
    );
    expect(analytics.n).toBe(2_000);

    const slug = (await one<{ slug: string }>('SELECT slug FROM organizations WHERE id = $1')).slug;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `rep001@${slug}.winpath.dev`, password: 'winpath-demo', org: slug },
    });
    expect(res.statusCode).toBe(200);
  });
});
