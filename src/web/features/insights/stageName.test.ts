import { describe, expect, it } from 'vitest';
import { insightsEn } from '../../i18n/insights.en.ts';
import { insightsZh } from '../../i18n/insights.zh-CN.ts';
import { insightStageName } from './stageName.ts';

/** The dictionaries' own wording, filled in as i18next does. */
const mark = (template: string) => (stage: string) => template.replace('{{stage}}', stage);
const en = mark(insightsEn.insights.retiredStage);
const zh = mark(insightsZh.insights.retiredStage);

describe('insightStageName', () => {
  const qualify = { position: 1, nameEn: 'Qualify', nameZh: '资格确认', retiredAt: null };
  const retired = { ...qualify, retiredAt: '2026-10-01T08:00:00.000Z' };

  it('names an active stage by position and name, in the reader’s language', () => {
    expect(insightStageName(qualify, 'en', en)).toBe('1. Qualify');
    expect(insightStageName(qualify, 'zh-CN', zh)).toBe('1. 资格确认');
  });

  it('marks a retired stage in both languages', () => {
    expect(insightStageName(retired, 'en', en)).toBe('1. Qualify (retired)');
    expect(insightStageName(retired, 'zh-CN', zh)).toBe('1. 资格确认（已停用）');
  });

  it('names the deal list’s drill-down stage the same way, marked when retired', () => {
    // As OpportunitiesPage fills drill.reachedStage, with a pipeline stage whose retiredAt may be absent.
    const reached = (template: string, name: string) => template.replace('{{name}}', name);
    const proposal = { position: 3, nameEn: 'Proposal', nameZh: '方案' };
    const gone = { ...proposal, retiredAt: '2026-10-01T08:00:00.000Z' };
    expect(reached(insightsEn.drill.reachedStage, insightStageName(proposal, 'en', en))).toBe(
      'Reached stage: 3. Proposal',
    );
    expect(reached(insightsEn.drill.reachedStage, insightStageName(gone, 'en', en))).toBe(
      'Reached stage: 3. Proposal (retired)',
    );
    expect(reached(insightsZh.drill.reachedStage, insightStageName(gone, 'zh-CN', zh))).toBe(
      '到达阶段：3. 方案（已停用）',
    );
  });
});
