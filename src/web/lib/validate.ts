// Client-side checks that mirror the server's field rules, so most mistakes never leave the browser. Each
// answers with the field-error code the server would (or null when the value is fine), worded from the same
// catalogue (src/core/field-errors.ts) as the server's field errors.
import i18n from 'i18next';
import { type FieldErrorCode, fieldErrorWords } from '../../core/field-errors.ts';
import { languageOf, type Params, sentence } from '../../core/wording.ts';
import type { FieldError } from './api.ts';

export type RuleError = { code: FieldErrorCode; params?: Params };
export type Rule = (value: string) => RuleError | null;

const fail = (code: FieldErrorCode, params?: Params): RuleError => (params ? { code, params } : { code });

export const rules = {
  required: (v: string) => (v.trim() ? null : fail('required')),
  maxLength:
    (n: number): Rule =>
    (v) =>
      v.length > n ? fail('too_long', { maximum: n }) : null,
  email: (v: string) => (!v.trim() || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim()) ? null : fail('email')),
  /** Non-negative, at most two decimals, below the server's ceiling. */
  money: (v: string) => {
    if (!v.trim()) return null;
    const n = Number(v.replaceAll(',', ''));
    if (!Number.isFinite(n) || n < 0 || n > 99_999_999_999_999) return fail('money');
    return Math.abs(Math.round(n * 100) - n * 100) < 1e-6 ? null : fail('money');
  },
  currency: (v: string) => (/^[A-Z]{3}$/.test(v.trim()) ? null : fail('currency')),
  date: (v: string) =>
    !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) ? null : fail('date'),
  password: (v: string) => (v.length >= 10 ? null : fail('too_short', { minimum: 10 })),
  url: (v: string) => (!v.trim() || /^(https?:\/\/)?[^\s.]+\.[^\s]+$/i.test(v.trim()) ? null : fail('url')),
  integer: (v: string) =>
    !v.trim() || /^\d+$/.test(v.trim()) ? null : fail('expected', { expected: 'int' }),
} satisfies Record<string, Rule | ((n: number) => Rule)>;

/**
 * A field error (a rule's here, or the server's) in the interface's language, as a sentence under its field
 * ("At most 60 characters").
 */
export const fieldProblemText = (e: RuleError | FieldError): string =>
  sentence(fieldErrorWords(e, languageOf(i18n.language)));

/** Runs rules in order and returns the first failure. */
export function check(value: string, ...list: Rule[]): RuleError | null {
  for (const r of list) {
    const k = r(value);
    if (k) return k;
  }
  return null;
}

/** Runs rules in order and words the first failure (null when the value is fine). */
export const checkText = (value: string, ...list: Rule[]): string | null => {
  const e = check(value, ...list);
  return e ? fieldProblemText(e) : null;
};

/** Validates a whole form: { field: [rules] } → { field: error } for the fields that fail. */
export function validateForm<K extends string>(
  values: Record<K, string>,
  spec: Partial<Record<K, Rule[]>>,
): Partial<Record<K, RuleError>> {
  const out: Partial<Record<K, RuleError>> = {};
  for (const [field, list] of Object.entries(spec) as [K, Rule[]][]) {
    const k = check(values[field] ?? '', ...list);
    if (k) out[field] = k;
  }
  return out;
}
