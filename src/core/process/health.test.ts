import { describe, expect, it } from 'vitest';
import { openDeal } from './facts.fixture.ts';
import { dealHealth, elapsedDays } from './health.ts';
import type { DealFacts, Stage } from './model.ts';

const stage = (position: number): Stage => ({
  id: `s${position}`,
  position,
  nameEn: `Step ${position}`,
  nameZh: `第${position}步`,
  expectedDays: 30,
  funnelState: 'in_funnel',
  tools: [{ label: 'Visit plan and debrief', labelZh: '拜访计划与复盘表', url: '/tools/visit-plan' }],
  criteria: [],
});
const facts: DealFacts = openDeal({ expectedCloseDate: '2026-11-18' });
const now = new Date('2026-12-02T09:00:00Z');

describe('deal health', () => {
  it('says a passed close date as the app shows dates, in each language, with the stage’s tools', () => {
    const en = dealHealth([stage(1)], facts, { now, locale: 'en' });
    const zh = dealHealth([stage(1)], facts, { now, locale: 'zh-CN' });
    expect(en.warnings.map((w) => [w.code, w.message])).toEqual([
      ['close_date_passed', 'The expected close date, Nov 18, 2026, has passed.'],
    ]);
    expect(zh.warnings.map((w) => w.message)).toEqual(['预计成交日期（2026年11月18日）已过。']);
    expect(zh.warnings[0]!.tools).toEqual(stage(1).tools);
    expect(en.score).toBeLessThan(100);
  });

  it('has nothing to say about a close date of today or still ahead, or a closed deal', () => {
    expect(
      dealHealth([stage(1)], { ...facts, expectedCloseDate: '2026-12-02' }, { now, locale: 'en' }).warnings,
    ).toEqual([]);
    expect(
      dealHealth([stage(1)], { ...facts, expectedCloseDate: '2026-12-31' }, { now, locale: 'en' }).warnings,
    ).toEqual([]);
    expect(dealHealth([stage(1)], { ...facts, status: 'won' }, { now, locale: 'en' })).toMatchObject({
      score: 100,
      warnings: [],
    });
  });
});

describe('elapsedDays', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  it('counts a day once it has fully passed, as the stage history and the health both show it', () => {
    // 19 days and 14 hours: 19, not the 20 that rounding gave in the stage history.
    expect(elapsedDays('2026-11-13T20:00:00Z', now)).toBe(19);
    expect(elapsedDays('2026-11-14T10:00:00Z', now)).toBe(19);
    // A stay that began and ended on the same day is 0 days, not 1.
    expect(elapsedDays('2026-12-02T21:00:00Z', new Date('2026-12-03T09:00:00Z'))).toBe(0);
  });
  it('is never negative', () => {
    expect(elapsedDays('2026-12-04T00:00:00Z', now)).toBe(0);
  });
});
