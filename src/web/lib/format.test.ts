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
    expect(localMonth(new Date(2027, 0, 1, 0, 30))).toBe('2027-01');
    expect(localMonth(new Date(2026, 11, 31, 23, 59))).toBe('2026-12');
  });

  it('gives the bounds of the local day', () => {
    const d = new Date(2026, 2, 5, 15, 0);
    const { from, to } = dayBounds(d);
    expect(localIsoDate(new Date(from))).toBe('2026-03-05');
    expect(localIsoDate(new Date(to))).toBe('2026-03-05');
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(86_400_000 - 1);
  });
});
