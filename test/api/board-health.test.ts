// The board carries each deal's server-side health, computed for the whole pipeline in one batch; with
// 2,000 open deals the endpoint stays fast.

import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  contacts,
  opportunities,
  pipelineStages,
  stakeholders,
} from '../../src/server/db/schema/index.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

const DEALS = 2_000;
let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx);
  const db = ctx.db.db;
  const orgId = org.orgId;
  const stages = await db
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, org.pipelineId)))
    .orderBy(asc(pipelineStages.position));
  const accs = await db
    .insert(accounts)
    .values(
      Array.from({ length: 200 }, (_, i) => ({ orgId, name: `Account ${i}`, ownerId: org.users.rep.id })),
    )
    .returning({ id: accounts.id });
  const people = await db
    .insert(contacts)
    .values(accs.map((a, i) => ({ orgId, accountId: a.id, name: `Contact ${i}`, ownerId: org.users.rep.id })))
    .returning({ id: contacts.id });
  const rows = Array.from({ length: DEALS }, (_, i) => ({
    orgId,
    name: `Deal ${i}`,
    accountId: accs[i % accs.length]!.id,
    ownerId: i % 2 ? org.users.rep.id : org.users.rep2.id,
    amount: 10_000 + i,
    currency: 'CNY',
    pipelineId: org.pipelineId,
    stageId: stages[i % stages.length]!.id,
  }));
  const deals: { id: string }[] = [];
  for (let i = 0; i < rows.length; i += 500)
    deals.push(
      ...(await db
        .insert(opportunities)
        .values(rows.slice(i, i + 500))
        .returning({ id: opportunities.id })),
    );
  const sh = deals
    .filter((_, i) => i % 2 === 0)
    .map((d, i) => ({
      orgId,
      opportunityId: d.id,
      contactId: people[(i * 2) % people.length]!.id,
      role: 'decision_maker' as const,
      attitude: 'supporter' as const,
      influence: 4,
      met: i % 3 === 0,
    }));
  for (let i = 0; i < sh.length; i += 500) await db.insert(stakeholders).values(sh.slice(i, i + 500));
  await ctx.db.pool.query('ANALYZE');
}, 120_000);

afterAll(() => ctx?.close());

describe('board health', () => {
  it('carries each deal’s health and stays fast with 2,000 open deals', async () => {
    const call = api(ctx, org.users.admin.token);
    await call.get(`/api/v1/pipelines/${org.pipelineId}/board`); // warm up
    const times: number[] = [];
    let body: Awaited<ReturnType<typeof call.get>>['body'] | undefined;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await call.get(`/api/v1/pipelines/${org.pipelineId}/board`);
      times.push(performance.now() - t0);
      expect(res.status).toBe(200);
      body = res.body;
    }
    const items = body!.items as { health: { score: number; warnings: { code: string }[] } | null }[];
    expect(items).toHaveLength(DEALS);
    expect(items.every((x) => x.health && x.health.score >= 0 && x.health.score <= 100)).toBe(true);
    expect(items.some((x) => x.health!.warnings.some((w) => w.code === 'evidence_gap'))).toBe(true);
    times.sort((a, b) => a - b);
    const median = times[2]!;
    console.log(
      `board with ${DEALS} deals and health: median ${median.toFixed(0)} ms (${times.map((x) => x.toFixed(0)).join(', ')})`,
    );
    expect(median).toBeLessThan(2_000);
  });

  it('a rep sees only their deals, each with health', async () => {
    const res = await api(ctx, org.users.rep.token).get('/api/v1/pipelines/default/board');
    expect(res.status).toBe(200);
    const items = res.body.items as { ownerId: string; health: unknown }[];
    expect(items.length).toBe(DEALS / 2);
    expect(items.every((x) => x.ownerId === org.users.rep.id && x.health)).toBe(true);
  });
});
