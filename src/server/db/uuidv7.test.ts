import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuidv7.ts';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7 UUID whose first 48 bits are the milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuidv7(ms);
        expect(id).toMatch(FORMAT);
        expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
      }),
    );
  });

  it('sorts by time: ids of a later millisecond sort after those of an earlier one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 10_001 }),
        fc.integer({ min: 1, max: 10_000 }),
        (ms, d) => {
          expect(uuidv7(ms) < uuidv7(ms + d)).toBe(true);
        },
      ),
    );
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => uuidv7(1_800_000_000_000)));
    expect(ids.size).toBe(50_000);
  });
});
