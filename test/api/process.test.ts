import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesToday } from '../../src/core/process/close-date.ts';
import { builtInToolSlug, type StageTool } from '../../src/core/stage-tools.ts';
import { toolTemplate } from '../../src/core/tool-templates.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;
type Stage = {
  id: string;
  tools: StageTool[];
  position: number;
  nameEn: string;
  criteria: { id: string; kind: string; labelEn: string }[];
};
let stages: Stage[];

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Process Co');
  const res = await as('rep').get('/api/v1/pipelines');
  stages = (res.body.items?.[0]?.stages as Stage[]) ?? [];
});
afterAll(() => ctx.close());

const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);

async function newDeal(who: keyof SeededOrg['users'] = 'rep', extra: Record<string, unknown> = {}) {
  const c = as(who);
  const acc = await c.post('/api/v1/accounts', { name: `Acc ${Math.random().toString(36).slice(2, 8)}` });
  const contact = await c.post('/api/v1/contacts', { name: '张总', accountId: acc.body.id });
  const deal = await c.post('/api/v1/opportunities', {
    name: 'Deal',
    accountId: acc.body.id,
    amount: 500000,
    ...extra,
  });
  return {
    id: deal.body.id as string,
    accountId: acc.body.id as string,
    contactId: contact.body.id as string,
    body: deal.body,
  };
}

const version = async (id: string) =>
  (await as('admin').get(`/api/v1/opportunities/${id}`)).body.version as number;

/** Does by the API what the 8-step template's first two milestones ask for. */
async function evidenceStages1and2(d: { id: string; accountId: string; contactId: string }) {
  const rep = as('rep');
  await rep.post('/api/v1/stakeholders', {
    opportunityId: d.id,
    contactId: d.contactId,
    role: 'decision_maker',
    met: true,
    attitude: 'supporter',
  });
  const coach = await rep.post('/api/v1/contacts', { name: '李工', accountId: d.accountId });
  await rep.post('/api/v1/stakeholders', {
    opportunityId: d.id,
    contactId: coach.body.id,
    role: 'coach',
    met: true,
  });
  await rep.patch(
    `/api/v1/opportunities/${d.id}`,
    { keyNeed: 'Cut unplanned downtime by 20%' },
    { 'if-match': `"${await version(d.id)}"` },
  );
  const approval = stages[0]!.criteria.find((c) => c.kind === 'checkbox')!;
  await rep.post(`/api/v1/opportunities/${d.id}/criteria/${approval.id}`, {
    action: 'complete',
    note: 'analysed',
  });
  await as('manager').post(`/api/v1/opportunities/${d.id}/criteria/${approval.id}`, { action: 'confirm' });
  await rep.post('/api/v1/activities', {
    type: 'visit',
    status: 'done',
    subject: 'On-site',
    opportunityId: d.id,
    startAt: new Date().toISOString(),
  });
}

describe('funnel models', () => {
  it('gives a new organization the 8-step buyer-aligned process with milestones', async () => {
    expect(stages.map((s) => s.nameEn)).toEqual([
      'Project initiation',
      'Initial contact',
      'Solution design',
      'Capability demonstration',
      'Solution confirmation',
      'Project evaluation',
      'Commercial negotiation',
      'Signing',
    ]);
    const res = await as('rep').get('/api/v1/pipelines');
    const first = (res.body.items![0]!.stages as Record<string, unknown>[])[0]!;
    expect(first).toMatchObject({
      nameZh: '项目立项',
      funnelState: 'searching',
      buyerStepZh: '发现问题，提出需求',
    });
    expect(stages.every((s) => s.criteria.length > 0)).toBe(true);
  });

  it('links each stage to built-in worksheets, labelled in English and Chinese', async () => {
    const res = await as('rep').get('/api/v1/pipelines');
    const all = res.body.items![0]!.stages as { nameEn: string; tools: StageTool[] }[];
    expect(all.every((s) => s.tools.length > 0)).toBe(true);
    for (const tool of all.flatMap((s) => s.tools)) {
      const worksheet = toolTemplate(builtInToolSlug(tool.url) ?? '');
      expect(worksheet, tool.url).toBeDefined();
      expect(tool).toEqual({ label: worksheet!.title.en, labelZh: worksheet!.title.zh, url: tool.url });
    }
    expect(all[1]!.tools.map((x) => x.url)).toEqual(['/tools/visit-plan', '/tools/first-meeting']);
  });

  it('moves the tools of an organization made before the worksheets to them (migration 0015)', async () => {
    const other = await seedOrg(ctx, 'Older Co');
    const stageOf = async () =>
      (
        await ctx.db.pool.query<{ id: string; tools: StageTool[] }>(
          `SELECT s.id, s.tools FROM pipeline_stages s WHERE s.org_id = $1 AND s.position = 2
             ORDER BY s.pipeline_id LIMIT 1`,
          [other.orgId],
        )
      ).rows[0]!;
    const { id } = await stageOf();
    // How the default process linked its tools before: English labels and an address that led nowhere;
    // an admin had renamed one, and added a link of their own.
    const before: StageTool[] = [
      { label: 'Visit plan and debrief', url: '/knowledge/tools/visit-plan' },
      { label: 'Our first-meeting questions', url: '/knowledge/tools/first-meeting' },
      { label: 'Wiki', url: 'https://wiki.example.com/visits' },
    ];
    await ctx.db.pool.query('UPDATE pipeline_stages SET tools = $2 WHERE id = $1', [
      id,
      JSON.stringify(before),
    ]);
    // A stage whose tools are not a list (only ever written by hand) is left alone, not a failed upgrade.
    const odd = { label: 'Odd', url: '/knowledge/tools/visit-plan' };
    await ctx.db.pool.query('UPDATE pipeline_stages SET tools = $2 WHERE org_id = $1 AND position = 3', [
      other.orgId,
      JSON.stringify(odd),
    ]);
    const versions = async () =>
      (
        await ctx.db.pool.query<{ version: number }>(
          'SELECT p.version FROM pipelines p JOIN pipeline_stages s ON s.pipeline_id = p.id WHERE s.id = $1',
          [id],
        )
      ).rows[0]!.version;
    const versionBefore = await versions();
    const migration = fs.readFileSync(
      new URL('../../drizzle/0015_stage_tool_worksheets.sql', import.meta.url),
      'utf8',
    );
    await ctx.db.pool.query(migration);
    const after = (await stageOf()).tools;
    expect(after).toEqual([
      {
        label: 'Visit plan and debrief',
        labelZh: toolTemplate('visit-plan')!.title.zh,
        url: '/tools/visit-plan',
      },
      // A label of the admin's own is kept, and not given the worksheet's Chinese name.
      { label: 'Our first-meeting questions', url: '/tools/first-meeting' },
      { label: 'Wiki', url: 'https://wiki.example.com/visits' },
    ]);
    // Its pipeline has a new version: a designer opened before the upgrade cannot save the old links back.
    expect(await versions()).toBe(versionBefore + 1);
    const untouched = await ctx.db.pool.query<{ tools: unknown }>(
      'SELECT tools FROM pipeline_stages WHERE org_id = $1 AND position = 3',
      [other.orgId],
    );
    expect(untouched.rows.map((r) => r.tools)).toContainEqual(odd);
    // Run again, it changes nothing.
    await ctx.db.pool.query(migration);
    expect((await stageOf()).tools).toEqual(after);
    expect(await versions()).toBe(versionBefore + 1);
  });
});

describe('funnel model designer', () => {
  it('lets an admin design a model with stages and criteria, and keeps ids on edit', async () => {
    const admin = as('admin');
    const created = await admin.post('/api/v1/pipelines', {
      name: 'Online self-service',
      stages: [
        {
          nameEn: 'Trial',
          nameZh: '试用',
          probability: 20,
          funnelState: 'searching',
          expectedDays: 14,
          tools: [{ label: 'Trial guide', labelZh: '试用指南', url: 'https://example.com/trial' }],
          criteria: [
            { labelEn: 'Demo done', labelZh: '完成演示', kind: 'activity', config: { activityType: 'demo' } },
          ],
        },
        { nameEn: 'Buy', nameZh: '购买', probability: 80, funnelState: 'best', criteria: [] },
      ],
    });
    expect(created.status).toBe(201);
    const s0 = (created.body.stages as Stage[])[0]!;
    expect(s0.criteria[0]).toMatchObject({ kind: 'activity', labelZh: '完成演示' });
    expect(s0.tools).toEqual([
      { label: 'Trial guide', labelZh: '试用指南', url: 'https://example.com/trial' },
    ]);
    // A tool's link is a web or e-mail address, or an address in Winpath; a script is not.
    const scripted = await admin.post('/api/v1/pipelines', {
      name: 'Scripted',
      stages: [
        { nameEn: 'A', nameZh: '甲', probability: 10, tools: [{ label: 'x', url: 'javascript:alert(1)' }] },
      ],
    });
    expect(scripted.status).toBe(400);
    expect(scripted.body.errors).toEqual([
      expect.objectContaining({ path: 'stages.0.tools.0.url', code: 'link' }),
    ]);
    const edited = await admin.patch(
      `/api/v1/pipelines/${created.body.id}`,
      {
        stages: [
          {
            id: s0.id,
            nameEn: 'Trial',
            nameZh: '试用',
            probability: 25,
            criteria: [
              {
                id: s0.criteria[0]!.id,
                labelEn: 'Demo given',
                labelZh: '完成演示',
                kind: 'activity',
                config: { activityType: 'demo' },
              },
            ],
          },
          { id: (created.body.stages as Stage[])[1]!.id, nameEn: 'Buy', nameZh: '购买', probability: 80 },
          { nameEn: 'Renew', nameZh: '续约', probability: 90 },
        ],
      },
      { 'if-match': `"${created.body.version}"` },
    );
    expect(edited.status).toBe(200);
    const after = edited.body.stages as Stage[];
    expect(after.map((s) => s.nameEn)).toEqual(['Trial', 'Buy', 'Renew']);
    expect(after[0]!.id).toBe(s0.id);
    expect(after[0]!.criteria[0]).toMatchObject({ id: s0.criteria[0]!.id, labelEn: 'Demo given' });
    expect(
      (await as('rep').post('/api/v1/pipelines/from-template', { template: 'transactional' })).status,
    ).toBe(403);
    const tpl = await admin.post('/api/v1/pipelines/from-template', { template: 'strategic-account' });
    expect(tpl.status).toBe(201);
    expect((tpl.body.stages as Stage[]).map((s) => s.nameEn)[0]).toBe('Account plan');
  });
});

describe('milestone gates', () => {
  it('refuses a forward move with the unmet criteria of every stage left, then allows it once evidenced', async () => {
    const d = await newDeal();
    const blocked = await as('rep').post(`/api/v1/opportunities/${d.id}/move`, { stageId: stages[2]!.id });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('milestone_unmet');
    const unmet = blocked.body.unmet as { stageId: string; criterionId: string; label: string }[];
    expect(new Set(unmet.map((u) => u.stageId))).toEqual(new Set([stages[0]!.id, stages[1]!.id]));
    expect(unmet.map((u) => u.label)).toContain('Decision maker identified');

    await evidenceStages1and2(d);
    const moved = await as('rep').post(`/api/v1/opportunities/${d.id}/move`, { stageId: stages[2]!.id });
    expect(moved.status).toBe(200);
    expect(moved.body.stageId).toBe(stages[2]!.id);
    const proc = await as('rep').get(`/api/v1/opportunities/${d.id}/process`);
    expect(proc.body.evidencedStageId).toBe(stages[2]!.id);
    const history = proc.body.history as { stageId: string; override: boolean; leftAt: string | null }[];
    expect(history.map((h) => [h.stageId, h.override, h.leftAt === null])).toEqual([
      [stages[0]!.id, false, false],
      [stages[2]!.id, false, true],
    ]);
    const approval = (
      proc.body.stages as {
        criteria: { kind: string; completion: { confirmedBy: { id: string } | null } | null }[];
      }[]
    )[0]!.criteria.find((c) => c.kind === 'checkbox')!;
    expect(approval.completion?.confirmedBy?.id).toBe(org.users.manager.id);
  });

  it('lets only a manager of the owner override a gate, with a reason, and records it', async () => {
    const d = await newDeal();
    const target = { stageId: stages[1]!.id, override: true, reason: 'Customer asked for a fast track' };
    expect((await as('rep').post(`/api/v1/opportunities/${d.id}/move`, target)).status).toBe(403);
    expect(
      (await as('manager').post(`/api/v1/opportunities/${d.id}/move`, { ...target, reason: undefined }))
        .status,
    ).toBe(422);
    expect((await as('rep3').post(`/api/v1/opportunities/${d.id}/move`, target)).status).toBe(404);
    const ok = await as('manager').post(`/api/v1/opportunities/${d.id}/move`, target);
    expect(ok.status).toBe(200);
    const proc = await as('manager').get(`/api/v1/opportunities/${d.id}/process`);
    const last = (proc.body.history as { override: boolean; reason: string; unmetAtEntry: unknown[] }[]).at(
      -1,
    )!;
    expect(last.override).toBe(true);
    expect(last.reason).toBe('Customer asked for a fast track');
    expect(last.unmetAtEntry.length).toBeGreaterThan(0);
  });

  it('never lets the owner override their own gate, and the 409 says who may', async () => {
    const plain = { stageId: stages[1]!.id };
    const target = { ...plain, override: true, reason: 'My own deal, my own call' };
    // The rep's deal: the rep may not, their manager may.
    const d = await newDeal();
    const asked = await as('rep').post(`/api/v1/opportunities/${d.id}/move`, plain);
    expect(asked.status).toBe(409);
    expect(asked.body).toMatchObject({ code: 'milestone_unmet', canOverride: false });
    expect((await as('manager').post(`/api/v1/opportunities/${d.id}/move`, plain)).body.canOverride).toBe(
      true,
    );
    // A deal the manager owns, and one the admin owns: each is refused on their own deal.
    for (const owner of ['manager', 'admin'] as const) {
      const own = await newDeal(owner);
      const ask = await as(owner).post(`/api/v1/opportunities/${own.id}/move`, plain);
      expect(ask.body).toMatchObject({ code: 'milestone_unmet', canOverride: false });
      const refused = await as(owner).post(`/api/v1/opportunities/${own.id}/move`, target);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('override_not_allowed');
      const proc = await as(owner).get(`/api/v1/opportunities/${own.id}/process`);
      expect(proc.body.canOverride).toBe(false);
      expect((await as(owner).get(`/api/v1/opportunities/${own.id}`)).body.stageId).toBe(own.body.stageId);
    }
    // The manager's deal can still be fast-tracked by an admin.
    const managers = await newDeal('manager');
    expect((await as('admin').post(`/api/v1/opportunities/${managers.id}/move`, target)).status).toBe(200);
  });

  it('needs a reason to move back, and refuses stage changes through PATCH', async () => {
    const d = await newDeal();
    await as('manager').post(`/api/v1/opportunities/${d.id}/move`, {
      stageId: stages[3]!.id,
      override: true,
      reason: 'fast',
    });
    expect(
      (await as('rep').post(`/api/v1/opportunities/${d.id}/move`, { stageId: stages[1]!.id })).status,
    ).toBe(422);
    const back = await as('rep').post(`/api/v1/opportunities/${d.id}/move`, {
      stageId: stages[1]!.id,
      reason: 'Budget frozen',
    });
    expect(back.status).toBe(200);
    const patch = await as('rep').patch(
      `/api/v1/opportunities/${d.id}`,
      { stageId: stages[4]!.id },
      { 'if-match': `"${back.body.version}"` },
    );
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('use_move');
  });

  it('gates a deal created directly in a later stage', async () => {
    const acc = await as('rep').post('/api/v1/accounts', { name: 'Direct Co' });
    const res = await as('rep').post('/api/v1/opportunities', {
      name: 'Skip',
      accountId: acc.body.id,
      stageId: stages[2]!.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('milestone_unmet');
  });

  it('requires a reason to close as lost and ends the stage period', async () => {
    const d = await newDeal();
    const v = d.body.version as number;
    const noReason = await as('rep').patch(
      `/api/v1/opportunities/${d.id}`,
      { status: 'lost' },
      { 'if-match': `"${v}"` },
    );
    expect(noReason.status).toBe(422);
    const lost = await as('rep').patch(
      `/api/v1/opportunities/${d.id}`,
      { status: 'lost', closeReason: 'Price', competitor: 'Acme' },
      { 'if-match': `"${v}"` },
    );
    expect(lost.status).toBe(200);
    expect(lost.body.competitor).toBe('Acme');
    const proc = await as('rep').get(`/api/v1/opportunities/${d.id}/process`);
    expect((proc.body.history as { leftAt: string | null }[]).every((h) => h.leftAt !== null)).toBe(true);
    expect(
      (await as('rep').post(`/api/v1/opportunities/${d.id}/move`, { stageId: stages[1]!.id })).body.code,
    ).toBe('deal_closed');
  });
});

describe('deal health', () => {
  it("the seeds' example: claimed at solution design with the decision maker and key need unknown is really at step 1", async () => {
    const d = await newDeal();
    await as('manager').post(`/api/v1/opportunities/${d.id}/move`, {
      stageId: stages[2]!.id,
      override: true,
      reason: 'Rep asks for a proposal',
    });
    const health = await as('rep').get(`/api/v1/opportunities/${d.id}/health`);
    expect(health.status).toBe(200);
    expect(health.body.evidencedStageId).toBe(stages[0]!.id);
    const warnings = health.body.warnings as { code: string; severity: string; suggestion: string }[];
    const gap = warnings.find((w) => w.code === 'evidence_gap')!;
    expect(gap.severity).toBe('critical');
    expect(gap.suggestion).toMatch(/^Find the decision maker first/);
    expect(warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['decision_maker_not_met', 'single_threaded', 'no_coach']),
    );
    expect(health.body.score).toBeLessThan(50);
    const atRisk = await as('manager').get('/api/v1/opportunities/at-risk?maxScore=60');
    expect(atRisk.body.items?.map((i) => i.id)).toContain(d.id);
    expect(
      (await as('rep3').get('/api/v1/opportunities/at-risk?maxScore=100')).body.items?.map((i) => i.id),
    ).not.toContain(d.id);
  });

  it('answers in the user’s language', async () => {
    const d = await newDeal();
    await as('manager').post(`/api/v1/opportunities/${d.id}/move`, {
      stageId: stages[2]!.id,
      override: true,
      reason: '客户要方案',
    });
    await as('rep').patch('/api/v1/auth/me', { locale: 'zh-CN' });
    const health = await as('rep').get(`/api/v1/opportunities/${d.id}/health`);
    await as('rep').patch('/api/v1/auth/me', { locale: 'en' });
    const gap = (health.body.warnings as { code: string; suggestion: string }[]).find(
      (w) => w.code === 'evidence_gap',
    )!;
    expect(gap.suggestion).toBe('先弄清楚关键决策人是谁，并尽快与其取得联系。');
  });

  it('reads a passed close date on the viewer’s day (timeZone), on the deal, the board and the at-risk list', async () => {
    // Pago Pago (UTC−11) and Kiritimati (UTC+14) are never on the same calendar day: a close date of
    // "today" in Pago Pago has not passed there, and has passed in Kiritimati.
    const west = 'Pacific/Pago_Pago';
    const east = 'Pacific/Kiritimati';
    const today = salesToday(new Date(), west);
    const d = await newDeal('rep', { expectedCloseDate: today });
    const passed = async (timeZone?: string) => {
      const q = timeZone ? `?timeZone=${encodeURIComponent(timeZone)}` : '';
      const health = await as('rep').get(`/api/v1/opportunities/${d.id}/health${q}`);
      expect(health.status).toBe(200);
      const board = await as('rep').get(`/api/v1/pipelines/default/board${q}`);
      const card = (board.body.items as { id: string; health: { warnings: { code: string }[] } }[]).find(
        (i) => i.id === d.id,
      )!;
      const risk = await as('rep').get(
        `/api/v1/opportunities/at-risk?maxScore=100&limit=500${q && `&${q.slice(1)}`}`,
      );
      const row = (risk.body.items as { id: string; warnings: { code: string }[] }[]).find(
        (i) => i.id === d.id,
      )!;
      const says = [health.body.warnings, card.health.warnings, row.warnings].map((ws) =>
        (ws as { code: string }[]).some((w) => w.code === 'close_date_passed'),
      );
      expect(new Set(says).size, 'deal, board and at-risk agree').toBe(1);
      return says[0];
    };
    expect(await passed(west)).toBe(false);
    expect(await passed(east)).toBe(true);
    const bad = await as('rep').get(`/api/v1/opportunities/${d.id}/health?timeZone=Mars%2FOlympus`);
    expect(bad.status).toBe(400);
  });
});

describe('gate invariant (property)', () => {
  it('random completions, moves and overrides never leave a deal beyond its evidence without an override, and the history accounts for every move', async () => {
    let moves = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('evidence' as const), step: fc.integer({ min: 0, max: 6 }) }),
            fc.record({
              op: fc.constant('move' as const),
              to: fc.integer({ min: 0, max: 7 }),
              who: fc.constantFrom('rep', 'manager'),
            }),
            fc.record({ op: fc.constant('override' as const), to: fc.integer({ min: 0, max: 7 }) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        async (ops) => {
          const d = await newDeal();
          let successes = 0;
          for (const o of ops) {
            if (o.op === 'evidence') await addEvidence(d, o.step);
            else {
              const who = o.op === 'override' ? 'manager' : o.who;
              const body =
                o.op === 'override'
                  ? { stageId: stages[o.to]!.id, override: true, reason: 'prop' }
                  : { stageId: stages[o.to]!.id, reason: 'prop' };
              const before = (await as('admin').get(`/api/v1/opportunities/${d.id}`)).body.stageId;
              const res = await as(who as 'rep' | 'manager').post(`/api/v1/opportunities/${d.id}/move`, body);
              expect([200, 409]).toContain(res.status);
              if (res.status === 200 && before !== stages[o.to]!.id) successes++;
            }
            const proc = (await as('admin').get(`/api/v1/opportunities/${d.id}/process`)).body;
            const pos = (id: unknown) => stages.find((s) => s.id === id)!.position;
            const history = proc.history as {
              stageId: string;
              fromStageId: string | null;
              override: boolean;
              leftAt: string | null;
            }[];
            const lastForward = [...history]
              .reverse()
              .find((h) => h.fromStageId && pos(h.stageId) > pos(h.fromStageId));
            if (pos(proc.stageId) > pos(proc.evidencedStageId))
              expect(history.some((h) => h.override)).toBe(true);
            if (lastForward && !lastForward.override && pos(proc.stageId) > pos(proc.evidencedStageId))
              expect(history.some((h) => h.override)).toBe(true);
          }
          const proc = (await as('admin').get(`/api/v1/opportunities/${d.id}/process`)).body;
          const history = proc.history as {
            stageId: string;
            fromStageId: string | null;
            leftAt: string | null;
          }[];
          expect(history).toHaveLength(successes + 1);
          expect(history.filter((h) => h.leftAt === null)).toHaveLength(1);
          expect(history.at(-1)!.stageId).toBe(proc.stageId);
          for (let i = 1; i < history.length; i++)
            expect(history[i]!.fromStageId).toBe(history[i - 1]!.stageId);
          moves += successes;
        },
      ),
      { numRuns: 15 },
    );
    console.log(`gate property: 15 random deals, ${moves} successful moves, invariant held`);
    expect(moves).toBeGreaterThan(0);
  });
});

/** Adds one piece of evidence, by the step of the 8-step template it serves. */
async function addEvidence(d: { id: string; accountId: string; contactId: string }, step: number) {
  const rep = as('rep');
  const contact = async (name: string) =>
    (await rep.post('/api/v1/contacts', { name, accountId: d.accountId })).body.id;
  switch (step) {
    case 0:
      await rep.post('/api/v1/stakeholders', {
        opportunityId: d.id,
        contactId: d.contactId,
        role: 'decision_maker',
        met: true,
        attitude: 'supporter',
      });
      break;
    case 1:
      await rep.patch(
        `/api/v1/opportunities/${d.id}`,
        { keyNeed: 'need', expectedCloseDate: '2027-03-01' },
        { 'if-match': `"${await version(d.id)}"` },
      );
      break;
    case 2: {
      const approval = stages[0]!.criteria.find((c) => c.kind === 'checkbox')!;
      await rep.post(`/api/v1/opportunities/${d.id}/criteria/${approval.id}`, { action: 'complete' });
      await as('manager').post(`/api/v1/opportunities/${d.id}/criteria/${approval.id}`, {
        action: 'confirm',
      });
      break;
    }
    case 3:
      await rep.post('/api/v1/activities', {
        type: 'visit',
        status: 'done',
        subject: 'Visit',
        opportunityId: d.id,
      });
      await rep.post('/api/v1/activities', {
        type: 'demo',
        status: 'done',
        subject: 'Demo',
        opportunityId: d.id,
      });
      break;
    case 4:
      await rep.post('/api/v1/stakeholders', {
        opportunityId: d.id,
        contactId: await contact('Coach'),
        role: 'coach',
        met: true,
      });
      await rep.post('/api/v1/stakeholders', {
        opportunityId: d.id,
        contactId: await contact('Tech'),
        role: 'technical_evaluator',
        attitude: 'supporter',
      });
      break;
    case 5:
      for (const s of stages)
        for (const c of s.criteria.filter((x) => x.kind === 'document'))
          await rep.post(`/api/v1/opportunities/${d.id}/criteria/${c.id}`, {
            action: 'complete',
            link: 'https://docs.example.com/x',
          });
      break;
    default:
      await rep.post('/api/v1/stakeholders', {
        opportunityId: d.id,
        contactId: await contact('CFO'),
        role: 'economic_buyer',
        met: true,
      });
  }
}
