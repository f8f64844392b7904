import { describe, expect, it } from 'vitest';
import { statusChange } from './closing.ts';

const day = { today: '2027-01-01', createdAt: '2026-11-20T09:00:00.000Z' };

describe('statusChange', () => {
  it('closes on the viewer’s day, with the reason when one was asked for', () => {
    expect(statusChange('won', day)).toEqual({ status: 'won', closedAt: '2027-01-01' });
    expect(statusChange('lost', day, 'Price')).toEqual({
      status: 'lost',
      closedAt: '2027-01-01',
      closeReason: 'Price',
    });
  });

  it('never closes before the created day: New York at 20:00 is already tomorrow in UTC', () => {
    const evening = { today: '2026-12-02', createdAt: '2026-12-03T01:00:00.000Z' };
    expect(statusChange('won', evening)).toEqual({ status: 'won', closedAt: '2026-12-03' });
  });

  it('reopening sends no closed date (the server clears it)', () => {
    expect(statusChange('open', day)).toEqual({ status: 'open' });
  });
});
