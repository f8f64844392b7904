import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leftToWin } from './quota-gap.ts';

const part = fc.record({
  quota: fc.integer({ min: 0, max: 1e9 }),
  won: fc.integer({ min: 0, max: 1e9 }),
});

describe('left to win of several quotas', () => {
  it('does not let over-achievers hide reps who are behind (the reviewer’s case)', () => {
    const reps = [
      { quota: 2e6, won: 0 },
      { quota: 2e6, won: 3.4e6 },
      { quota: 2e6, won: 0 },
      { quota: 2e6, won: 3.96e6 },
      { quota: 2e6, won: 5.36e6 },
    ];
    expect(leftToWin(reps)).toBe(4e6);
    expect(leftToWin([])).toBe(0);
  });

  it('is the sum of each part’s own gap, never below the netted gap nor above the summed quota', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const gap = leftToWin(parts);
        const quota = parts.reduce((s, p) => s + p.quota, 0);
        const won = parts.reduce((s, p) => s + p.won, 0);
        expect(gap).toBeGreaterThanOrEqual(Math.max(quota - won, 0));
        expect(gap).toBeLessThanOrEqual(quota);
        expect(gap).toBe(leftToWin(parts.slice(0, 3)) + leftToWin(parts.slice(3)));
        // Winning more on one part never raises what is left.
        if (parts.length)
          expect(
            leftToWin([{ ...parts[0]!, won: parts[0]!.won + 1 }, ...parts.slice(1)]),
          ).toBeLessThanOrEqual(gap);
      }),
    );
  });
});
