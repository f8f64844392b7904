import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingAnswer } from '../../src/server/features/confirmations/confirmations.routes.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;
let other: SeededOrg;
/** The 8-step template's "Project analysed and initiation approved": a checkbox a manager confirms. */
let approval: { id: string; labelEn: string; labelZh: string };
let stageOne: { id: string; nameEn: string; nameZh: string };

type Who = keyof SeededOrg['users'];
type Answer = PendingAnswer;

const as = (who: Who, o: SeededOrg = org) => api(ctx, o.users[who].token);

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Confirm Co');
  other = await seedOrg(ctx, 'Other Co');
  const res = await as('rep').get('/api/v1/pipelines');
  const stages = res.body.items![0]!.stages as {
    id: string;
    nameEn: string;
    nameZh: string;
    criteria: { id: string; kind: string; labelEn: string; labelZh: string; requiresConfirmation: boolean }[];
  }[];
  stageOne = { id: stages[0]!.id, nameEn: stages[0]!.nameEn, nameZh: stages[0]!.nameZh };
  approval = stages[0]!.criteria.find((c) => c.kind === 'checkbox' && c.requiresConfirmation)!;
});
afterAll(() => ctx.close());

async function newDeal(who: Who, name: string, extra: Record<string, unknown> = {}) {
  const c = as(who);
  const acc = await c.post('/api/v1/accounts', { name: `${name} account` });
  const deal = await c.post('/api/v1/opportunities', {
    name,
    accountId: acc.body.id,
    amount: 100000,
    ...extra,
  });
  expect(deal.status).toBe(201);
  return deal.body.id as string;
}

const complete = async (who: Who, dealId: string, criterionId = approval.id, note?: string) => {
  const res = await as(who).post(`/api/v1/opportunities/${dealId}/criteria/${criterionId}`, {
    action: 'complete',
    ...(note ? { note } : {}),
  });
  expect(res.status).toBe(200);
};

async function pending(who: Who, o: SeededOrg = org, query = ''): Promise<Answer> {
  const res = await as(who, o).get(`/api/v1/confirmations/pending${query}`);
  expect(res.status).toBe(200);
  return res.body as unknown as Answer;
}
const dealsWaitingFor = async (who: Who, o: SeededOrg = org) =>
  (await pending(who, o)).items.map((i) => i.opportunityName).sort();

describe('criteria waiting for my confirmation', () => {
  let repDeal: string;
  let managersOwn: string;
  let northDeal: string;

  beforeAll(async () => {
    // A rep of the East team completes the approval on their deal: East's manager (and above) confirms it.
    repDeal = await newDeal('rep', 'East rollout');
    await complete('rep', repDeal, approval.id, 'Analysis in the shared folder');
    // The East manager completes it on their own deal: they may not confirm it themselves.
    managersOwn = await newDeal('manager', 'Manager’s own');
    await complete('manager', managersOwn);
    // A North deal with the East rep on its deal team: East's manager sees it, but does not manage its owner.
    northDeal = await newDeal('rep3', 'North expansion', {
      members: [{ userId: org.users.rep.id, role: 'sales' }],
    });
    await complete('rep3', northDeal);
  });

  it('lists what waits for a manager: the deal, the criterion in both languages, who completed it and when', async () => {
    const repName = (await as('admin').get(`/api/v1/users/${org.users.rep.id}`)).body.name as string;
    const answer = await pending('manager');
    expect(answer.canConfirm).toBe(true);
    expect(answer.total).toBe(1);
    const [item] = answer.items;
    expect(item).toMatchObject({
      opportunityId: repDeal,
      opportunityName: 'East rollout',
      ownerId: org.users.rep.id,
      criterionId: approval.id,
      labelEn: 'Project analysed and initiation approved',
      labelZh: '项目分析完成，立项获批',
      kind: 'checkbox',
      stage: stageOne,
      completedBy: { id: org.users.rep.id, name: repName },
      note: 'Analysis in the shared folder',
      link: null,
    });
    expect(Date.now() - Date.parse(item!.completedAt)).toBeLessThan(60_000);
  });

  it('lists for admins and managers over the owner, never one’s own completion', async () => {
    expect(await dealsWaitingFor('manager')).toEqual(['East rollout']);
    // East's manager sees the North deal (their rep is on its deal team) but does not manage its owner.
    expect((await as('manager').get(`/api/v1/opportunities/${northDeal}`)).status).toBe(200);
    expect(await dealsWaitingFor('vp')).toEqual(['East rollout', 'Manager’s own', 'North expansion']);
    expect(await dealsWaitingFor('admin')).toEqual(['East rollout', 'Manager’s own', 'North expansion']);
  });

  it('is empty, and says so, for the roles that never confirm', async () => {
    for (const who of ['rep', 'rep2', 'rep3', 'presales', 'viewer', 'enablement'] as const)
      expect(await pending(who), who).toEqual({ canConfirm: false, total: 0, items: [] });
  });

  it('shows nothing of another organization', async () => {
    expect(await pending('admin', other)).toEqual({ canConfirm: true, total: 0, items: [] });
    expect(await pending('manager', other)).toEqual({ canConfirm: true, total: 0, items: [] });
  });

  it('drops an item once it is confirmed, cleared, or its deal is closed or deleted', async () => {
    const a = await newDeal('rep2', 'Confirmed soon');
    const b = await newDeal('rep2', 'Cleared soon');
    const c = await newDeal('rep2', 'Won soon');
    const d = await newDeal('rep2', 'Deleted soon');
    for (const id of [a, b, c, d]) await complete('rep2', id);
    expect(await dealsWaitingFor('manager')).toEqual([
      'Cleared soon',
      'Confirmed soon',
      'Deleted soon',
      'East rollout',
      'Won soon',
    ]);
    const confirmed = await as('manager').post(`/api/v1/opportunities/${a}/criteria/${approval.id}`, {
      action: 'confirm',
    });
    expect(confirmed.status).toBe(200);
    await as('rep2').post(`/api/v1/opportunities/${b}/criteria/${approval.id}`, { action: 'uncomplete' });
    const version = async (id: string) =>
      `"${(await as('admin').get(`/api/v1/opportunities/${id}`)).body.version as number}"`;
    const won = await as('rep2').patch(
      `/api/v1/opportunities/${c}`,
      { status: 'won', closeReason: 'Signed' },
      { 'if-match': await version(c) },
    );
    expect(won.status).toBe(200);
    const deleted = await as('rep2').del(`/api/v1/opportunities/${d}`, { 'if-match': await version(d) });
    expect(deleted.status).toBe(204);
    expect(await dealsWaitingFor('manager')).toEqual(['East rollout']);
  });

  it('leaves out criteria that ask for no confirmation', async () => {
    const pipelines = await as('admin').get('/api/v1/pipelines');
    const stages = pipelines.body.items![0]!.stages as {
      criteria: { id: string; kind: string; requiresConfirmation: boolean }[];
    }[];
    const plain = stages
      .flatMap((s) => s.criteria)
      .find((c) => (c.kind === 'checkbox' || c.kind === 'document') && !c.requiresConfirmation);
    expect(plain).toBeDefined();
    const deal = await newDeal('rep', 'Plain checkbox');
    const done = await as('rep').post(`/api/v1/opportunities/${deal}/criteria/${plain!.id}`, {
      action: 'complete',
      link: 'https://example.com/doc',
    });
    expect(done.status).toBe(200);
    expect(await dealsWaitingFor('manager')).not.toContain('Plain checkbox');
  });

  it('pages with limit and counts them all in total', async () => {
    const answer = await pending('admin', org, '?limit=1');
    expect(answer.items).toHaveLength(1);
    expect(answer.total).toBe(3);
    expect((await as('admin').get('/api/v1/confirmations/pending?limit=0')).status).toBe(400);
    expect((await as('admin').get('/api/v1/confirmations/pending?other=1')).status).toBe(400);
  });

  // Last: it confirms what is left.
  it('lists only what the confirm action then accepts from that person', async () => {
    // The manager's own completion is left out of their list, and the confirm action refuses it to them.
    const own = await as('manager').post(`/api/v1/opportunities/${managersOwn}/criteria/${approval.id}`, {
      action: 'confirm',
    });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('confirm_own');
    for (const who of ['manager', 'vp'] as const)
      for (const item of (await pending(who)).items) {
        const res = await as(who).post(
          `/api/v1/opportunities/${item.opportunityId}/criteria/${item.criterionId}`,
          { action: 'confirm' },
        );
        expect(res.status, `${who}: ${item.opportunityName}`).toBe(200);
      }
    for (const who of ['manager', 'vp', 'admin'] as const)
      expect(await pending(who), who).toMatchObject({ total: 0 });
  });
});

describe('who may confirm: admins and the managers above the deal owner, never the owner', () => {
  const confirm = (who: Who, dealId: string) =>
    as(who).post(`/api/v1/opportunities/${dealId}/criteria/${approval.id}`, { action: 'confirm' });

  it('refuses a manager of another team who sees the deal through its deal team', async () => {
    // A North deal with East's manager on its deal team: they see it, but do not manage its owner.
    const deal = await newDeal('rep3', 'North with East’s manager', {
      members: [{ userId: org.users.manager.id, role: 'sales' }],
    });
    await complete('rep3', deal);
    expect((await as('manager').get(`/api/v1/opportunities/${deal}`)).status).toBe(200);
    const view = await as('manager').get(`/api/v1/opportunities/${deal}/process`);
    expect(view.body.ownerId).toBe(org.users.rep3.id);
    expect(view.body.ownerManagerIds).toEqual([org.users.vp.id]);
    expect(await dealsWaitingFor('manager')).not.toContain('North with East’s manager');

    const refused = await confirm('manager', deal);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 403, code: 'confirm_not_allowed' });
    // Nothing was confirmed: it still waits for the North owner's line (the VP).
    expect(await dealsWaitingFor('vp')).toContain('North with East’s manager');
    expect((await confirm('vp', deal)).status).toBe(200);
    expect(await dealsWaitingFor('vp')).not.toContain('North with East’s manager');
  });

  it('lets the owner’s manager and an admin confirm', async () => {
    // rep2 is on its deal team: they see it, but a rep never confirms.
    const mine = await newDeal('rep', 'East for the manager', {
      members: [{ userId: org.users.rep2.id, role: 'sales' }],
    });
    const admins = await newDeal('rep', 'East for the admin');
    for (const d of [mine, admins]) await complete('rep', d);
    const view = await as('rep').get(`/api/v1/opportunities/${mine}/process`);
    expect([...(view.body.ownerManagerIds as string[])].sort()).toEqual(
      [org.users.manager.id, org.users.vp.id].sort(),
    );
    expect((await confirm('rep2', mine)).body.code).toBe('confirm_not_allowed');
    expect((await confirm('rep', mine)).body.code).toBe('confirm_own');
    const byManager = await confirm('manager', mine);
    expect(byManager.status).toBe(200);
    const byAdmin = await confirm('admin', admins);
    expect(byAdmin.status).toBe(200);
    const confirmedBy = async (d: string) => {
      const p = await as('admin').get(`/api/v1/opportunities/${d}/process`);
      const stage = (p.body.stages as { criteria: { id: string; completion: unknown }[] }[])[0]!;
      const c = stage.criteria.find((x) => x.id === approval.id)!;
      return (c.completion as { confirmedBy: { id: string } | null }).confirmedBy?.id;
    };
    expect(await confirmedBy(mine)).toBe(org.users.manager.id);
    expect(await confirmedBy(admins)).toBe(org.users.admin.id);
  });

  it('never lets the deal owner confirm, even a manager whose own team it is', async () => {
    // East's manager owns the deal; their rep, on its deal team, completes the criterion.
    const deal = await newDeal('manager', 'Owned by the manager', {
      members: [{ userId: org.users.rep.id, role: 'sales' }],
    });
    await complete('rep', deal);
    expect(await dealsWaitingFor('manager')).not.toContain('Owned by the manager');
    const own = await confirm('manager', deal);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('confirm_own_deal');
    expect(await dealsWaitingFor('vp')).toContain('Owned by the manager');
    expect((await confirm('vp', deal)).status).toBe(200);
  });
});
