import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyScore, periodEnded } from './accuracy.ts';
import { parsePeriod } from './periods.ts';

const amount = fc.double({ min: 0, max: 1e12, noNaN: true });

describe('forecast accuracy', () => {
  it('scores the reviewer’s cases within 0..1', () => {
    // A call 1.8907× what was won: 1 − 0.8907 ÷ 1.8907, not −89%.
    expect(accuracyScore(1.8907, 1)).toBeCloseTo(1 - 0.8907 / 1.8907, 12);
    expect(accuracyScore(800000, 300000)).toBeCloseTo(0.375, 12);
    expect(accuracyScore(300000, 300000)).toBe(1);
    expect(accuracyScore(500000, 0)).toBe(0);
    expect(accuracyScore(0, 500000)).toBe(0);
    expect(accuracyScore(0, 0)).toBeNull();
  });

  it('is bounded, symmetric, exact only when equal, and falls as the gap grows', () => {
    fc.assert(
      fc.property(amount, amount, (f, a) => {
        const s = accuracyScore(f, a);
        if (f === 0 && a === 0) return s === null;
        expect(s).not.toBeNull();
        expect(s!).toBeGreaterThanOrEqual(0);
        expect(s!).toBeLessThanOrEqual(1);
        expect(accuracyScore(a, f)).toBe(s);
        if (f === a) expect(s).toBe(1);
        // Moving the forecast further from the actual never raises the score.
        const further = f >= a ? f * 2 + 1 : f / 2;
        expect(accuracyScore(further, a)!).toBeLessThanOrEqual(s! + 1e-12);
        return true;
      }),
    );
  });

  it('counts a period as ended only after its last day (UTC)', () => {
    const dec = parsePeriod('2026-12');
    expect(periodEnded(dec, new Date('2026-12-03T10:00:00Z'))).toBe(false);
    expect(periodEnded(dec, new Date('2026-12-31T23:59:59Z'))).toBe(false);
    expect(periodEnded(dec, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(periodEnded(parsePeriod('2026-Q3'), new Date('2026-12-03T10:00:00Z'))).toBe(true);
  });
});
