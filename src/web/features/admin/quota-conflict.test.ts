import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../lib/api.ts';
import { quotaConflictOf } from './quota-conflict.ts';

const ID = '0190a5e2-0000-7000-8000-000000000001';
const Q4 = { id: ID, periodStart: '2026-10-01', periodEnd: '2026-12-31', amount: 3_000_000 };
const problem = (code: string, extra: Record<string, unknown> = {}, status = 409) =>
  new ProblemError({ status, code, detail: 'Refused.', ...extra });

describe('quotaConflictOf', () => {
  it('reads the overlapping quota the server names', () => {
    expect(quotaConflictOf(problem('quota_overlap', { existingId: ID, existing: Q4 }))).toEqual({
      kind: 'overlap',
      id: ID,
      other: Q4,
    });
  });

  it('reads a quota for the very same period as a duplicate', () => {
    expect(quotaConflictOf(problem('duplicate_quota', { existingId: ID }))).toEqual({
      kind: 'duplicate',
      id: ID,
      other: null,
    });
  });

  it('keeps the refusal without a quota to edit when the answer names none (deleted meanwhile)', () => {
    expect(quotaConflictOf(problem('quota_overlap'))).toEqual({ kind: 'overlap', id: null, other: null });
    // A malformed quota is not shown as one.
    expect(quotaConflictOf(problem('quota_overlap', { existing: { ...Q4, amount: '3' } }))).toEqual({
      kind: 'overlap',
      id: null,
      other: null,
    });
  });

  it('is null for any other error', () => {
    expect(quotaConflictOf(problem('duplicate', { existingId: ID }))).toBeNull();
    expect(quotaConflictOf(problem('quota_overlap', {}, 422))).toBeNull();
    expect(quotaConflictOf(new Error('boom'))).toBeNull();
    expect(quotaConflictOf(undefined)).toBeNull();
  });
});
