// Pure board logic: filtering, grouping into stage columns, column summaries, applying a move.
import { type DealWarning, dealWarnings } from '../../../core/deal-warnings.ts';
import { totalsByCurrency } from '../../lib/format.ts';
import type { BoardItem } from '../../lib/types.ts';

export type BoardFilter = { ownerIds?: ReadonlySet<string> | null; q?: string };

export function filterItems(items: readonly BoardItem[], f: BoardFilter): BoardItem[] {
  const q = f.q?.trim().toLowerCase();
  return items.filter(
    (i) =>
      (!f.ownerIds || f.ownerIds.has(i.ownerId)) &&
      (!q || i.name.toLowerCase().includes(q) || i.accountName.toLowerCase().includes(q)),
  );
}

/** Deals per stage, in stage order; deals of unknown stages are dropped. Order within a column is kept. */
export function groupByStage(
  items: readonly BoardItem[],
  stageIds: readonly string[],
): Map<string, BoardItem[]> {
  const out = new Map<string, BoardItem[]>(stageIds.map((id) => [id, []]));
  for (const it of items) out.get(it.stageId)?.push(it);
  return out;
}

export type ColumnSummary = { count: number; totals: { currency: string; amount: number }[] };

export function summarize(items: readonly BoardItem[]): ColumnSummary {
  return { count: items.length, totals: totalsByCurrency(items) };
}

/** The board after moving one deal to another stage (a new array; other items keep their identity). */
export function applyMove(
  items: readonly BoardItem[],
  id: string,
  stageId: string,
  patch: Partial<BoardItem> = {},
) {
  return items.map((i) => (i.id === id ? { ...i, ...patch, stageId } : i));
}

export function cardWarnings(item: BoardItem, today: string, now?: Date): DealWarning[] {
  return dealWarnings(item, today, now);
}

/** How far from a scroll container's edge a dragged card starts scrolling it, in CSS pixels. */
export const AUTO_SCROLL_EDGE_PX = 64;

/**
 * dnd-kit's auto-scroll zone is a fraction of each scroll container (20 % by default). On a wide board that
 * band covers whole columns, so a pointer resting over a column near the right scrolled the board under it
 * and the card landed columns further on. This turns an edge band of `AUTO_SCROLL_EDGE_PX` on a viewport of
 * `width` × `height` into the fractions dnd-kit takes (never more than its default).
 */
export function autoScrollThreshold(width: number, height: number): { x: number; y: number } {
  const part = (size: number) => Math.min(0.2, AUTO_SCROLL_EDGE_PX / Math.max(size, 1));
  return { x: part(width), y: part(height) };
}
