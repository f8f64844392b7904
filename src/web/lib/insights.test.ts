import { describe, expect, it } from 'vitest';
import {
  accuracySeries,
  canCall,
  drillHref,
  formatPeriod,
  formatRate,
  managedTeamIds,
  monthOptions,
  monthParam,
  periodOptions,
  rollupOrder,
  winRateBars,
} from './insights.ts';

describe('insights helpers', () => {
  it('label months and quarters in both languages', () => {
    expect(formatPeriod('2026-11', 'en')).toBe('Nov 2026');
    expect(formatPeriod('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(formatPeriod('2026-Q4', 'en')).toBe('Q4 2026');
    expect(formatPeriod('2026-Q4', 'zh-CN')).toBe('2026年第4季度');
  });

  it('offer months newest first and quarters around the current one', () => {
    const months = monthOptions('2026-02', 'en', 3).map((o) => o.value);
    expect(months).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
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
});
