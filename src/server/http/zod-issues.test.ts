import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { valueAt, zodIssueCode } from './zod-issues.ts';

/** The code of the first issue zod finds with `schema` on `input`, as the error handler maps it. */
function codeOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected an issue');
  const { code, message, path, ...rest } = result.error.issues[0]!;
  return zodIssueCode(code, message, rest, valueAt(input, path.map(String)));
}

describe('zod issues as field-error codes', () => {
  const body = z.object({
    name: z.string().trim().min(1).max(5),
    password: z.string().min(10),
    amount: z.number().min(0).max(10),
    quantity: z.number().positive().lt(100),
    tags: z.array(z.string()).min(1).max(2),
    email: z.email(),
    id: z.uuid(),
    day: z.iso.date(),
    at: z.iso.datetime(),
    tier: z.enum(['gold', 'silver']),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency'),
    code: z.string().regex(/^\d+$/),
    cents: z.number().multipleOf(0.01),
    pin: z.string().length(4),
  });
  const ok = {
    name: 'a',
    password: '0123456789',
    amount: 1,
    quantity: 1,
    tags: ['x'],
    email: 'a@b.cn',
    id: '0190f5c8-0000-7000-8000-000000000000',
    day: '2026-12-02',
    at: '2026-12-02T10:00:00Z',
    tier: 'gold',
    currency: 'CNY',
    code: '7',
    cents: 1.25,
    pin: '1234',
  };
  const first = (change: Record<string, unknown>) => codeOf(body, { ...ok, ...change });

  it('maps each kind of issue, with the bound it broke', () => {
    expect(body.safeParse(ok).success).toBe(true);
    expect(first({ name: undefined })).toEqual({ code: 'required' });
    expect(first({ name: '  ' })).toEqual({ code: 'required' });
    expect(first({ name: 7 })).toEqual({ code: 'expected', params: { expected: 'string' } });
    expect(first({ name: 'abcdef' })).toEqual({ code: 'too_long', params: { maximum: 5 } });
    expect(first({ password: 'short' })).toEqual({ code: 'too_short', params: { minimum: 10 } });
    expect(first({ amount: -1 })).toEqual({ code: 'too_small', params: { minimum: 0 } });
    expect(first({ amount: 11 })).toEqual({ code: 'too_large', params: { maximum: 10 } });
    expect(first({ quantity: 0 })).toEqual({ code: 'not_above', params: { minimum: 0 } });
    expect(first({ quantity: 100 })).toEqual({ code: 'not_below', params: { maximum: 100 } });
    expect(first({ tags: [] })).toEqual({ code: 'too_few', params: { minimum: 1 } });
    expect(first({ tags: ['a', 'b', 'c'] })).toEqual({ code: 'too_many', params: { maximum: 2 } });
    expect(first({ email: 'nope' })).toEqual({ code: 'email' });
    expect(first({ id: 'nope' })).toEqual({ code: 'id' });
    expect(first({ day: '2026-13-01' })).toEqual({ code: 'date' });
    expect(first({ at: 'tomorrow' })).toEqual({ code: 'datetime' });
    expect(first({ tier: 'bronze' })).toEqual({ code: 'one_of', params: { values: 'gold, silver' } });
    expect(first({ currency: 'yuan' })).toEqual({ code: 'currency' });
    expect(first({ code: 'x' })).toEqual({ code: 'format' });
    expect(first({ cents: 1.255 })).toEqual({ code: 'multiple_of', params: { divisor: 0.01 } });
    expect(first({ pin: '12345' })).toEqual({ code: 'length', params: { length: 4 } });
    // Missing is missing, whatever kind of value was expected.
    expect(first({ tier: undefined })).toEqual({ code: 'required' });
    expect(first({ currency: undefined })).toEqual({ code: 'required' });
  });

  it('takes a refinement’s own code, else calls it invalid', () => {
    const own = z.object({}).refine(() => false, { params: { code: 'nothing_to_change' } });
    expect(codeOf(own, {})).toEqual({ code: 'nothing_to_change' });
    const plain = z.object({}).refine(() => false, 'no');
    expect(codeOf(plain, {})).toEqual({ code: 'invalid' });
  });

  it('finds the value at a path, and nothing past a leaf', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', '0', 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(valueAt(undefined, ['a'])).toBeUndefined();
  });
});
