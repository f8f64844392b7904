// Reading the API's "possible duplicate" answer (409 duplicate_account) for the forms that create or rename
// an account.
import { isProblem } from '../../lib/api.ts';

/** An account with the same name, as the server names it (only those the user may see). */
export type DuplicateAccount = { id: string; name: string; ownerName: string | null };

/**
 * The matching accounts of a duplicate refusal, or undefined for any other error. An empty list means the
 * name is taken by accounts the user may not see (the server does not describe them).
 */
export function duplicateAccountsOf(err: unknown): DuplicateAccount[] | undefined {
  if (!isProblem(err) || err.status !== 409 || err.code !== 'duplicate_account') return undefined;
  const list = err.problem.duplicates;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (d): d is DuplicateAccount =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as DuplicateAccount).id === 'string' &&
      typeof (d as DuplicateAccount).name === 'string',
  );
}
