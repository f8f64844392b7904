import { describe, expect, it } from 'vitest';
import { chooseAnalytics } from './analytics-mode.ts';

const row = (bytes: number) => ['x'.repeat(bytes - 1)]; // one cell plus its delimiter
const sample = Array.from({ length: 20 }, () => row(200));

describe('chooseAnalytics', () => {
  it('refreshes per batch for small files, whatever the organization', () => {
    expect(chooseAnalytics({ bytes: 4 << 20, sample, deals: 0 })).toBe('batch');
  });

  it('rebuilds for a large file that brings at least as many deals as the organization has', () => {
    // 100 MB of 200-byte rows is about 524,000 deals.
    expect(chooseAnalytics({ bytes: 100 << 20, sample, deals: 0 })).toBe('rebuild');
    expect(chooseAnalytics({ bytes: 100 << 20, sample, deals: 500_000 })).toBe('rebuild');
  });

  it('refreshes per batch when the organization is larger than the file', () => {
    expect(chooseAnalytics({ bytes: 100 << 20, sample, deals: 600_000 })).toBe('batch');
    expect(chooseAnalytics({ bytes: 5 << 20, sample, deals: 300_000 })).toBe('batch');
  });
});
