import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorText } from '../../src/core/field-errors.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;
let other: SeededOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Stage Retirement Co');
  other = await seedOrg(ctx, 'Other Retirement Co');
});
afterAll(() => ctx.close());

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);
type Stage = { id: string; position: number; nameEn: string; retiredAt: string | null };
type Pipeline = { id: string; version: number; stages: Stage[] };
type Err = { path: string; code: string; params?: Record<string, string | number>; message: string };
type Deal = { id: string; version: number; stageId: string; status: string };
type Row = Record<string, unknown>;

const stageBody = (nameEn: string, i: number, extra: Row = {}) => ({
  nameEn,
  nameZh: `${nameEn}阶段`,
  probability: (i + 1) * 10,
  ...extra,
});

async function newPipeline(name: string, names: string[], extra: (i: number) => Row = () => ({})) {
  const res = await as('admin').post('/api/v1/pipelines', {
    name,
    stages: names.map((n, i) => stageBody(n, i, extra(i))),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as Pipeline;
}

const read = async (id: string) =>
  (await as('admin').get(`/api/v1/pipelines/${id}`)).body as unknown as Pipeline;
const retire = (p: { id: string }, stageId: string, who: keyof SeededOrg['users'] = 'admin', h = {}) =>
  as(who).post(`/api/v1/pipelines/${p.id}/stages/${stageId}/retire`, undefined, h);
const reactivate = (p: { id: string }, stageId: string, who: keyof SeededOrg['users'] = 'admin') =>
  as(who).post(`/api/v1/pipelines/${p.id}/stages/${stageId}/reactivate`);

let accountId: string;
async function newDeal(p: Pipeline, name: string, extra: Row = {}) {
  accountId ??= (await as('rep').post('/api/v1/accounts', { name: 'Retirement account' })).body.id as string;
  return as('rep').post('/api/v1/opportunities', { name, accountId, pipelineId: p.id, ...extra });
}
async function deal(p: Pipeline, name: string, extra: Row = {}): Promise<Deal> {
  const res = await newDeal(p, name, extra);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as Deal;
}
async function move(d: { id: string }, stageId: string, reason?: string) {
  return as('admin').post(`/api/v1/opportunities/${d.id}/move`, { stageId, ...(reason ? { reason } : {}) });
}
async function moved(d: { id: string }, stageId: string, reason?: string): Promise<Deal> {
  const res = await move(d, stageId, reason);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as unknown as Deal;
}
async function close(d: Deal, status: 'won' | 'open') {
  const res = await as('admin').patch(
    `/api/v1/opportunities/${d.id}`,
    status === 'won' ? { status, closedAt: '2026-11-30' } : { status },
    { 'if-match': `"${d.version}"` },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as unknown as Deal;
}
const board = async (p: Pipeline) => {
  const res = await as('admin').get(`/api/v1/pipelines/${p.id}/board`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { stages: Stage[]; items: Deal[] };
};
type Analytic = { stages: (Row & { stageId: string; retiredAt: string | null })[] };
const analytics = async (p: Pipeline) => ({
  funnel: (await as('admin').get(`/api/v1/analytics/funnel?pipeline=${p.id}`)).body as Analytic,
  time: (await as('admin').get(`/api/v1/analytics/time-in-stage?pipeline=${p.id}`)).body as Analytic,
});
/** The figures of the analytics, without which stages are retired. */
const figures = (a: { funnel: Analytic; time: Analytic }) =>
  [a.funnel, a.time].map((x) => ({ ...x, stages: x.stages.map(({ retiredAt: _, ...s }) => s) }));
/** stageId → retiredAt of each analytic's rows. */
const retiredIn = (a: { funnel: Analytic; time: Analytic }) =>
  [a.funnel, a.time].map((x) => Object.fromEntries(x.stages.map((s) => [s.stageId, s.retiredAt])));

describe('retiring a stage deals have been in', () => {
  // Qualify → Demo → Proposal → Close, no milestones. Demo gets: A (open), B (passed on to Proposal), C
  // (won in Demo).
  let p: Pipeline;
  let demo: Stage;
  let proposal: Stage;
  let closing: Stage;
  let a: Deal;
  let b: Deal;
  let c: Deal;

  beforeAll(async () => {
    p = await newPipeline('Retirement flow', ['Qualify', 'Demo', 'Proposal', 'Close']);
    [, demo, proposal, closing] = p.stages as [Stage, Stage, Stage, Stage];
    a = await moved(await deal(p, 'Deal A'), demo.id);
    b = await moved(await moved(await deal(p, 'Deal B'), demo.id), proposal.id);
    c = await close(await moved(await deal(p, 'Deal C'), demo.id), 'won');
    p = await read(p.id);
  });

  it('lists every stage as active to begin with', () => {
    expect(p.stages.map((s) => s.retiredAt)).toEqual([null, null, null, null]);
  });

  it('suggests retiring when the designer tries to remove it', async () => {
    const res = await as('admin').patch(
      `/api/v1/pipelines/${p.id}`,
      {
        stages: p.stages
          .filter((s) => s.id !== demo.id)
          .map((s, i) => ({ id: s.id, ...stageBody(s.nameEn, i) })),
      },
      { 'if-match': `"${p.version}"` },
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stage_in_use');
    expect(res.body.detail).toContain('cannot be removed, but it can be retired');
    expect((res.body.errors as Err[])[0]!.params?.stageId).toBe(demo.id);
  });

  it('is refused while open deals are in it, with their count, changing nothing', async () => {
    const res = await retire(p, demo.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stage_has_open_deals');
    expect(res.body.open).toBe(1);
    expect(res.body.detail).toBe(
      '1 open deal is in the stage "Demo": move it to another stage first, then retire it.',
    );
    const errors = res.body.errors as Err[];
    expect(errors.map((e) => [e.path, e.code, e.params?.open, e.params?.stageId])).toEqual([
      ['stageId', 'stage_has_open_deals', 1, demo.id],
    ]);
    expect(fieldErrorText('stage_has_open_deals', errors[0]!.params, 'zh-CN')).toBe(
      '阶段“Demo阶段”中还有 1 个进行中的商机；请先把它们移到其他阶段，再停用此阶段',
    );
    const after = await read(p.id);
    expect(after.version).toBe(p.version);
    expect(after.stages.every((s) => s.retiredAt === null)).toBe(true);
  });

  it('counts only live open deals: a deleted open deal does not hold the stage', async () => {
    const gone = await moved(await deal(p, 'Deleted in demo'), demo.id);
    expect((await retire(p, demo.id)).body.open).toBe(2);
    const del = await as('admin').del(`/api/v1/opportunities/${gone.id}`, {
      'if-match': `"${gone.version}"`,
    });
    expect(del.status).toBe(204);
    expect((await retire(p, demo.id)).body.open).toBe(1);
  });

  it('is refused to a manager, a rep and a viewer (403), and answers 404 for another organization', async () => {
    for (const who of ['manager', 'rep', 'viewer'] as const) {
      const res = await retire(p, proposal.id, who);
      expect(res.status, who).toBe(403);
      expect((await reactivate(p, proposal.id, who)).status, who).toBe(403);
    }
    const theirs = (await api(ctx, other.users.admin.token).get(`/api/v1/pipelines/${other.pipelineId}`))
      .body as unknown as Pipeline;
    const theirStage = theirs.stages.at(-1)!;
    // Their pipeline and stage, our pipeline with their stage, their pipeline with our stage: all unknown.
    expect((await retire(theirs, theirStage.id)).status).toBe(404);
    expect((await retire(p, theirStage.id)).status).toBe(404);
    expect((await retire(theirs, proposal.id)).status).toBe(404);
    expect((await reactivate(theirs, theirStage.id)).status).toBe(404);
    const again = (await api(ctx, other.users.admin.token).get(`/api/v1/pipelines/${other.pipelineId}`)).body;
    expect(again).toEqual(theirs);
    expect((await read(p.id)).stages.every((s) => s.retiredAt === null)).toBe(true);
  });

  it('refuses a stale If-Match (412) and retires once the open deal is moved on, keeping the analytics', async () => {
    a = await moved(a, proposal.id);
    const before = await analytics(p);
    const stale = await retire(p, demo.id, 'admin', { 'if-match': `"${p.version - 1}"` });
    expect(stale.status).toBe(412);

    const res = await retire(p, demo.id, 'admin', { 'if-match': `"${p.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as unknown as Pipeline;
    expect(body.version).toBe(p.version + 1);
    expect(res.headers.etag).toBe(`"${body.version}"`);
    const retiredAt = body.stages.find((s) => s.id === demo.id)!.retiredAt;
    expect(Date.parse(retiredAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(body.stages.filter((s) => s.retiredAt).map((s) => s.id)).toEqual([demo.id]);
    // The stage stays in the model, in its place.
    expect(body.stages.map((s) => s.id)).toEqual(p.stages.map((s) => s.id));
    p = body;

    // Retiring again changes nothing (not even the version).
    const again = await retire(p, demo.id);
    expect(again.status).toBe(200);
    expect((again.body as unknown as Pipeline).version).toBe(p.version);
    expect((again.body as unknown as Pipeline).stages.find((s) => s.id === demo.id)!.retiredAt).toBe(
      retiredAt,
    );

    // History and analytics read the stays in it as before: retiring rewrote nothing. Their rows only say
    // now that the stage is retired, and when.
    const after = await analytics(p);
    expect(figures(after)).toEqual(figures(before));
    const allActive = Object.fromEntries(p.stages.map((s) => [s.id, null]));
    expect(retiredIn(before)).toEqual([allActive, allActive]);
    const demoRetired = { ...allActive, [demo.id]: retiredAt };
    expect(retiredIn(after)).toEqual([demoRetired, demoRetired]);
    const row = (r: { stages: (Row & { stageId: string })[] }) =>
      r.stages.find((s) => s.stageId === demo.id)!;
    expect(row(before.funnel)).toMatchObject({ entered: 3 });
    expect(row(before.time)).toMatchObject({ stays: 3, openStays: 0 });
    const history = (await as('admin').get(`/api/v1/opportunities/${b.id}/process`)).body as {
      history: { stageId: string }[];
      stages: Stage[];
    };
    expect(history.history.map((h) => h.stageId)).toContain(demo.id);
    expect(history.stages.find((s) => s.id === demo.id)!.retiredAt).toBe(retiredAt);
  });

  it('takes no new deals: creating one in it, or moving one into it, is refused on stageId', async () => {
    const created = await newDeal(p, 'Into retired', { stageId: demo.id });
    expect(created.status).toBe(422);
    expect(created.body.code).toBe('validation_failed');
    expect((created.body.errors as Err[]).map((e) => [e.path, e.code, e.params?.stageId])).toEqual([
      ['stageId', 'stage_retired', demo.id],
    ]);
    expect((created.body.errors as Err[])[0]!.message).toBe(
      'the stage "Demo" is retired and takes no new deals; choose an active stage',
    );
    const back = await move(b, demo.id, 'The buyer wants another demo');
    expect(back.status).toBe(422);
    expect((back.body.errors as Err[]).map((e) => [e.path, e.code])).toEqual([['stageId', 'stage_retired']]);
    expect(((await as('admin').get(`/api/v1/opportunities/${b.id}`)).body as Deal).stageId).toBe(proposal.id);
    const forward = await move(await deal(p, 'Forward into retired'), demo.id);
    expect(forward.status).toBe(422);
  });

  it('leaves the board, unless open deals are back in it (reopened there), until they move on', async () => {
    const cols = await board(p);
    expect(cols.stages.map((s) => s.id)).toEqual(p.stages.filter((s) => s.id !== demo.id).map((s) => s.id));
    expect(cols.stages.every((s) => s.retiredAt === null)).toBe(true);
    expect(cols.items.some((i) => i.stageId === demo.id)).toBe(false);

    // C was won in Demo: reopening it brings it back where it was, and the board shows it there.
    c = await close(c, 'open');
    expect(c.stageId).toBe(demo.id);
    const withC = await board(p);
    expect(withC.stages.map((s) => s.id)).toContain(demo.id);
    expect(withC.stages.find((s) => s.id === demo.id)!.retiredAt).not.toBeNull();
    // It can leave the retired stage, and the column goes with it.
    c = await moved(c, closing.id);
    expect((await board(p)).stages.map((s) => s.id)).not.toContain(demo.id);
  });

  it('can be made active again: it takes deals and is on the board again', async () => {
    const res = await reactivate(p, demo.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as unknown as Pipeline;
    expect(body.stages.every((s) => s.retiredAt === null)).toBe(true);
    expect(body.version).toBe(p.version + 1);
    expect((await reactivate(p, demo.id)).body.version).toBe(body.version);
    p = body;
    expect(retiredIn(await analytics(p)).flatMap((r) => Object.values(r))).toEqual(Array(8).fill(null));
    expect((await deal(p, 'Into restored', { stageId: demo.id })).stageId).toBe(demo.id);
    expect((await board(p)).stages.map((s) => s.id)).toContain(demo.id);
    expect((await move(b, demo.id, 'Another demo after all')).status).toBe(200);
  });
});

describe('the stages left active', () => {
  it('start new deals in the first active stage and never all go', async () => {
    const p = await newPipeline('First retired', ['Lead', 'Qualify']);
    const [lead, qualify] = p.stages as [Stage, Stage];
    expect((await retire(p, lead.id)).status).toBe(200);
    expect((await deal(p, 'Starts later')).stageId).toBe(qualify.id);

    const last = await retire(p, qualify.id);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('last_active_stage');
    expect((last.body.errors as Err[]).map((e) => [e.path, e.code, e.params?.stageId])).toEqual([
      ['stageId', 'last_active_stage', qualify.id],
    ]);
    expect((await read(p.id)).stages.find((s) => s.id === qualify.id)!.retiredAt).toBeNull();

    // Nor can a save remove every active stage and keep only retired ones.
    const now = await read(p.id);
    const save = await as('admin').patch(
      `/api/v1/pipelines/${p.id}`,
      { stages: [{ id: lead.id, ...stageBody('Lead', 0) }] },
      { 'if-match': `"${now.version}"` },
    );
    expect(save.status).toBe(422);
    expect((save.body.errors as Err[]).map((e) => [e.path, e.code])).toEqual([['stages', 'no_active_stage']]);
    // A save that keeps the retired stage keeps it retired.
    const kept = await as('admin').patch(
      `/api/v1/pipelines/${p.id}`,
      {
        stages: [
          { id: lead.id, ...stageBody('Lead renamed', 0) },
          { id: qualify.id, ...stageBody('Qualify', 1) },
        ],
      },
      { 'if-match': `"${now.version}"` },
    );
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect((kept.body.stages as Stage[]).map((s) => [s.nameEn, !!s.retiredAt])).toEqual([
      ['Lead renamed', true],
      ['Qualify', false],
    ]);
  });

  it('do not wait on a retired stage’s milestone when a deal moves past it', async () => {
    const p = await newPipeline('Gated', ['Meet', 'Approve', 'Sign'], (i) =>
      i === 1 ? { criteria: [{ labelEn: 'Budget approved', labelZh: '预算已批准', kind: 'checkbox' }] } : {},
    );
    const [, approve, sign] = p.stages as [Stage, Stage, Stage];
    const gated = await deal(p, 'Skips approval');
    // With Approve active, skipping it leaves its milestone unmet.
    const refused = await move(gated, sign.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('milestone_unmet');
    expect((await retire(p, approve.id)).status).toBe(200);
    expect((await moved(gated, sign.id)).stageId).toBe(sign.id);
  });
});
