import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../lib/api.ts';
import { duplicateAccountsOf } from './duplicates.ts';

const problem = (extra: Record<string, unknown>, status = 409, code = 'duplicate_account') =>
  new ProblemError({ status, code, detail: 'An account with this name already exists.', ...extra });

describe('duplicateAccountsOf', () => {
  it('reads the matching accounts of a duplicate refusal', () => {
    const hit = { id: '0190a5e2-0000-7000-8000-000000000001', name: 'GTXPro', ownerName: 'Li Na' };
    expect(duplicateAccountsOf(problem({ duplicates: [hit] }))).toEqual([hit]);
  });

  it('answers an empty list when the matches are not the user’s to see', () => {
    expect(duplicateAccountsOf(problem({ duplicates: [] }))).toEqual([]);
    expect(duplicateAccountsOf(problem({}))).toEqual([]);
  });

  it('drops entries that are not accounts', () => {
    const hit = { id: 'a', name: 'A', ownerName: null };
    expect(duplicateAccountsOf(problem({ duplicates: [hit, null, { id: 1 }, 'x'] }))).toEqual([hit]);
  });

  it('is undefined for any other error', () => {
    expect(duplicateAccountsOf(problem({}, 409, 'duplicate'))).toBeUndefined();
    expect(duplicateAccountsOf(problem({}, 422))).toBeUndefined();
    expect(duplicateAccountsOf(new Error('boom'))).toBeUndefined();
    expect(duplicateAccountsOf(undefined)).toBeUndefined();
  });
});
