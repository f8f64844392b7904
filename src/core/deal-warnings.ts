import { closeDatePassed } from './process/close-date.ts';

/**
 * Simple warnings on an open deal, computed from its own fields (pure; used by the board, lists and the
 * home page). The full deal-health engine (stuck in stage, milestones, stakeholders) replaces this later.
 */
export type DealWarning = 'close_date_passed' | 'no_close_date' | 'no_next_step' | 'stale';

export type WarningInput = {
  status?: string;
  expectedCloseDate: string | null;
  nextStep: string | null;
  updatedAt: string;
};

/** Days without any change after which an open deal counts as stale. */
export const STALE_DAYS = 30;

/** Warnings in order of urgency; `today` is the sales team's day (`salesToday`) as YYYY-MM-DD. */
export function dealWarnings(deal: WarningInput, today: string, now: Date = new Date()): DealWarning[] {
  if (deal.status !== undefined && deal.status !== 'open') return [];
  const out: DealWarning[] = [];
  if (!deal.expectedCloseDate) out.push('no_close_date');
  else if (closeDatePassed(deal.expectedCloseDate, today)) out.push('close_date_passed');
  if (!deal.nextStep?.trim()) out.push('no_next_step');
  const updated = Date.parse(deal.updatedAt);
  if (Number.isFinite(updated) && now.getTime() - updated > STALE_DAYS * 86_400_000) out.push('stale');
  return out;
}

/** Orders deals by how badly they need attention: more and more urgent warnings first. */
export function attentionScore(warnings: readonly DealWarning[]): number {
  const weight: Record<DealWarning, number> = {
    close_date_passed: 8,
    no_close_date: 4,
    no_next_step: 2,
    stale: 1,
  };
  return warnings.reduce((s, w) => s + weight[w], 0);
}
