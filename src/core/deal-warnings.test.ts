import { describe, expect, it } from 'vitest';
import { attentionScore, dealWarnings } from './deal-warnings.ts';

const now = new Date('2026-03-10T12:00:00Z');
const fresh = '2026-03-09T08:00:00Z';

describe('dealWarnings', () => {
  it('has nothing to say about a healthy deal', () => {
    expect(
      dealWarnings(
        { expectedCloseDate: '2026-04-01', nextStep: 'Demo', updatedAt: fresh },
        '2026-03-10',
        now,
      ),
    ).toEqual([]);
  });

  it('flags a close date in the past, but not today', () => {
    const d = { expectedCloseDate: '2026-03-09', nextStep: 'x', updatedAt: fresh };
    expect(dealWarnings(d, '2026-03-10', now)).toEqual(['close_date_passed']);
    expect(dealWarnings({ ...d, expectedCloseDate: '2026-03-10' }, '2026-03-10', now)).toEqual([]);
  });

  it('flags a missing close date, a blank next step and a stale deal', () => {
    expect(
      dealWarnings(
        { expectedCloseDate: null, nextStep: '  ', updatedAt: '2026-01-01T00:00:00Z' },
        '2026-03-10',
        now,
      ),
    ).toEqual(['no_close_date', 'no_next_step', 'stale']);
  });

  it('ignores closed deals', () => {
    expect(
      dealWarnings(
        { status: 'won', expectedCloseDate: '2020-01-01', nextStep: null, updatedAt: fresh },
        '2026-03-10',
        now,
      ),
    ).toEqual([]);
  });

  it('ranks an overdue deal above one without a next step', () => {
    expect(attentionScore(['close_date_passed'])).toBeGreaterThan(attentionScore(['no_next_step', 'stale']));
  });
});
