import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/** Quota entry rules: no negative amounts, one live quota per subject and period. */

let ctx: TestContext;
let org: SeededOrg;
const admin = () => api(ctx, org.users.admin.token);
type Err = { path: string; code: string; params?: Record<string, string | number> };
const Q4 = { periodStart: '2026-10-01', periodEnd: '2026-12-31' };

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Quota Rules Co');
});
afterAll(() => ctx.close());

describe('quota entry', () => {
  it('refuses a negative amount on the field instead of saving 0', async () => {
    const res = await admin().post('/api/v1/quotas', { userId: org.users.rep.id, ...Q4, amount: -100 });
    expect(res.status).toBe(400);
    expect((res.body.errors as Err[]).map((e) => [e.path, e.code])).toEqual([['amount', 'too_small']]);
    const listed = await admin().get(`/api/v1/quotas?userId=${org.users.rep.id}`);
    expect(listed.body.items).toEqual([]);
  });

  it('refuses a second quota for the same person and period with a 409 naming the period', async () => {
    const first = await admin().post('/api/v1/quotas', {
      userId: org.users.rep.id,
      ...Q4,
      amount: 2_000_000,
    });
    expect(first.status).toBe(201);
    const second = await admin().post('/api/v1/quotas', { userId: org.users.rep.id, ...Q4, amount: 0 });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'duplicate_quota', existingId: first.body.id });
    expect(second.body.errors).toEqual([
      {
        path: 'userId',
        code: 'quota_exists',
        params: { from: '2026-10-01', to: '2026-12-31' },
        message: 'already has a quota for 2026-10-01 to 2026-12-31; edit that one',
      },
    ]);
    // Another period, or the same period toward another team (a split territory), is another quota.
    const december = await admin().post('/api/v1/quotas', {
      userId: org.users.rep.id,
      periodStart: '2026-12-01',
      periodEnd: '2026-12-31',
      amount: 1,
    });
    expect(december.status).toBe(201);
    const toward = await admin().post('/api/v1/quotas', {
      userId: org.users.rep.id,
      teamId: org.teams.north,
      ...Q4,
      amount: 1,
    });
    expect(toward.status).toBe(201);
    // Moving the December quota onto Q4 is a duplicate too; editing the existing one is fine.
    const moved = await admin().patch(`/api/v1/quotas/${december.body.id}`, Q4, {
      'if-match': `"${december.body.version}"`,
    });
    expect(moved.status).toBe(409);
    expect(moved.body.existingId).toBe(first.body.id);
    const edited = await admin().patch(
      `/api/v1/quotas/${first.body.id}`,
      { ...Q4, amount: 3_000_000 },
      { 'if-match': `"${first.body.version}"` },
    );
    expect(edited.status).toBe(200);
    const attainment = await admin().get('/api/v1/quotas/attainment?period=2026-Q4&groupBy=owner');
    const rep = (attainment.body.rows as { key: string; quota: number }[]).find(
      (r) => r.key === org.users.rep.id,
    );
    // 3,000,000 + the split 1 + the December 1: the refused second entry added nothing.
    expect(rep?.quota).toBe(3_000_002);
  });

  it('refuses a second own quota of a team on the team, and lets a deleted one be replaced', async () => {
    const first = await admin().post('/api/v1/quotas', { teamId: org.teams.east, ...Q4, amount: 5 });
    expect(first.status).toBe(201);
    const second = await admin().post('/api/v1/quotas', { teamId: org.teams.east, ...Q4, amount: 6 });
    expect(second.status).toBe(409);
    expect((second.body.errors as Err[]).map((e) => [e.path, e.code])).toEqual([['teamId', 'quota_exists']]);
    expect(
      (await admin().del(`/api/v1/quotas/${first.body.id}`, { 'if-match': `"${first.body.version}"` }))
        .status,
    ).toBe(204);
    const replaced = await admin().post('/api/v1/quotas', { teamId: org.teams.east, ...Q4, amount: 6 });
    expect(replaced.status).toBe(201);
    // Restoring the deleted one would make two: the unique index refuses it on the subject.
    const restored = await admin().post(`/api/v1/quotas/${first.body.id}/restore`);
    expect(restored.status).toBe(409);
  });
});

describe('the migration to one quota per subject and period', () => {
  it('keeps the newest of existing duplicates and soft-deletes the others instead of failing', async () => {
    const migration = readFileSync(
      new URL('../../drizzle/0019_quota_one_per_period.sql', import.meta.url),
      'utf8',
    );
    const statements = migration.split('--> statement-breakpoint').map((s) => s.trim());
    const other = await seedOrg(ctx, 'Duplicates Co');
    const client = await ctx.db.pool.connect();
    try {
      await client.query('BEGIN');
      // The database as it was before: no index, duplicates of a person's and of a team's quota.
      await client.query('DROP INDEX quotas_subject_period_key');
      const insert = (userId: string | null, teamId: string | null, amount: number, updatedAt: string) =>
        client.query<{ id: string }>(
          `INSERT INTO quotas (org_id, user_id, team_id, period_start, period_end, amount, updated_at)
           VALUES ($1, $2, $3, '2026-10-01', '2026-12-31', $4, $5) RETURNING id`,
          [other.orgId, userId, teamId, amount, updatedAt],
        );
      await insert(other.users.rep.id, null, 2_000_000, '2026-10-01T00:00:00Z');
      const newest = (await insert(other.users.rep.id, null, 0, '2026-11-01T00:00:00Z')).rows[0]!.id;
      const split = (await insert(other.users.rep.id, other.teams.north, 7, '2026-09-01T00:00:00Z')).rows[0]!
        .id;
      await insert(null, other.teams.east, 1, '2026-10-01T00:00:00Z');
      const team = (await insert(null, other.teams.east, 2, '2026-10-02T00:00:00Z')).rows[0]!.id;
      for (const statement of statements) await client.query(statement);
      const live = await client.query<{ id: string }>(
        'SELECT id FROM quotas WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id',
        [other.orgId],
      );
      expect(live.rows.map((r) => r.id)).toEqual([newest, split, team].sort());
      const deleted = await client.query<{ n: number; batches: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT deleted_batch)::int AS batches FROM quotas WHERE org_id = $1 AND deleted_at IS NOT NULL',
        [other.orgId],
      );
      expect(deleted.rows[0]).toEqual({ n: 2, batches: 2 });
      await expect(insert(null, other.teams.east, 3, '2026-12-01T00:00:00Z')).rejects.toMatchObject({
        code: '23505',
      });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
