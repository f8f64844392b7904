// Locale-aware formatting with Intl: money per currency, dates and times per UI language.
// Formatters are cached; creating Intl objects is the expensive part.

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** `¥1,250,000` / `CN¥1,250,000`; cents only when there are any. */
export function formatMoney(amount: number | null | undefined, currency: string, locale: string): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  const cents = Math.round(amount * 100) % 100 !== 0;
  const f = cached(`m:${locale}:${currency}:${cents}`, () => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: cents ? 2 : 0,
        maximumFractionDigits: cents ? 2 : 0,
      });
    } catch {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    }
  });
  return f.format(amount);
}

/** Short money for totals: `CN¥12M` in English, `¥1200万` in Chinese. */
export function formatMoneyCompact(amount: number, currency: string, locale: string): string {
  const f = cached(`mc:${locale}:${currency}`, () => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      });
    } catch {
      return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    }
  });
  return f.format(amount);
}

/** Sums per currency, e.g. [{currency:'CNY', amount: 3_000_000}], the largest first. */
export function totalsByCurrency(items: readonly { amount: number; currency: string }[]) {
  const by = new Map<string, number>();
  for (const it of items) by.set(it.currency, (by.get(it.currency) ?? 0) + (Number(it.amount) || 0));
  return [...by.entries()]
    .map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 }))
    .sort((a, b) => b.amount - a.amount);
}

/** Several currencies are joined with ` + `; an empty list is a zero in the fallback currency. */
export function formatTotals(
  totals: { currency: string; amount: number }[],
  locale: string,
  fallbackCurrency: string,
  compact = false,
): string {
  const fmt = compact ? formatMoneyCompact : formatMoney;
  if (!totals.length) return fmt(0, fallbackCurrency, locale);
  return totals.map((t) => fmt(t.amount, t.currency, locale)).join(' + ');
}

/** A calendar date (`2026-03-05`, no time zone) as `Mar 5, 2026` / `2026年3月5日`. */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return cached(`d:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(d);
}

/** A point in time in the viewer's time zone: `Mar 5, 2026, 14:30`. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return cached(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(d);
}

/** Only the time of day: `14:30` / `2:30 PM`. */
export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return cached(`t:${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short' })).format(d);
}

/** `3 days ago`, `in 2 hours`, `昨天`. */
export function formatRelative(iso: string | null | undefined, locale: string, now = Date.now()): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const diff = (t - now) / 1000;
  const f = cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const abs = Math.abs(diff);
  if (abs < 60) return f.format(Math.round(diff), 'second');
  if (abs < 3600) return f.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return f.format(Math.round(diff / 3600), 'hour');
  if (abs < 30 * 86_400) return f.format(Math.round(diff / 86_400), 'day');
  if (abs < 365 * 86_400) return f.format(Math.round(diff / (30 * 86_400)), 'month');
  return f.format(Math.round(diff / (365 * 86_400)), 'year');
}

export function formatNumber(n: number, locale: string): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

export function formatPercent(p: number, locale: string): string {
  return cached(`p:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent' })).format(p / 100);
}

/** The local calendar day as `YYYY-MM-DD`. */
export function localIsoDate(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The local calendar month as `YYYY-MM`: the "current month" of the dashboards and the quota form. Not the
 * UTC month, which east of UTC is still last month on the morning of the 1st.
 */
export const localMonth = (d = new Date()): string => localIsoDate(d).slice(0, 7);

/** Start and end of the local day containing `d`, as ISO timestamps (for startAtFrom/startAtTo). */
export function dayBounds(d = new Date()): { from: string; to: string } {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const end = new Date(start.getTime() + 86_400_000 - 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** ISO timestamp → value of an `<input type="datetime-local">` in local time. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localIsoDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `<input type="datetime-local">` value (local time) → ISO timestamp with offset, or null. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
