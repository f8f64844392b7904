// Pure pieces of My day, kept apart from the page so they are tested: the overdue count, which health
// warnings a deal's row names, and the criteria waiting for the user's confirmation.
import { isOverdue, type OverdueInput } from '../../../core/activity-overdue.ts';
import { dealWarnings, type WarningInput } from '../../../core/deal-warnings.ts';
import type { HealthWarning } from '../../lib/process.ts';

export type {
  PendingAnswer,
  PendingConfirmation,
} from '../../../server/features/confirmations/confirmations.routes.ts';

/**
 * "N waiting for a debrief or overdue": the planned activities the shared overdue rule calls overdue (the
 * same rule as each activity's badge), counted once each.
 */
export function overdueCount(
  items: readonly (OverdueInput & { id: string })[],
  now: Date = new Date(),
  timeZone?: string,
): number {
  const ids = new Set(items.filter((a) => isOverdue(a, now, timeZone)).map((a) => a.id));
  return ids.size;
}

const SEVERITY_RANK: Record<HealthWarning['severity'], number> = { critical: 0, warning: 1, info: 2 };

/**
 * The health warnings a row of "Deals that need attention" names (`max` of them): the most severe first,
 * in the health engine's order within a severity, and a passed expected close date always among them, as
 * the board always marks it.
 */
export function attentionWarnings<W extends Pick<HealthWarning, 'code' | 'severity'>>(
  warnings: readonly W[],
  max = 2,
): W[] {
  const ranked = warnings
    .map((w, i) => ({ w, i }))
    .sort((a, b) => SEVERITY_RANK[a.w.severity] - SEVERITY_RANK[b.w.severity] || a.i - b.i)
    .map((x) => x.w);
  const shown = ranked.slice(0, max);
  const closeDate = ranked.find((w) => w.code === 'close_date_passed');
  if (max > 0 && closeDate && !shown.includes(closeDate)) shown[shown.length - 1] = closeDate;
  return shown;
}

/** Whether the deal's expected close date has passed on `today` (the viewer's day): the board's own rule. */
export function closeDatePassed(deal: WarningInput, today: string): boolean {
  return dealWarnings(deal, today).includes('close_date_passed');
}
