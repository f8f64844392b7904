// Client-side checks that mirror the server's field rules, so most mistakes never leave the browser.
// Each returns an i18n key under `validation.` (or null when the value is fine).

export type Rule = (value: string) => ValidationKey | null;
export type ValidationKey =
  | 'required'
  | 'email'
  | 'money'
  | 'currency'
  | 'tooLong'
  | 'date'
  | 'password'
  | 'url'
  | 'integer';

export const rules = {
  required: (v: string) => (v.trim() ? null : 'required'),
  maxLength:
    (n: number): Rule =>
    (v) =>
      v.length > n ? 'tooLong' : null,
  email: (v: string) => (!v.trim() || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim()) ? null : 'email'),
  /** Non-negative, at most two decimals, below the server's ceiling. */
  money: (v: string) => {
    if (!v.trim()) return null;
    const n = Number(v.replaceAll(',', ''));
    if (!Number.isFinite(n) || n < 0 || n > 99_999_999_999_999) return 'money';
    return Math.abs(Math.round(n * 100) - n * 100) < 1e-6 ? null : 'money';
  },
  currency: (v: string) => (/^[A-Z]{3}$/.test(v.trim()) ? null : 'currency'),
  date: (v: string) =>
    !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) ? null : 'date',
  password: (v: string) => (v.length >= 10 ? null : 'password'),
  url: (v: string) => (!v.trim() || /^(https?:\/\/)?[^\s.]+\.[^\s]+$/i.test(v.trim()) ? null : 'url'),
  integer: (v: string) => (!v.trim() || /^\d+$/.test(v.trim()) ? null : 'integer'),
} satisfies Record<string, Rule | ((n: number) => Rule)>;

/** Runs rules in order and returns the first failure. */
export function check(value: string, ...list: Rule[]): ValidationKey | null {
  for (const r of list) {
    const k = r(value);
    if (k) return k;
  }
  return null;
}

/** Validates a whole form: { field: [rules] } → { field: key } for the fields that fail. */
export function validateForm<K extends string>(
  values: Record<K, string>,
  spec: Partial<Record<K, Rule[]>>,
): Partial<Record<K, ValidationKey>> {
  const out: Partial<Record<K, ValidationKey>> = {};
  for (const [field, list] of Object.entries(spec) as [K, Rule[]][]) {
    const k = check(values[field] ?? '', ...list);
    if (k) out[field] = k;
  }
  return out;
}
