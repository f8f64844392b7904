import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween } from './periods.ts';
import { overlappingQuotas, quotasOverlap } from './quota-overlap.ts';

const REP = 'rep';
const q = (
  periodStart: string,
  periodEnd: string,
  more: Partial<{ userId: string | null; teamId: string | null; id: string }> = {},
) => ({
  userId: REP as string | null,
  teamId: null as string | null,
  periodStart,
  periodEnd,
  ...more,
});

describe('quotas that may not both be live', () => {
  it('are those of one subject whose periods share a day', () => {
    const q4 = q('2026-10-01', '2026-12-31');
    expect(quotasOverlap(q4, q('2026-12-01', '2026-12-31'))).toBe(true);
    expect(quotasOverlap(q4, q('2026-12-31', '2027-01-31'))).toBe(true);
    expect(quotasOverlap(q4, q4)).toBe(true);
    // Adjacent periods do not overlap.
    expect(quotasOverlap(q('2026-11-01', '2026-11-30'), q('2026-12-01', '2026-12-31'))).toBe(false);
    expect(quotasOverlap(q4, q('2027-01-01', '2027-03-31'))).toBe(false);
  });

  it('keeps apart a person’s own quota, their quota toward a team, and the team’s own', () => {
    const own = q('2026-10-01', '2026-12-31');
    const toward = q('2026-10-01', '2026-12-31', { teamId: 'east' });
    const team = q('2026-10-01', '2026-12-31', { userId: null, teamId: 'east' });
    expect([quotasOverlap(own, toward), quotasOverlap(own, team), quotasOverlap(toward, team)]).toEqual([
      false,
      false,
      false,
    ]);
    expect(quotasOverlap(team, q('2026-12-01', '2026-12-31', { userId: null, teamId: 'east' }))).toBe(true);
  });

  it('names the earliest first and never the quota itself', () => {
    const nov = q('2026-11-01', '2026-11-30', { id: 'nov' });
    const dec = q('2026-12-01', '2026-12-31', { id: 'dec' });
    const jan = q('2027-01-01', '2027-01-31', { id: 'jan' });
    expect(overlappingQuotas(q('2026-10-01', '2026-12-31'), [jan, dec, nov]).map((x) => x.id)).toEqual([
      'nov',
      'dec',
    ]);
    expect(overlappingQuotas({ ...dec, periodStart: '2026-11-15' }, [nov, dec]).map((x) => x.id)).toEqual([
      'nov',
    ]);
  });

  it('agrees with counting the shared days', () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    const period = fc.tuple(day, day).map(([a, b]): [string, string] => (a <= b ? [a, b] : [b, a]));
    fc.assert(
      fc.property(period, period, ([s1, e1], [s2, e2]) => {
        const from = [s1, s2].sort()[1]!; // the later start
        const to = [e1, e2].sort()[0]!; // the earlier end
        const shared = from <= to ? daysBetween(from, to) + 1 : 0;
        expect(quotasOverlap(q(s1, e1), q(s2, e2))).toBe(shared > 0);
      }),
    );
  });
});
