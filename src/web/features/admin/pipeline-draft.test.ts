import { describe, expect, it } from 'vitest';
import {
  canRetireInstead,
  draftProblems,
  namesBody,
  removedStages,
  restoreStage,
  retireOffer,
  type SavedStage,
  stageBody,
  stageRemovalRefusals,
  toDraft,
  toNamesDraft,
} from './pipeline-draft.ts';

const saved = (id: string, position: number, nameEn = id): SavedStage => ({
  id,
  position,
  nameEn,
  nameZh: `${nameEn}阶段`,
  probability: position * 10,
  buyerStepEn: null,
  buyerStepZh: null,
  funnelState: 'in_funnel',
  expectedDays: 30,
  guidanceEn: null,
  guidanceZh: null,
  tools: [],
  criteria: [],
});

const model = [saved('a', 1), saved('b', 2), saved('c', 3), saved('d', 4)];
const draftOf = (...ids: string[]) => ids.map((id) => toDraft(model.find((s) => s.id === id)!));

describe('removedStages', () => {
  it('lists the saved stages the draft dropped, in their saved order, whatever the draft order', () => {
    expect(removedStages(model, draftOf('d', 'b')).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('is empty when stages were only reordered or added', () => {
    const added = { ...toDraft(saved('x', 9)), id: undefined };
    expect(removedStages(model, [...draftOf('d', 'c', 'b', 'a'), added])).toEqual([]);
  });
});

describe('restoreStage', () => {
  it('puts a removed stage back after the stages that preceded it', () => {
    const restored = restoreStage(model, draftOf('a', 'b', 'd'), 'c');
    expect(restored.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    // Back exactly as saved: restoring everything leaves nothing to save.
    expect(JSON.stringify(restoreStage(model, draftOf('b', 'c', 'd'), 'a'))).toBe(
      JSON.stringify(model.map(toDraft)),
    );
  });

  it('leaves the draft alone for a stage it still has', () => {
    expect(restoreStage(model, draftOf('a', 'b'), 'b').map((s) => s.id)).toEqual(['a', 'b']);
  });
});

describe('stageBody', () => {
  const withTool = (label: string, labelZh: string | null) => ({
    ...toDraft(saved('a', 1)),
    tools: [
      { label, labelZh, url: ' /tools/visit-plan ' },
      { label: ' ', labelZh: '', url: '' },
    ],
  });

  it('never fills a blank English label from the Chinese one', () => {
    expect(stageBody(withTool('  ', '拜访计划')).tools).toEqual([
      { label: '', labelZh: '拜访计划', url: '/tools/visit-plan' },
    ]);
  });

  it('sends a blank Chinese label as null and leaves blank rows out', () => {
    expect(stageBody(withTool(' Visit plan ', '  ')).tools).toEqual([
      { label: 'Visit plan', labelZh: null, url: '/tools/visit-plan' },
    ]);
  });
});

describe('draftProblems', () => {
  it('marks each blank required field by its path, tools by their row in the draft', () => {
    const stage = {
      ...toDraft(saved('a', 1)),
      nameEn: ' ',
      tools: [
        { label: '', labelZh: '', url: '' },
        { label: '', labelZh: '拜访计划', url: '/tools/visit-plan' },
      ],
      criteria: [
        {
          labelEn: 'Decision maker found',
          labelZh: '',
          hintEn: null,
          hintZh: null,
          kind: 'checkbox' as const,
          config: {},
          requiresConfirmation: false,
        },
      ],
    };
    expect(draftProblems([toDraft(saved('b', 2)), stage])).toEqual({
      'stages.1.nameEn': { code: 'required' },
      'stages.1.tools.1.label': { code: 'required' },
      'stages.1.criteria.0.labelZh': { code: 'required' },
    });
  });

  it('has nothing to say about a complete draft with blank optional translations', () => {
    const stage = {
      ...toDraft(saved('a', 1)),
      tools: [{ label: 'Visit plan', labelZh: null, url: '/tools/visit-plan' }],
    };
    expect(draftProblems([stage])).toEqual({});
  });
});

describe('stageRemovalRefusals', () => {
  it('keys the refusals by the stage they name, ignoring other errors', () => {
    const has = { path: 'stages', code: 'stage_has_deals', params: { stageId: 'a', deals: 2 } };
    const history = { path: 'stages', code: 'stage_in_history', params: { stageId: 'c', deals: 1 } };
    const other = { path: 'stages.0.nameEn', code: 'required' };
    expect(stageRemovalRefusals([has, other, history])).toEqual({ a: has, c: history });
  });
});

describe('retiring from the designer', () => {
  const retired = (s: SavedStage): SavedStage => ({ ...s, retiredAt: '2026-11-01T00:00:00.000Z' });

  it('offers to retire a saved active stage, to restore a retired one, and nothing for a new stage', () => {
    const withRetired = [saved('a', 1), retired(saved('b', 2)), saved('c', 3)];
    expect(retireOffer(withRetired, 'a')).toBe('retire');
    expect(retireOffer(withRetired, 'b')).toBe('reactivate');
    expect(retireOffer(withRetired, undefined)).toBeNull();
    expect(retireOffer(withRetired, 'new')).toBeNull();
  });

  it('never offers to retire the only active stage', () => {
    const one = [retired(saved('a', 1)), saved('b', 2), retired(saved('c', 3))];
    expect(retireOffer(one, 'b')).toBe('last');
    expect(canRetireInstead(one, 'b')).toBe(false);
  });

  it('offers Retire instead for a refused removal of an active stage only', () => {
    const withRetired = [saved('a', 1), retired(saved('b', 2)), saved('c', 3)];
    expect(canRetireInstead(withRetired, 'a')).toBe(true);
    expect(canRetireInstead(withRetired, 'b')).toBe(false);
    expect(canRetireInstead(withRetired, 'gone')).toBe(false);
  });

  it('keeps retirement out of the draft and of what a save sends', () => {
    const draft = toDraft(retired(saved('b', 2)));
    expect(draft).not.toHaveProperty('retiredAt');
    expect(stageBody(draft)).not.toHaveProperty('retiredAt');
  });
});

describe('the model names', () => {
  it('start from the saved names (no Chinese name: blank) and send a blank Chinese name as null', () => {
    const draft = toNamesDraft({ name: 'Channel', nameZh: null });
    expect(draft).toEqual({ name: 'Channel', nameZh: '' });
    expect(namesBody({ name: ' Channel ', nameZh: '  ' })).toEqual({ name: 'Channel', nameZh: null });
    expect(namesBody({ name: 'Channel', nameZh: ' 渠道 ' })).toEqual({ name: 'Channel', nameZh: '渠道' });
  });
});
