import { describe, expect, it } from 'vitest';
import {
  accuracySeries,
  canCall,
  drillHref,
  formatPeriod,
  formatRate,
  labelOf,
  managedTeamIds,
  monthOptions,
  monthParam,
  noneLabelKey,
  periodOptions,
  rollupOrder,
  winRateBars,
  withPipelineNames,
} from './insights.ts';

describe('insights helpers', () => {
  it('label months and quarters in both languages', () => {
    expect(formatPeriod('2026-11', 'en')).toBe('Nov 2026');
    expect(formatPeriod('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(formatPeriod('2026-Q4', 'en')).toBe('Q4 2026');
    expect(formatPeriod('2026-Q4', 'zh-CN')).toBe('2026年第4季度');
  });

  it('offer months newest first and quarters around the current one', () => {
    const months = monthOptions('2026-02', 'en').map((o) => o.value);
    // Three years by default, newest first.
    expect(months.length).toBe(36);
    expect(months.slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(months.at(-1)).toBe('2023-03');
    const [quarters, monthsAround] = periodOptions('2026-02', 'en');
    expect(quarters!.items.map((o) => o.value)).toEqual([
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
    ]);
    expect(monthsAround!.items[0]!.value).toBe('2025-08');
    expect(monthsAround!.items.at(-1)!.value).toBe('2026-08');
  });

  it('reach back to the first month with deals, and always offer the months in the URL', () => {
    const imported = monthOptions('2026-02', 'zh-CN', { first: '2017-03' });
    expect(imported[0]).toEqual({ value: '2026-02', label: '2026年2月' });
    expect(imported.at(-1)).toEqual({ value: '2017-03', label: '2017年3月' });
    expect(imported.length).toBe(9 * 12);
    // A first month inside the default three years does not shorten them.
    expect(monthOptions('2026-02', 'en', { first: '2025-11' }).length).toBe(36);
    // A stray date decades back stops at thirty years.
    expect(monthOptions('2026-02', 'en', { first: '1901-01' }).at(-1)!.value).toBe('1996-02');
    // A linked range before the choices extends them down to it (every month between, to adjust by one);
    // months ahead of today or beyond thirty years are offered as they are. Once each; junk not at all.
    const linked = monthOptions('2026-02', 'en', { keep: ['2019-06', '2019-01', '2026-01', '2027-04', 'x'] });
    const values = linked.map((o) => o.value);
    expect(values[0]).toBe('2027-04');
    expect(values[1]).toBe('2026-02');
    expect(values.slice(-3)).toEqual(['2019-03', '2019-02', '2019-01']);
    expect(values.length).toBe(1 + (7 * 12 + 2));
    expect(values.filter((v) => v === '2026-01').length).toBe(1);
    expect(values).not.toContain('x');
    expect(linked.find((o) => o.value === '2019-01')!.label).toBe('Jan 2019');
    const ancient = monthOptions('2026-02', 'en', { keep: ['1980-05'] }).map((o) => o.value);
    expect(ancient.slice(-2)).toEqual(['1996-02', '1980-05']);
  });

  it('always offer the forecast period in the URL, in its group and order', () => {
    const values = (keep: string[]) =>
      periodOptions('2026-02', 'zh-CN', { keep }).map((g) => g.items.map((o) => o.value));
    const [quarters, months] = values(['2015-Q1']);
    expect(quarters!.slice(0, 2)).toEqual(['2015-Q1', '2025-Q1']);
    expect(quarters!.length).toBe(8);
    expect(months!.length).toBe(13);
    const [q2, m2] = values(['2019-06']);
    expect(q2!.length).toBe(7);
    expect(m2![0]).toBe('2019-06');
    // One already offered is not offered twice; junk not at all.
    expect(values(['2025-Q4', 'x']).flat().length).toBe(7 + 13);
    const [withLabel] = periodOptions('2026-02', 'zh-CN', { keep: ['2015-Q1'] });
    expect(withLabel!.items[0]).toEqual({ value: '2015-Q1', label: '2015年第1季度' });
  });

  it('name the groups without a label: no team, or no product when grouped by product', () => {
    expect(labelOf({ key: null, label: null }, 'No team')).toBe('No team');
    expect(labelOf({ key: 'none', label: null }, 'No product')).toBe('No product');
    expect(labelOf({ key: 'p1', label: 'APS' }, 'No product')).toBe('APS');
    expect(labelOf({ key: '2026-01', label: null }, 'No team')).toBe('2026-01');
    expect(noneLabelKey('product')).toBe('insights.noProduct');
    expect(noneLabelKey('team')).toBe('insights.noTeam');
  });

  it('read only well-formed months from the URL', () => {
    expect(monthParam('2026-13', '2026-01')).toBe('2026-01');
    expect(monthParam('2026-12', '2026-01')).toBe('2026-12');
    expect(monthParam(null, '2026-01')).toBe('2026-01');
  });

  it('order win-rate bars best first (months chronologically), with counts per outcome', () => {
    const rows = [
      { key: 'a', label: 'Ann', won: 1, lost: 3, noDecision: 0, winRate: 0.25 },
      { key: 'b', label: 'Bo', won: 3, lost: 1, noDecision: 2, winRate: 0.75 },
      { key: null, label: null, won: 0, lost: 2, noDecision: 0, winRate: 0 },
    ];
    const bars = winRateBars(rows, 'No team', false);
    expect(bars.labels).toEqual(['Bo', 'Ann', 'No team']);
    expect(bars.keys).toEqual(['b', 'a', null]);
    expect(bars.won).toEqual([3, 1, 0]);
    expect(bars.noDecision).toEqual([2, 0, 0]);
    expect(winRateBars(rows, 'No team', true).keys).toEqual(['a', 'b', null]);
  });

  it('put team rows in tree order with depths; orphans and cycles become roots', () => {
    const rows = [
      { key: 'east', parentId: 'nat' },
      { key: 'west', parentId: 'east' },
      { key: 'nat', parentId: null },
      { key: 'north', parentId: 'nat' },
      { key: 'lone', parentId: 'hidden' },
    ];
    expect(rollupOrder(rows).map((r) => `${r.key}:${r.depth}`)).toEqual([
      'nat:0',
      'east:1',
      'west:2',
      'north:1',
      'lone:0',
    ]);
    const cycle = [
      { key: 'x', parentId: 'y' },
      { key: 'y', parentId: 'x' },
    ];
    expect(rollupOrder(cycle).map((r) => r.key)).toEqual(['x', 'y']);
  });

  it('let reps call for themselves, managers for teams they manage, admins for any team', () => {
    const teams = [
      { id: 'nat', parentId: null, managerId: 'vp' },
      { id: 'east', parentId: 'nat', managerId: 'm' },
      { id: 'west', parentId: 'east', managerId: null },
      { id: 'north', parentId: 'nat', managerId: null },
    ];
    const managed = managedTeamIds('m', teams);
    expect([...managed].sort()).toEqual(['east', 'west']);
    expect(canCall({ id: 'm', role: 'manager' }, { key: 'west' }, 'team', managed)).toBe(true);
    expect(canCall({ id: 'm', role: 'manager' }, { key: 'north' }, 'team', managed)).toBe(false);
    expect(canCall({ id: 'a', role: 'admin' }, { key: 'north' }, 'team', new Set())).toBe(true);
    expect(canCall({ id: 'r', role: 'rep' }, { key: 'r' }, 'owner', new Set())).toBe(true);
    expect(canCall({ id: 'r', role: 'rep' }, { key: 'other' }, 'owner', new Set())).toBe(false);
    expect(canCall({ id: 'v', role: 'viewer' }, { key: 'v' }, 'owner', new Set())).toBe(false);
  });

  it('draw accuracy as weekly lines in week order beside the actual', () => {
    const snap = (weekStart: string, commit: number) => ({
      weekStart,
      commit,
      closed: 10,
      weighted: 5,
      historical: 6,
      commitAccuracy: null,
      weightedAccuracy: null,
    });
    const s = accuracySeries({
      period: '2026-11',
      actualWon: 50,
      snapshots: [snap('2026-11-09', 30), snap('2026-11-02', 20)],
    });
    expect(s.weeks).toEqual(['2026-11-02', '2026-11-09']);
    expect(s.call).toEqual([30, 40]);
    expect(s.actual).toEqual([50, 50]);
  });

  it('link to the deal list with the drill-down filters, and format rates', () => {
    expect(drillHref({ status: 'won,lost', ownerId: 'u1' })).toBe(
      '/opportunities?status=won%2Clost&ownerId=u1',
    );
    expect(formatRate(0.4213, 'en')).toBe('42%');
    expect(formatRate(null, 'en')).toBe('—');
  });

  it('names rows grouped by pipeline in the reader’s language, leaving other rows and data alone', () => {
    const data = {
      groupBy: 'pipeline',
      rows: [
        { key: 'p1', label: 'Solution sale (8 steps)', won: 3 },
        { key: 'p2', label: 'Renewals', won: 1 },
        { key: null, label: null, won: 0 },
      ],
      total: { won: 4 },
    };
    const named = withPipelineNames(data, new Map([['p1', '方案销售（八步法）']]));
    expect(named.rows.map((r) => r.label)).toEqual(['方案销售（八步法）', 'Renewals', null]);
    expect(named.rows[0]!.won).toBe(3);
    expect(named.total).toBe(data.total);
    expect(data.rows[0]!.label).toBe('Solution sale (8 steps)');
    expect(withPipelineNames(data, new Map())).toBe(data);
    expect(withPipelineNames({ stages: [] }, new Map([['p1', 'x']]))).toEqual({ stages: [] });
  });
});
