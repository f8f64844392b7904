import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlappingQuotas, type QuotaPeriod } from '../../src/core/analytics/quota-overlap.ts';
import { rng } from '../../src/core/random.ts';
import type { Actor } from '../../src/server/auth/actor.ts';
import { quotasResource } from '../../src/server/features/quotas/quotas.resource.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

/**
 * Quota entry rules: no negative amounts, and a subject's live quotas (a team's own, or a person's toward a
 * team) do not overlap in time — a second quota for the same period is a duplicate, one whose period
 * overlaps another's is refused naming that one.
 */

let ctx: TestContext;
let org: SeededOrg;
const admin = () => api(ctx, org.users.admin.token);
type Err = { path: string; code: string; params?: Record<string, string | number> };
const Q4 = { periodStart: '2026-10-01', periodEnd: '2026-12-31' };
const NOV = { periodStart: '2026-11-01', periodEnd: '2026-11-30' };
const DEC = { periodStart: '2026-12-01', periodEnd: '2026-12-31' };
const JAN = { periodStart: '2027-01-01', periodEnd: '2027-01-31' };
type Row = { key: string; quota: number };
/** The quota of each owner row of the attainment report in a period. */
const quotaOf = async (period: string, userId: string) => {
  const res = await admin().get(`/api/v1/quotas/attainment?period=${period}&groupBy=owner`);
  expect(res.status).toBe(200);
  return (res.body.rows as Row[]).find((r) => r.key === userId)?.quota ?? 0;
};
const ifMatch = (q: { body: Record<string, unknown> }) => ({ 'if-match': `"${q.body.version}"` });

/**
 * A write racing another: a quota inserted in a transaction held open on a connection of its own, `write`
 * fired meanwhile (its check does not see the uncommitted quota, so it goes on to the constraint, which waits
 * for the held transaction), and the held one committed once the write is seen waiting on it.
 */
async function raceAgainst<T>(
  orgId: string,
  quota: { userId: string; periodStart: string; periodEnd: string; amount: number },
  write: () => Promise<T>,
): Promise<{ held: string; answer: T }> {
  const client = await ctx.db.pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string; pid: number }>(
      `INSERT INTO quotas (org_id, user_id, period_start, period_end, amount) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, pg_backend_pid() AS pid`,
      [orgId, quota.userId, quota.periodStart, quota.periodEnd, quota.amount],
    );
    const { id, pid } = inserted.rows[0]!;
    const answer = write();
    for (let tries = 0; ; tries++) {
      const waiting = await ctx.db.pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))`,
        [pid],
      );
      if (waiting.rowCount) break;
      if (tries > 3000) throw new Error('the write never waited for the held quota');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await client.query('COMMIT');
    return { held: id, answer: await answer };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

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
    expect(second.body).toMatchObject({
      code: 'duplicate_quota',
      existingId: first.body.id,
      existing: { id: first.body.id, ...Q4, amount: 2_000_000 },
    });
    expect(second.body.errors).toEqual([
      {
        path: 'userId',
        code: 'quota_exists',
        params: { from: '2026-10-01', to: '2026-12-31' },
        message: 'already has a quota for 2026-10-01 to 2026-12-31; edit that one',
      },
    ]);
    // The next period, or the same period toward another team (a split territory), is another quota.
    const january = await admin().post('/api/v1/quotas', { userId: org.users.rep.id, ...JAN, amount: 1 });
    expect(january.status).toBe(201);
    const toward = await admin().post('/api/v1/quotas', {
      userId: org.users.rep.id,
      teamId: org.teams.north,
      ...Q4,
      amount: 1,
    });
    expect(toward.status).toBe(201);
    // Moving the January quota onto Q4 is a duplicate too; editing the existing one is fine.
    const moved = await admin().patch(`/api/v1/quotas/${january.body.id}`, Q4, ifMatch(january));
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: 'duplicate_quota', existingId: first.body.id });
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
    // 3,000,000 + the split 1: the refused second entry added nothing, January is another quarter.
    expect(rep?.quota).toBe(3_000_001);
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
    // Restoring the deleted one would make two: the database's constraint refuses it, as a 409 on the dates.
    const restored = await admin().post(`/api/v1/quotas/${first.body.id}/restore`);
    expect(restored.status).toBe(409);
    expect(restored.body.code).toBe('quota_overlap');
  });
});

describe('overlapping quotas', () => {
  it('refuses a quota whose period overlaps another of the person, naming that one on the dates', async () => {
    const q4 = await admin().post('/api/v1/quotas', { userId: org.users.rep2.id, ...Q4, amount: 3_000_000 });
    expect(q4.status).toBe(201);
    const december = await admin().post('/api/v1/quotas', {
      userId: org.users.rep2.id,
      ...DEC,
      amount: 1_200_000,
    });
    expect(december.status).toBe(409);
    const other = { from: '2026-10-01', to: '2026-12-31', amount: 3_000_000 };
    const message =
      'overlaps their quota for 2026-10-01 to 2026-12-31 (amount 3000000); change the dates or edit that one';
    expect(december.body).toMatchObject({
      code: 'quota_overlap',
      existingId: q4.body.id,
      existing: { id: q4.body.id, ...Q4, amount: 3_000_000 },
      errors: [
        { path: 'periodStart', code: 'quota_overlaps', params: other, message },
        { path: 'periodEnd', code: 'quota_overlaps', params: other, message },
      ],
    });
    expect(december.body.detail).toBe(
      "The user's quota for 2026-10-01 to 2026-12-31 (amount 3000000) overlaps 2026-12-01 to 2026-12-31: a user's quotas must not overlap.",
    );
    // Partly overlapping periods, either way round, are refused too.
    for (const period of [
      { periodStart: '2026-12-15', periodEnd: '2027-01-15' },
      { periodStart: '2026-09-01', periodEnd: '2026-10-01' },
      { periodStart: '2026-01-01', periodEnd: '2027-12-31' },
    ]) {
      const res = await admin().post('/api/v1/quotas', { userId: org.users.rep2.id, ...period, amount: 1 });
      expect([res.status, res.body.code, res.body.existingId]).toEqual([409, 'quota_overlap', q4.body.id]);
    }
    // December was not added to Q4: the roll-up holds the one quota that was accepted.
    expect(await quotaOf('2026-12', org.users.rep2.id)).toBeCloseTo((3_000_000 * 31) / 92, 6);
  });

  it('accepts adjacent periods, and names the earliest quota a longer period overlaps', async () => {
    const november = await admin().post('/api/v1/quotas', {
      userId: org.users.rep3.id,
      ...NOV,
      amount: 400_000,
    });
    const december = await admin().post('/api/v1/quotas', {
      userId: org.users.rep3.id,
      ...DEC,
      amount: 600_000,
    });
    expect([november.status, december.status]).toEqual([201, 201]);
    expect(await quotaOf('2026-Q4', org.users.rep3.id)).toBe(1_000_000);
    const quarter = await admin().post('/api/v1/quotas', {
      userId: org.users.rep3.id,
      ...Q4,
      amount: 900_000,
    });
    expect(quarter.status).toBe(409);
    expect(quarter.body).toMatchObject({ code: 'quota_overlap', existingId: november.body.id });
    expect(quarter.body.detail).toContain('(amount 400000) (and 1 more) overlaps 2026-10-01 to 2026-12-31');
    expect(await quotaOf('2026-Q4', org.users.rep3.id)).toBe(1_000_000);
  });

  it('refuses an edit that makes a quota overlap another, and accepts edits that do not', async () => {
    const user = org.users.manager.id;
    const november = await admin().post('/api/v1/quotas', { userId: user, ...NOV, amount: 400_000 });
    const december = await admin().post('/api/v1/quotas', { userId: user, ...DEC, amount: 600_000 });
    expect([november.status, december.status]).toEqual([201, 201]);
    const earlier = await admin().patch(
      `/api/v1/quotas/${december.body.id}`,
      { periodStart: '2026-11-15' },
      ifMatch(december),
    );
    expect(earlier.status).toBe(409);
    expect(earlier.body).toMatchObject({
      code: 'quota_overlap',
      existingId: november.body.id,
      existing: { ...NOV, amount: 400_000 },
    });
    // Its own period is no conflict: a new amount is fine, so is moving it on to January.
    const amount = await admin().patch(
      `/api/v1/quotas/${december.body.id}`,
      { amount: 650_000 },
      ifMatch(december),
    );
    expect(amount.status).toBe(200);
    const later = await admin().patch(`/api/v1/quotas/${december.body.id}`, JAN, ifMatch(amount));
    expect(later.status).toBe(200);
    // Handing November's quota to a team (the subject changes) is checked against that team's quotas.
    const team = await admin().post('/api/v1/quotas', { teamId: org.teams.north, ...Q4, amount: 5_000_000 });
    expect(team.status).toBe(201);
    const handed = await admin().patch(
      `/api/v1/quotas/${november.body.id}`,
      { userId: null, teamId: org.teams.north },
      ifMatch(november),
    );
    expect(handed.status).toBe(409);
    expect(handed.body).toMatchObject({ code: 'quota_overlap', existingId: team.body.id });
  });

  it("keeps a person's quota toward a team apart from the team's own and from their own", async () => {
    const user = org.users.vp.id;
    const own = await admin().post('/api/v1/quotas', { userId: user, ...Q4, amount: 1 });
    const toward = await admin().post('/api/v1/quotas', {
      userId: user,
      teamId: org.teams.east,
      ...DEC,
      amount: 2,
    });
    const teams = await admin().post('/api/v1/quotas', { teamId: org.teams.national, ...DEC, amount: 3 });
    expect([own.status, toward.status, teams.status]).toEqual([201, 201, 201]);
    // …but a second quota toward the same team overlapping the first is refused.
    const again = await admin().post('/api/v1/quotas', {
      userId: user,
      teamId: org.teams.east,
      ...Q4,
      amount: 4,
    });
    expect([again.status, again.body.code, again.body.existingId]).toEqual([
      409,
      'quota_overlap',
      toward.body.id,
    ]);
  });

  it('lets a deleted quota not block, and refuses to restore it over a live one (409, not 500)', async () => {
    const user = org.users.presales.id;
    const q4 = await admin().post('/api/v1/quotas', { userId: user, ...Q4, amount: 3_000_000 });
    expect(q4.status).toBe(201);
    expect((await admin().del(`/api/v1/quotas/${q4.body.id}`, ifMatch(q4))).status).toBe(204);
    const december = await admin().post('/api/v1/quotas', { userId: user, ...DEC, amount: 1_000_000 });
    expect(december.status).toBe(201);
    // The check does not see a restore: the exclusion constraint refuses it, mapped to the same 409.
    const restored = await admin().post(`/api/v1/quotas/${q4.body.id}/restore`);
    expect(restored.status).toBe(409);
    expect(restored.body).toMatchObject({
      code: 'quota_overlap',
      errors: [
        { path: 'periodStart', code: 'overlaps' },
        { path: 'periodEnd', code: 'overlaps' },
      ],
      existingId: december.body.id,
      existing: { id: december.body.id, ...DEC, amount: 1_000_000 },
    });
    expect(await quotaOf('2026-Q4', user)).toBe(1_000_000);
    // Once December is gone, Q4 comes back.
    expect((await admin().del(`/api/v1/quotas/${december.body.id}`, ifMatch(december))).status).toBe(204);
    expect((await admin().post(`/api/v1/quotas/${q4.body.id}/restore`)).status).toBe(200);
    expect(await quotaOf('2026-Q4', user)).toBe(3_000_000);
  });

  it('accepts exactly the quotas that overlap none accepted before (the rule of src/core), in any order', async () => {
    const other = await seedOrg(ctx, 'Random Quotas Co');
    const as = api(ctx, other.users.admin.token);
    const r = rng(20261203);
    // Months, quarters, half-years and odd spans of 2026–2027, for two people and a team, a person toward
    // a team too, created in random order and sometimes moved afterwards.
    const starts = ['2026-10-01', '2026-11-01', '2026-11-15', '2026-12-01', '2027-01-01', '2027-02-01'];
    const ends = ['2026-10-31', '2026-11-30', '2026-12-31', '2027-01-14', '2027-01-31', '2027-03-31'];
    const subjects = [
      { userId: other.users.rep.id, teamId: null },
      { userId: other.users.rep.id, teamId: other.teams.north },
      { userId: other.users.rep2.id, teamId: null },
      { userId: null, teamId: other.teams.east },
    ];
    type Live = QuotaPeriod & { id: string; version: number };
    let live: Live[] = [];
    const refused = new Set<string>();
    const expectAnswer = (
      res: { status: number; body: Record<string, unknown> },
      quota: QuotaPeriod & { id?: string },
    ) => {
      const blocking = overlappingQuotas(quota, live);
      if (!blocking.length) return expect(res.status).toBeLessThan(300);
      refused.add(res.body.code as string);
      const same =
        blocking[0]!.periodStart === quota.periodStart && blocking[0]!.periodEnd === quota.periodEnd;
      expect([res.status, res.body.code, res.body.existingId]).toEqual([
        409,
        same ? 'duplicate_quota' : 'quota_overlap',
        blocking[0]!.id,
      ]);
    };
    for (let i = 0; i < 40; i++) {
      const period = { periodStart: r.pick(starts), periodEnd: r.pick(ends) };
      if (period.periodEnd < period.periodStart) continue;
      const moving = live.length > 0 && r.chance(0.3) ? r.pick(live) : undefined;
      if (moving) {
        const res = await as.patch(`/api/v1/quotas/${moving.id}`, period, {
          'if-match': `"${moving.version}"`,
        });
        expectAnswer(res, { ...moving, ...period });
        if (res.status === 200)
          live = live.map((q) =>
            q.id === moving.id ? { ...q, ...period, version: res.body.version as number } : q,
          );
        continue;
      }
      const quota = { ...r.pick(subjects), ...period };
      const res = await as.post('/api/v1/quotas', { ...quota, amount: 100 });
      expectAnswer(res, quota);
      if (res.status === 201)
        live.push({ ...quota, id: res.body.id as string, version: res.body.version as number });
    }
    // Some of each kind of answer, and what is live agrees.
    expect(live.length).toBeGreaterThan(4);
    expect(refused.has('quota_overlap')).toBe(true);
    const listed = await as.get('/api/v1/quotas?limit=500');
    expect((listed.body.items as { id: string }[]).map((q) => q.id).sort()).toEqual(
      live.map((q) => q.id).sort(),
    );
  });

  it('refuses one of two overlapping quotas sent at the same time with a 409, never a 500', async () => {
    const other = await seedOrg(ctx, 'Racing Quotas Co');
    const as = api(ctx, other.users.admin.token);
    for (let round = 0; round < 5; round++) {
      const year = 2030 + round;
      const answers = await Promise.all([
        as.post('/api/v1/quotas', {
          userId: other.users.rep.id,
          periodStart: `${year}-10-01`,
          periodEnd: `${year}-12-31`,
          amount: 1,
        }),
        as.post('/api/v1/quotas', {
          userId: other.users.rep.id,
          periodStart: `${year}-12-01`,
          periodEnd: `${year}-12-31`,
          amount: 2,
        }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      // Whether the check or the database refused it, the answer names the quota that was accepted.
      const accepted = answers.find((a) => a.status === 201)!.body;
      expect(answers.find((a) => a.status === 409)!.body).toMatchObject({
        code: 'quota_overlap',
        existingId: accepted.id,
        existing: { id: accepted.id, periodStart: accepted.periodStart, amount: accepted.amount },
      });
    }
  });

  it('names the other quota when a write that raced past the check is refused by the database', async () => {
    const other = await seedOrg(ctx, 'Raced Quotas Co');
    const as = api(ctx, other.users.admin.token);
    const user = other.users.rep.id;
    const january = await as.post('/api/v1/quotas', { userId: user, ...JAN, amount: 1 });
    expect(january.status).toBe(201);
    // A create and a change (January moved onto December), each against a Q4 quota another transaction has
    // inserted but not committed: the check does not see it, the constraint waits for it and then refuses.
    const writes = [
      () => as.post('/api/v1/quotas', { userId: user, ...DEC, amount: 2 }),
      () => as.patch(`/api/v1/quotas/${january.body.id}`, DEC, ifMatch(january)),
    ];
    for (const write of writes) {
      const { held, answer } = await raceAgainst(other.orgId, { userId: user, ...Q4, amount: 3 }, write);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        code: 'quota_overlap',
        errors: [
          { path: 'periodStart', code: 'overlaps' },
          { path: 'periodEnd', code: 'overlaps' },
        ],
        existingId: held,
        existing: { id: held, ...Q4, amount: 3 },
      });
      // Out of the way again for the next write.
      await ctx.db.pool.query('UPDATE quotas SET deleted_at = now() WHERE id = $1', [held]);
    }
    expect((await as.get(`/api/v1/quotas/${january.body.id}`)).body).toMatchObject(JAN);
  });

  it('answers the refusal as it is when the quota in the way is gone by the time it is looked up', async () => {
    const other = await seedOrg(ctx, 'Vanished Quotas Co');
    const user = other.users.rep.id;
    const client = await ctx.db.pool.connect();
    let err: unknown;
    try {
      // A real refusal of the constraint, in a transaction that is then rolled back: no quota is in the way.
      await client.query('BEGIN');
      const insert = (p: { periodStart: string; periodEnd: string }) =>
        client.query(
          'INSERT INTO quotas (org_id, user_id, period_start, period_end, amount) VALUES ($1, $2, $3, $4, 1)',
          [other.orgId, user, p.periodStart, p.periodEnd],
        );
      await insert(Q4);
      err = await insert(DEC).catch((e: unknown) => e);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(err).toMatchObject({ code: '23P01', constraint: 'quotas_no_overlap' });
    const actor = { orgId: other.orgId } as Actor;
    const attempted = { userId: user, teamId: null, ...DEC };
    const named = quotasResource.hooks!.afterRefused!({ db: ctx.db.db, actor, err, attempted });
    expect(await named).toBeUndefined();
    // While one is there, the same refusal names it.
    const q4 = await api(ctx, other.users.admin.token).post('/api/v1/quotas', {
      userId: user,
      ...Q4,
      amount: 1,
    });
    expect(q4.status).toBe(201);
    const again = await quotasResource.hooks!.afterRefused!({ db: ctx.db.db, actor, err, attempted });
    expect(again).toMatchObject({ code: 'quota_overlap', extra: { existingId: q4.body.id } });
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
      // The database as it was before: no index (0022 replaced it with its constraint), duplicates of a
      // person's and of a team's quota.
      await client.query('ALTER TABLE quotas DROP CONSTRAINT quotas_no_overlap');
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

describe('the migration to quotas that do not overlap', () => {
  it('keeps the newest of overlapping quotas, soft-deletes the older ones it overlaps, then refuses overlaps', async () => {
    const migration = readFileSync(
      new URL('../../drizzle/0022_quota_no_overlap.sql', import.meta.url),
      'utf8',
    );
    const statements = migration.split('--> statement-breakpoint').map((s) => s.trim());
    const other = await seedOrg(ctx, 'Overlaps Co');
    const client = await ctx.db.pool.connect();
    try {
      await client.query('BEGIN');
      // The database as it was before: 0019's unique index on the exact period only.
      await client.query('ALTER TABLE quotas DROP CONSTRAINT quotas_no_overlap');
      await client.query(
        `CREATE UNIQUE INDEX quotas_subject_period_key ON quotas (org_id,
           COALESCE(user_id, '00000000-0000-0000-0000-000000000000'::uuid),
           COALESCE(team_id, '00000000-0000-0000-0000-000000000000'::uuid), period_start, period_end)
         WHERE deleted_at IS NULL`,
      );
      const insert = (
        userId: string | null,
        teamId: string | null,
        period: { periodStart: string; periodEnd: string },
        updatedAt: string,
        deletedAt: string | null = null,
      ) =>
        client
          .query<{ id: string }>(
            `INSERT INTO quotas (org_id, user_id, team_id, period_start, period_end, amount, updated_at, deleted_at)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id`,
            [other.orgId, userId, teamId, period.periodStart, period.periodEnd, updatedAt, deletedAt],
          )
          .then((r) => r.rows[0]!.id);
      const rep = other.users.rep.id;
      // The rep's: Q4 entered first, then October, then December (the newest). December wins over Q4; once
      // Q4 is gone October overlaps nothing and stays. November of another year, adjacent to nothing, stays.
      const q4 = await insert(rep, null, Q4, '2026-09-01T00:00:00Z');
      const october = await insert(
        rep,
        null,
        { periodStart: '2026-10-01', periodEnd: '2026-10-31' },
        '2026-10-01T00:00:00Z',
      );
      const december = await insert(rep, null, DEC, '2026-11-01T00:00:00Z');
      const later = await insert(
        rep,
        null,
        { periodStart: '2027-11-01', periodEnd: '2027-11-30' },
        '2026-08-01T00:00:00Z',
      );
      // Another subject (the rep toward North) and a deleted quota are not in the way of anything.
      const split = await insert(rep, other.teams.north, Q4, '2026-08-01T00:00:00Z');
      const gone = await insert(rep, null, NOV, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z');
      // A team's own: November (newer) over Q4 (older), and December adjacent to neither once Q4 is gone.
      const teamQ4 = await insert(null, other.teams.east, Q4, '2026-09-01T00:00:00Z');
      const teamNov = await insert(null, other.teams.east, NOV, '2026-10-15T00:00:00Z');
      const teamDec = await insert(null, other.teams.east, DEC, '2026-07-01T00:00:00Z');
      for (const statement of statements) await client.query(statement);
      const rows = await client.query<{ id: string; deleted: boolean; batch: string | null }>(
        'SELECT id, deleted_at IS NOT NULL AS deleted, deleted_batch AS batch FROM quotas WHERE org_id = $1',
        [other.orgId],
      );
      const live = rows.rows.filter((r) => !r.deleted).map((r) => r.id);
      expect(live.sort()).toEqual([october, december, later, split, teamNov, teamDec].sort());
      // Each soft-deleted in a batch of its own; the one deleted before is left as it was.
      const removed = rows.rows.filter((r) => r.deleted && r.id !== gone);
      expect(removed.map((r) => r.id).sort()).toEqual([q4, teamQ4].sort());
      expect(new Set(removed.map((r) => r.batch)).size).toBe(2);
      expect(rows.rows.find((r) => r.id === gone)).toMatchObject({ deleted: true, batch: null });
      // 0019's index is gone; the constraint refuses an overlap and lets an adjacent period in.
      const index = await client.query(
        `SELECT 1 FROM pg_indexes WHERE indexname = 'quotas_subject_period_key'`,
      );
      expect(index.rowCount).toBe(0);
      await client.query('SAVEPOINT overlap');
      await expect(insert(rep, null, Q4, '2026-12-03T00:00:00Z')).rejects.toMatchObject({
        code: '23P01',
        constraint: 'quotas_no_overlap',
      });
      await client.query('ROLLBACK TO SAVEPOINT overlap');
      // November, between the kept October and December.
      await insert(rep, null, NOV, '2026-12-03T00:00:00Z');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
