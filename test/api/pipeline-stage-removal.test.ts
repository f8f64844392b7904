import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorText } from '../../src/core/field-errors.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Stage Removal Co');
});
afterAll(() => ctx.close());

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
type Stage = { id: string; position: number; nameEn: string; nameZh: string; tools: unknown[] };
type Pipeline = { id: string; version: number; stages: Stage[] };
type Err = { path: string; code: string; params?: Record<string, string | number>; message: string };

const stage = (nameEn: string, probability: number, id?: string, extra: Record<string, unknown> = {}) => ({
  ...(id ? { id } : {}),
  nameEn,
  nameZh: `${nameEn}阶段`,
  probability,
  ...extra,
});

async function newPipeline(name: string, names: string[]): Promise<Pipeline> {
  const res = await as('admin').post('/api/v1/pipelines', {
    name,
    stages: names.map((n, i) => stage(n, (i + 1) * 10)),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as Pipeline;
}

const read = async (id: string) =>
  (await as('admin').get(`/api/v1/pipelines/${id}`)).body as unknown as Pipeline;

async function save(p: Pipeline, stages: unknown[]) {
  return as('admin').patch(`/api/v1/pipelines/${p.id}`, { stages }, { 'if-match': `"${p.version}"` });
}

async function newDeal(p: Pipeline, name: string) {
  const account = await as('rep').post('/api/v1/accounts', { name: `${name} account` });
  const deal = await as('rep').post('/api/v1/opportunities', {
    name,
    accountId: account.body.id,
    pipelineId: p.id,
  });
  expect(deal.status, JSON.stringify(deal.body)).toBe(201);
  return deal.body as { id: string; version: number; stageId: string };
}

describe('removing a stage', () => {
  it('works for a stage no deal ever used', async () => {
    const p = await newPipeline('Empty stage', ['Qualify', 'Spare', 'Close']);
    const [qualify, , close] = p.stages as [Stage, Stage, Stage];
    const res = await save(p, [stage('Qualify', 10, qualify.id), stage('Close', 30, close.id)]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body.stages as Stage[]).map((s) => [s.id, s.position])).toEqual([
      [qualify.id, 1],
      [close.id, 2],
    ]);
  });

  it('is refused while deals are in it, naming the stage and its open and closed deals, changing nothing', async () => {
    const p = await newPipeline('Held stage', ['Qualify', 'Demo', 'Close']);
    const [qualify, demo, close] = p.stages as [Stage, Stage, Stage];
    // Three deals in Qualify (their first stage): two stay open, one is won there.
    const deals = [await newDeal(p, 'Open one'), await newDeal(p, 'Open two'), await newDeal(p, 'Won one')];
    expect(deals.every((d) => d.stageId === qualify.id)).toBe(true);
    const won = await as('admin').patch(
      `/api/v1/opportunities/${deals[2]!.id}`,
      { status: 'won', closedAt: '2026-11-30' },
      { 'if-match': `"${deals[2]!.version}"` },
    );
    expect(won.status, JSON.stringify(won.body)).toBe(200);

    // The same edit renames Demo and removes Qualify: all or nothing.
    const res = await save(p, [stage('Demo renamed', 40, demo.id), stage('Close', 30, close.id)]);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('stage_in_use');
    expect(res.body.detail).toBe(
      'Deals still in the stage "Qualify": 3 (2 open, 1 closed); a stage that holds deals cannot be removed, but it can be retired.',
    );
    const errors = res.body.errors as Err[];
    expect(errors).toEqual([
      {
        path: 'stages',
        code: 'stage_has_deals',
        params: {
          stageId: qualify.id,
          stage: 'Qualify',
          stageZh: 'Qualify阶段',
          deals: 3,
          open: 2,
          closed: 1,
        },
        message:
          'deals still in the stage "Qualify": 3 (2 open, 1 closed); a stage that holds deals cannot be removed, but it can be retired',
      },
    ]);
    expect(fieldErrorText('stage_has_deals', errors[0]!.params, 'zh-CN')).toBe(
      '阶段“Qualify阶段”中还有 3 个商机（2 个进行中，1 个已结案），有商机的阶段不能删除，但可以停用',
    );

    // Nothing of the refused edit was kept: same version, names, stages and deals.
    const after = await read(p.id);
    expect(after.version).toBe(p.version);
    expect(after.stages.map((s) => [s.id, s.position, s.nameEn])).toEqual([
      [qualify.id, 1, 'Qualify'],
      [demo.id, 2, 'Demo'],
      [close.id, 3, 'Close'],
    ]);
    for (const d of deals)
      expect((await as('admin').get(`/api/v1/opportunities/${d.id}`)).body.stageId).toBe(qualify.id);
  });

  it('is refused for a stage only the history of deals passed through, keeping that history', async () => {
    const p = await newPipeline('History stage', ['Qualify', 'Demo', 'Close']);
    const [qualify, demo, close] = p.stages as [Stage, Stage, Stage];
    const deal = await newDeal(p, 'Passed through');
    const moved = await as('admin').post(`/api/v1/opportunities/${deal.id}/move`, { stageId: demo.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const periods = async () =>
      (
        await ctx.db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM stage_periods WHERE stage_id = $1',
          [qualify.id],
        )
      ).rows[0]!.n;
    expect(await periods()).toBe(1);

    const res = await save(p, [stage('Demo', 20, demo.id), stage('Close', 30, close.id)]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stage_in_use');
    expect((res.body.errors as Err[]).map((e) => [e.code, e.params?.stageId, e.params?.deals])).toEqual([
      ['stage_in_history', qualify.id, 1],
    ]);
    expect(res.body.detail).toContain('"Qualify"');
    expect(await periods()).toBe(1);
    expect((await read(p.id)).stages.map((s) => s.id)).toEqual([qualify.id, demo.id, close.id]);
  });

  it('does not count a deal in the recycle bin as in the stage, but keeps the stage it would be restored to', async () => {
    const p = await newPipeline('Recycled', ['Qualify', 'Close']);
    const [qualify, close] = p.stages as [Stage, Stage];
    const deal = await newDeal(p, 'Deleted deal');
    const deleted = await as('admin').del(`/api/v1/opportunities/${deal.id}`, {
      'if-match': `"${deal.version}"`,
    });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    const res = await save(p, [stage('Close', 20, close.id)]);
    expect(res.status).toBe(409);
    expect((res.body.errors as Err[]).map((e) => [e.code, e.params?.stageId, e.params?.deals])).toEqual([
      ['stage_in_history', qualify.id, 1],
    ]);
  });

  it('names every stage it refuses, and removes none of them', async () => {
    const p = await newPipeline('Two held', ['Qualify', 'Demo', 'Close']);
    const [, demo, close] = p.stages as [Stage, Stage, Stage];
    const deal = await newDeal(p, 'Moved to demo');
    await as('admin').post(`/api/v1/opportunities/${deal.id}/move`, { stageId: demo.id });
    const res = await save(p, [stage('Close', 30, close.id)]);
    expect(res.status).toBe(409);
    expect((res.body.errors as Err[]).map((e) => [e.code, e.params?.stage])).toEqual([
      ['stage_in_history', 'Qualify'],
      ['stage_has_deals', 'Demo'],
    ]);
    expect((await read(p.id)).stages).toHaveLength(3);
  });
});

describe('stage labels', () => {
  it('refuse a blank English tool label on its field, and store a blank Chinese one as null', async () => {
    const p = await newPipeline('Labels', ['Qualify']);
    const [qualify] = p.stages as [Stage];
    const blankEn = await save(p, [
      stage('Qualify', 10, qualify.id, {
        tools: [{ label: '  ', labelZh: '拜访计划', url: '/tools/visit-plan' }],
      }),
    ]);
    expect(blankEn.status).toBe(400);
    expect((blankEn.body.errors as Err[]).map((e) => [e.path, e.code])).toEqual([
      ['stages.0.tools.0.label', 'required'],
    ]);
    // Nothing copied the Chinese label into the English one.
    expect((await read(p.id)).stages[0]!.tools).toEqual([]);

    const blankZh = await save(p, [
      stage('Qualify', 10, qualify.id, {
        buyerStepZh: ' ',
        tools: [{ label: 'Visit plan', labelZh: '', url: '/tools/visit-plan' }],
      }),
    ]);
    expect(blankZh.status, JSON.stringify(blankZh.body)).toBe(200);
    const saved = (blankZh.body.stages as (Stage & { buyerStepZh: string | null })[])[0]!;
    expect(saved.tools).toEqual([{ label: 'Visit plan', labelZh: null, url: '/tools/visit-plan' }]);
    expect(saved.buyerStepZh).toBeNull();
  });

  it('refuse a blank English stage or criterion name on its field', async () => {
    const p = await newPipeline('Names', ['Qualify']);
    const [qualify] = p.stages as [Stage];
    const res = await save(p, [
      {
        id: qualify.id,
        nameEn: '',
        nameZh: '资格确认',
        probability: 10,
        criteria: [{ labelEn: ' ', labelZh: '找到决策人', kind: 'checkbox' }],
      },
    ]);
    expect(res.status).toBe(400);
    expect((res.body.errors as Err[]).map((e) => [e.path, e.code]).sort()).toEqual([
      ['stages.0.criteria.0.labelEn', 'required'],
      ['stages.0.nameEn', 'required'],
    ]);
    expect((await read(p.id)).stages[0]!.nameEn).toBe('Qualify');
  });
});
