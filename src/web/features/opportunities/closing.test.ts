import { describe, expect, it } from 'vitest';
import { statusChange } from './closing.ts';

describe('statusChange', () => {
  it('closes on the viewer’s day, with the reason when one was asked for', () => {
    expect(statusChange('won', '2027-01-01')).toEqual({ status: 'won', closedAt: '2027-01-01' });
    expect(statusChange('lost', '2027-01-01', 'Price')).toEqual({
      status: 'lost',
      closedAt: '2027-01-01',
      closeReason: 'Price',
    });
  });

  it('reopening sends no closed date (the server clears it)', () => {
    expect(statusChange('open', '2027-01-01')).toEqual({ status: 'open' });
  });
});
