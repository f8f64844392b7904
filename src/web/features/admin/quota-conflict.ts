// A quota refused because of another quota of the same person or team: one for the very same period
// (409 duplicate_quota, shown on the person or team) or one whose period overlaps (409 quota_overlap, shown on
// the dates). The answer names the other quota so the form can offer to edit it, also when a write raced past
// the server's check and the database refused it; only when that quota was deleted meanwhile does it not, and
// then only the refusal is shown.
import { isProblem } from '../../lib/api.ts';

export type OtherQuota = { id: string; periodStart: string; periodEnd: string; amount: number };
export type QuotaConflict = {
  kind: 'duplicate' | 'overlap';
  /** The quota to edit instead, when the answer names it. */
  id: string | null;
  /** Its period and amount, when the answer gives them. */
  other: OtherQuota | null;
};

const KINDS: Record<string, QuotaConflict['kind']> = {
  duplicate_quota: 'duplicate',
  quota_overlap: 'overlap',
};

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

function otherOf(v: unknown): OtherQuota | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' &&
    isDate(o.periodStart) &&
    isDate(o.periodEnd) &&
    typeof o.amount === 'number' &&
    Number.isFinite(o.amount)
    ? { id: o.id, periodStart: o.periodStart, periodEnd: o.periodEnd, amount: o.amount }
    : null;
}

/** The conflict a quota write was refused with, or null for any other error. */
export function quotaConflictOf(err: unknown): QuotaConflict | null {
  if (!isProblem(err) || err.status !== 409) return null;
  const kind = KINDS[err.code];
  if (!kind) return null;
  const other = otherOf(err.problem.existing);
  const existingId = typeof err.problem.existingId === 'string' ? err.problem.existingId : null;
  return { kind, id: existingId ?? other?.id ?? null, other };
}
