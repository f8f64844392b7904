import { describe, expect, it } from 'vitest';
import { compareKeyed, histogramStats, medianOfSorted, mergeHistograms } from './model.ts';
import {
  addMonths,
  monthOf,
  monthRange,
  parsePeriod,
  proratedQuota,
  quarterOf,
  snapshotPeriods,
  weekStart,
} from './periods.ts';
import { subtreeMembers, subtreeTeams } from './rollup.ts';

describe('periods', () => {
  it('parses months and quarters into inclusive dates', () => {
    expect(parsePeriod('2026-02')).toEqual({
      key: '2026-02',
      kind: 'month',
      start: '2026-02-01',
      end: '2026-02-28',
      months: ['2026-02'],
    });
    expect(parsePeriod('2024-Q1')).toMatchObject({ start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('2026-Q4').months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(() => parsePeriod('2026-13')).toThrow();
  });

  it('walks months across years and names the quarter and the week', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2026-01')).toEqual([]);
    expect(quarterOf('2026-12')).toBe('2026-Q4');
    expect(monthOf('2026-11-30T23:30:00.000-02:00')).toBe('2026-12');
    expect(weekStart(new Date('2026-11-22T09:00:00Z'))).toBe('2026-11-16');
    expect(weekStart(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
    expect(snapshotPeriods(new Date('2026-12-15T00:00:00Z'))).toEqual([
      '2026-12',
      '2027-01',
      '2027-02',
      '2026-Q4',
      '2027-Q1',
    ]);
  });

  it('prorates a quota by the days it shares with a period', () => {
    const q = { periodStart: '2026-10-01', periodEnd: '2026-12-31', amount: 920_000 };
    expect(proratedQuota(q, parsePeriod('2026-12'))).toBeCloseTo(310_000, 6);
    expect(proratedQuota(q, parsePeriod('2026-Q4'))).toBe(920_000);
    expect(proratedQuota(q, parsePeriod('2027-01'))).toBe(0);
  });
});

describe('medians and order', () => {
  it('take the median of a histogram like that of the expanded list', () => {
    expect(histogramStats([3, 10, 40], [2, 1, 1])).toEqual({ won: 4, mean: 14, median: 6.5 });
    expect(histogramStats([5], [3])).toEqual({ won: 3, mean: 5, median: 5 });
    expect(histogramStats([], [])).toEqual({ won: 0, mean: null, median: null });
    expect(medianOfSorted([3, 3, 10, 40])).toBe(6.5);
  });

  it('add histograms up to the histogram of the lists together', () => {
    const merged = mergeHistograms([
      { values: [3, 10], counts: [2, 1] },
      { values: [1, 10, 40], counts: [1, 2, 1] },
      { values: [], counts: [] },
    ]);
    expect(merged).toEqual({ values: [1, 3, 10, 40], counts: [1, 2, 3, 1] });
    expect(histogramStats(merged.values, merged.counts)).toEqual({
      won: 7,
      mean: 11,
      median: medianOfSorted([1, 3, 3, 10, 10, 10, 40]),
    });
  });

  it('sorts groups by label with the keyless group last, months by date', () => {
    const rows = [
      { key: 'b', label: 'Beta' },
      { key: null, label: null },
      { key: 'a', label: 'Alpha' },
    ];
    expect(rows.sort(compareKeyed('owner')).map((r) => r.key)).toEqual(['a', 'b', null]);
    const months = [
      { key: '2026-02', label: '2026-02' },
      { key: '2025-12', label: '2025-12' },
    ];
    expect(months.sort(compareKeyed('month')).map((r) => r.key)).toEqual(['2025-12', '2026-02']);
  });
});

describe('team roll-up', () => {
  it('gives each team its subtree and the people in it', () => {
    const teams = new Map([
      ['nat', { parentId: null }],
      ['east', { parentId: 'nat' }],
      ['shanghai', { parentId: 'east' }],
      ['north', { parentId: 'nat' }],
    ]);
    const users = new Map([
      ['u1', { teamId: 'shanghai' }],
      ['u2', { teamId: 'north' }],
      ['u3', { teamId: null }],
    ]);
    expect([...subtreeTeams(teams).get('east')!].sort()).toEqual(['east', 'shanghai']);
    const members = subtreeMembers(teams, users);
    expect([...members.get('nat')!].sort()).toEqual(['u1', 'u2']);
    expect([...members.get('east')!]).toEqual(['u1']);
    expect([...members.get('shanghai')!]).toEqual(['u1']);
  });
});
