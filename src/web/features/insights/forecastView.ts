// Pure helpers of the forecast card: how a latest call reads, and the chart layout for the width it has
// (a phone has ~330 px for names, bars, markers, axis labels and a legend).
import type { RolledCall } from '../../../core/analytics/calls.ts';
import { formatMoneyCompact } from '../../lib/format.ts';

export type LatestCall = RolledCall;

/** Below this chart width the forecast charts use their narrow layout. */
export const NARROW_CHART = 520;

/**
 * A latest call as the table shows it: the amount in the table's compact format, and for a roll-up how
 * many calls it sums (`rollup`), so it never passes for someone's own call.
 */
export function callCell(
  call: LatestCall | null | undefined,
  currency: string,
  locale: string,
): { amount: string; rollup: number | null } | null {
  if (!call) return null;
  return {
    amount: formatMoneyCompact(call.amount, currency, locale),
    rollup: call.source === 'rollup' ? call.calls : null,
  };
}

/** Approximate width of a label in ECharts' 12 px font: CJK characters are about twice a Latin one. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 7;
  return w;
}

/** How many lines ECharts' plain legend (icon 25 + 5, gaps 10, padding 5) takes for these labels. */
export function legendLines(labels: readonly string[], width: number): number {
  const room = Math.max(width - 10, 1);
  let lines = 1;
  let used = 0;
  for (const label of labels) {
    const item = 30 + textWidth(label);
    if (used > 0 && used + item > room) {
      lines++;
      used = 0;
    }
    used += item + 10;
  }
  return lines;
}

/**
 * The parts of a chart's option that depend on its width: the grid leaves room for every line of the
 * legend above it (a wrapped legend otherwise sits on the top axis label), and a narrow chart keeps the
 * category names short and asks for fewer value ticks so compact amounts do not run together.
 */
export function chartLayout(width: number, legend: readonly string[]) {
  const narrow = width > 0 && width < NARROW_CHART;
  const lines = legendLines(legend, width > 0 ? width : 1000);
  return {
    narrow,
    grid: { left: 8, right: narrow ? 16 : 24, top: 14 + lines * 24, bottom: 8, containLabel: true },
    legend: { top: 0, left: 'center' as const, itemGap: 10 },
    /** Width of the category names (team or person) on the forecast chart's vertical axis. */
    nameWidth: narrow ? Math.max(64, Math.round(width * 0.28)) : 200,
    /** Value-axis ticks to aim for (ECharts rounds to nice numbers). */
    splitNumber: narrow ? 2 : 5,
  };
}
