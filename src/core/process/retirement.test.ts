import { describe, expect, it } from 'vitest';
import { openDeal } from './facts.fixture.ts';
import { evidencedStage, unmetForMove } from './milestones.ts';
import type { DealFacts, Stage } from './model.ts';
import {
  activeStages,
  boardStages,
  firstActiveStage,
  isRetired,
  moveTargets,
  retireRefusal,
  stagesForDeal,
} from './retirement.ts';

const RETIRED = '2026-11-01T00:00:00.000Z';
const stage = (position: number, retiredAt: string | null = null): Stage => ({
  id: `s${position}`,
  position,
  nameEn: `Step ${position}`,
  nameZh: `第${position}步`,
  expectedDays: 30,
  funnelState: 'in_funnel',
  tools: [],
  // Every stage's milestone is a box nobody ticked: unmet unless the stage is left out.
  criteria: [
    {
      id: `c${position}`,
      labelEn: `Done ${position}`,
      labelZh: `完成${position}`,
      kind: 'checkbox',
      config: {},
      requiresConfirmation: false,
    },
  ],
  retiredAt,
});
const ids = (stages: readonly { id: string }[]) => stages.map((s) => s.id);

// Given out of order on purpose: every rule answers in position order.
const model = [stage(3), stage(1), stage(2, RETIRED), stage(4, RETIRED)];

describe('which stages a retired stage leaves out', () => {
  it('tells retired from active', () => {
    expect(isRetired(stage(1))).toBe(false);
    expect(isRetired({ retiredAt: undefined })).toBe(false);
    expect(isRetired(stage(2, RETIRED))).toBe(true);
  });

  it('keeps the active stages in order, and starts new deals in the first of them', () => {
    expect(ids(activeStages(model))).toEqual(['s1', 's3']);
    expect(firstActiveStage([stage(1, RETIRED), stage(2), stage(3)])?.id).toBe('s2');
    expect(firstActiveStage([stage(1, RETIRED)])).toBeUndefined();
  });

  it('shows a deal its active stages and its own stage, even retired', () => {
    expect(ids(stagesForDeal(model, 's1'))).toEqual(['s1', 's3']);
    expect(ids(stagesForDeal(model, 's2'))).toEqual(['s1', 's2', 's3']);
  });

  it('offers moves to active stages only, never the deal’s own', () => {
    expect(ids(moveTargets(model, 's1'))).toEqual(['s3']);
    expect(ids(moveTargets(model, 's2'))).toEqual(['s1', 's3']);
  });

  it('shows a retired stage on the board only while open deals sit in it', () => {
    expect(ids(boardStages(model, []))).toEqual(['s1', 's3']);
    expect(ids(boardStages(model, ['s3', 's4']))).toEqual(['s1', 's3', 's4']);
    expect(ids(boardStages(model, new Set(['s2'])))).toEqual(['s1', 's2', 's3']);
  });
});

describe('retireRefusal', () => {
  it('lets an active stage without open deals go while another stays active', () => {
    expect(retireRefusal(model, 's3', 0)).toBeNull();
  });

  it('asks for the open deals to be moved first, with their count', () => {
    expect(retireRefusal(model, 's3', 2)).toEqual({ code: 'stage_has_open_deals', open: 2 });
  });

  it('never retires the last active stage, whatever is in it', () => {
    const two = [stage(1), stage(2, RETIRED)];
    expect(retireRefusal(two, 's1', 0)).toEqual({ code: 'last_active_stage' });
    expect(retireRefusal(two, 's1', 3)).toEqual({ code: 'last_active_stage' });
  });

  it('is idempotent: a retired stage (or one not in the model) has nothing against it', () => {
    expect(retireRefusal(model, 's2', 5)).toBeNull();
    expect(retireRefusal(model, 'nope', 1)).toBeNull();
  });
});

describe('milestones around retired stages', () => {
  const facts = openDeal();
  const met = (...criteria: string[]): DealFacts => ({
    ...facts,
    completions: criteria.map((criterionId) => ({ criterionId, confirmed: false, link: null })),
  });

  it('does not gate a move on a skipped retired stage’s milestone', () => {
    const unmet = unmetForMove(model, 1, 3, facts).map((u) => u.criterion.id);
    expect(unmet).toEqual(['c1']);
    // The same model with stage 2 active gates on it too.
    const allActive = model.map((s) => ({ ...s, retiredAt: null }));
    expect(unmetForMove(allActive, 1, 3, facts).map((u) => u.criterion.id)).toEqual(['c1', 'c2']);
  });

  it('lets a deal in a retired stage leave it forward without that stage’s milestone', () => {
    expect(unmetForMove(model, 2, 3, { ...facts, stageId: 's2' })).toEqual([]);
  });

  it('never names a retired stage as the evidenced one', () => {
    expect(evidencedStage(model, facts).id).toBe('s1');
    // Stage 1 met: the evidence reaches stage 3, over retired stage 2 whose box is unticked.
    expect(evidencedStage(model, met('c1')).id).toBe('s3');
    const allActive = model.map((s) => ({ ...s, retiredAt: null }));
    expect(evidencedStage(allActive, met('c1')).id).toBe('s2');
  });
});
