import { describe, expect, it } from 'vitest';
import { callCell, chartLayout, legendLines, textWidth } from './forecastView.ts';

describe('callCell', () => {
  it('writes a call in the table’s compact format, a roll-up with the number of calls it sums', () => {
    expect(callCell({ amount: 8_300_000, source: 'own', calls: 1 }, 'CNY', 'zh-CN')).toEqual({
      amount: '¥830万',
      rollup: null,
    });
    expect(callCell({ amount: 12_500_000, source: 'rollup', calls: 3 }, 'CNY', 'en')).toEqual({
      amount: 'CN¥12.5M',
      rollup: 3,
    });
    expect(callCell(null, 'CNY', 'en')).toBeNull();
  });
});

describe('chart layout', () => {
  const legend = ['Closed (won)', 'Commit', 'Best case', 'Pipeline', 'Weighted', 'Historical', 'Latest call'];

  it('counts the legend’s lines, Chinese characters twice as wide', () => {
    expect(textWidth('abc')).toBe(21);
    expect(textWidth('历史')).toBe(24);
    expect(legendLines(legend, 1200)).toBe(1);
    expect(legendLines(legend, 330)).toBeGreaterThanOrEqual(3);
    expect(legendLines(['Commit call', 'Weighted', 'Historical', 'Won so far'], 330)).toBe(2);
  });

  it('leaves room for every legend line above the grid and narrows names and ticks on a phone', () => {
    const phone = chartLayout(330, legend);
    const desk = chartLayout(1100, legend);
    expect(phone.narrow).toBe(true);
    expect(desk.narrow).toBe(false);
    expect(phone.grid.top).toBeGreaterThanOrEqual(14 + 3 * 24);
    expect(desk.grid.top).toBe(38);
    expect(phone.nameWidth).toBeLessThan(330 / 3);
    expect(phone.splitNumber).toBeLessThan(desk.splitNumber);
    // Before the first measure (width 0) the chart is laid out as on a desk.
    expect(chartLayout(0, legend).narrow).toBe(false);
  });
});
