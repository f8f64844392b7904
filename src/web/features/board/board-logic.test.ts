import { describe, expect, it } from 'vitest';
import type { BoardItem } from '../../lib/types.ts';
import {
  AUTO_SCROLL_EDGE_PX,
  applyMove,
  autoScrollThreshold,
  filterItems,
  groupByStage,
  summarize,
} from './board-logic.ts';

const item = (id: string, stageId: string, amount: number, extra: Partial<BoardItem> = {}): BoardItem => ({
  id,
  name: `Deal ${id}`,
  accountId: 'a1',
  accountName: '招商银行',
  ownerId: 'u1',
  ownerName: '陈晓',
  amount,
  currency: 'CNY',
  expectedCloseDate: '2026-05-01',
  nextStep: 'Demo',
  forecastCategory: 'pipeline',
  stageId,
  version: 1,
  updatedAt: '2026-03-01T00:00:00Z',
  ...extra,
});

describe('board logic', () => {
  const items = [
    item('1', 's1', 100_000),
    item('2', 's1', 250_000.5, { ownerId: 'u2' }),
    item('3', 's2', 80_000, { currency: 'USD', accountName: 'Siemens China' }),
    item('4', 'gone', 1),
  ];

  it('groups deals into stage columns in stage order, dropping unknown stages', () => {
    const g = groupByStage(items, ['s1', 's2', 's3']);
    expect([...g.keys()]).toEqual(['s1', 's2', 's3']);
    expect(g.get('s1')!.map((i) => i.id)).toEqual(['1', '2']);
    expect(g.get('s3')).toEqual([]);
  });

  it('sums each column per currency', () => {
    expect(summarize(groupByStage(items, ['s1']).get('s1')!)).toEqual({
      count: 2,
      totals: [{ currency: 'CNY', amount: 350_000.5 }],
    });
    expect(summarize(items.slice(0, 3)).totals.map((t) => t.currency)).toEqual(['CNY', 'USD']);
  });

  it('filters by owner and by name or account, case-insensitively', () => {
    expect(filterItems(items, { ownerIds: new Set(['u2']) }).map((i) => i.id)).toEqual(['2']);
    expect(filterItems(items, { q: 'siemens' }).map((i) => i.id)).toEqual(['3']);
    expect(filterItems(items, { q: '招商' })).toHaveLength(3);
    expect(filterItems(items, { ownerIds: null, q: '' })).toHaveLength(4);
  });

  it('moves one card and keeps the others as they were', () => {
    const moved = applyMove(items, '1', 's2', { version: 2 });
    expect(moved[0]).toMatchObject({ id: '1', stageId: 's2', version: 2 });
    expect(moved[1]).toBe(items[1]);
  });
});

describe('autoScrollThreshold', () => {
  it('is an edge band of fixed width, not a fifth of a wide board', () => {
    const t = autoScrollThreshold(1440, 900);
    expect(t.x * 1440).toBeCloseTo(AUTO_SCROLL_EDGE_PX);
    expect(t.y * 900).toBeCloseTo(AUTO_SCROLL_EDGE_PX);
    // A 280 px column centred 200 px from the right edge of a 1150 px board is outside the band.
    expect(t.x * 1150).toBeLessThan(200);
  });

  it("never exceeds dnd-kit's default on a small screen", () => {
    expect(autoScrollThreshold(200, 100)).toEqual({ x: 0.2, y: 0.2 });
    expect(autoScrollThreshold(0, 0)).toEqual({ x: 0.2, y: 0.2 });
  });
});
