import { type FieldErrorCode, isFieldErrorCode } from '../../core/field-errors.ts';
import type { Params } from '../../core/wording.ts';

/** The value at a path inside a request part (`['lineItems', '0', 'quantity']`), if there is one. */
export function valueAt(input: unknown, steps: readonly string[]): unknown {
  let at = input;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

const FORMATS: Readonly<Record<string, FieldErrorCode>> = {
  email: 'email',
  url: 'url',
  uuid: 'id',
  guid: 'id',
  date: 'date',
  datetime: 'datetime',
};

const numberOf = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined);

/**
 * A zod issue (as fastify-type-provider-zod reports it: zod's issue code, its message and its other
 * properties) as a field-error code with the parameters its wording names. `value` is what the request
 * held at the issue's path: a missing value is `required`, whatever type was expected. A check may name
 * its own code as its message (`.regex(MONTH, 'month')`).
 */
export function zodIssueCode(
  issue: string,
  message: string | undefined,
  p: Record<string, unknown>,
  value: unknown,
): { code: FieldErrorCode; params?: Params } {
  const origin = p.origin;
  const minimum = numberOf(p.minimum);
  const maximum = numberOf(p.maximum);
  if (value === undefined && ['invalid_type', 'invalid_value', 'invalid_union'].includes(issue))
    return { code: 'required' };
  if (isFieldErrorCode(message) && value !== undefined) return { code: message };
  // `.length(n)`: both bounds at once.
  if (p.exact === true && origin === 'string' && (minimum ?? maximum) !== undefined)
    return { code: 'length', params: { length: (minimum ?? maximum)! } };
  // Bounds of dates are instants, not values a user reads.
  if (origin === 'date') return { code: 'invalid' };
  switch (issue) {
    case 'invalid_type':
      return typeof p.expected === 'string'
        ? { code: 'expected', params: { expected: p.expected } }
        : { code: 'invalid' };
    case 'too_small':
      if (minimum === undefined) return { code: 'invalid' };
      if (origin === 'string')
        return minimum <= 1 ? { code: 'required' } : { code: 'too_short', params: { minimum } };
      if (origin === 'array' || origin === 'set') return { code: 'too_few', params: { minimum } };
      return { code: p.inclusive === false ? 'not_above' : 'too_small', params: { minimum } };
    case 'too_big':
      if (maximum === undefined) return { code: 'invalid' };
      if (origin === 'string') return { code: 'too_long', params: { maximum } };
      if (origin === 'array' || origin === 'set') return { code: 'too_many', params: { maximum } };
      return { code: p.inclusive === false ? 'not_below' : 'too_large', params: { maximum } };
    case 'invalid_format':
      return { code: (typeof p.format === 'string' && FORMATS[p.format]) || 'format' };
    case 'not_multiple_of': {
      const divisor = numberOf(p.divisor);
      return divisor === undefined ? { code: 'invalid' } : { code: 'multiple_of', params: { divisor } };
    }
    case 'invalid_value':
      return Array.isArray(p.values)
        ? { code: 'one_of', params: { values: p.values.map(String).join(', ') } }
        : { code: 'invalid' };
    case 'custom': {
      // Refinements name their code in their params: `refine(fn, { params: { code: 'nothing_to_change' } })`.
      const own = (p.params as { code?: unknown } | undefined)?.code;
      return { code: typeof own === 'string' && isFieldErrorCode(own) ? own : 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}
