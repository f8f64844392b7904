import { describe, expect, it } from 'vitest';
import {
  dayBounds,
  formatDate,
  formatMoney,
  formatMoneyCompact,
  formatTotals,
  fromLocalInput,
  localIsoDate,
  localMonth,
  toLocalInput,
  totalsByCurrency,
} from './format.ts';

// Intl output uses non-breaking and narrow spaces in places; compare on normal spaces.
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('formats per currency and locale, with cents only when there are any', () => {
    expect(norm(formatMoney(1_250_000, 'CNY', 'zh-CN'))).toBe('¥1,250,000');
    expect(norm(formatMoney(1_250_000, 'CNY', 'en'))).toBe('CN¥1,250,000');
    expect(norm(formatMoney(99.5, 'USD', 'en'))).toBe('$99.50');
    expect(formatMoney(null, 'CNY', 'en')).toBe('—');
  });

  it('abbreviates totals the way each language counts', () => {
    expect(norm(formatMoneyCompact(12_000_000, 'CNY', 'en'))).toBe('CN¥12M');
    expect(norm(formatMoneyCompact(12_000_000, 'CNY', 'zh-CN'))).toBe('¥1200万');
  });

  it('sums per currency, largest first, and joins several currencies', () => {
    const totals = totalsByCurrency([
      { amount: 100.1, currency: 'USD' },
      { amount: 500, currency: 'CNY' },
      { amount: 0.2, currency: 'USD' },
    ]);
    expect(totals).toEqual([
      { currency: 'CNY', amount: 500 },
      { currency: 'USD', amount: 100.3 },
    ]);
    expect(norm(formatTotals(totals, 'en', 'CNY'))).toBe('CN¥500 + $100.30');
    expect(norm(formatTotals([], 'zh-CN', 'CNY'))).toBe('¥0');
  });
});

describe('dates', () => {
  it('formats calendar dates without shifting them across time zones', () => {
    expect(formatDate('2026-03-05', 'en')).toBe('Mar 5, 2026');
    expect(formatDate('2026-03-05', 'zh-CN')).toBe('2026年3月5日');
    expect(formatDate(null, 'en')).toBe('—');
  });

  it('converts between datetime-local inputs and ISO timestamps', () => {
    const iso = fromLocalInput('2026-03-05T14:30')!;
    expect(toLocalInput(iso)).toBe('2026-03-05T14:30');
    expect(fromLocalInput('')).toBeNull();
  });

  it('names the local month, not the UTC one', () => {
    // The browser's zone, as Node reads it from TZ (re-read when it changes): 07:30 on the 1st in Shanghai
    // is still the previous month in UTC, and 19:30 on the 31st in New York already the next one.
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Shanghai';
      expect(localMonth(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01');
      expect(localIsoDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
      process.env.TZ = 'America/New_York';
      expect(localMonth(new Date('2027-01-01T00:30:00Z'))).toBe('2026-12');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('gives the bounds of the local day', () => {
    const d = new Date(2026, 2, 5, 15, 0);
    const { from, to } = dayBounds(d);
    expect(localIsoDate(new Date(from))).toBe('2026-03-05');
    expect(localIsoDate(new Date(to))).toBe('2026-03-05');
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(86_400_000 - 1);
  });
});
