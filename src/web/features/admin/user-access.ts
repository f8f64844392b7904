import type { Locale, User } from '../../lib/types.ts';

/** What the users list shows as a user's status: deactivated wins; then whether they can sign in. */
export type UserAccess = 'active' | 'deactivated' | 'no_sign_in';

export function userAccess(u: Pick<User, 'status' | 'canSignIn'>): UserAccess {
  if (u.status === 'deactivated') return 'deactivated';
  // Rows without the flag (not from /users) are taken as able to sign in, as before the flag existed.
  return u.canSignIn === false ? 'no_sign_in' : 'active';
}

/**
 * The language to show as a user's, or null for none. Someone who cannot sign in never chose one: the
 * stored value is only the column's default (English), so it is not shown as theirs.
 */
export function shownLocale(u: Pick<User, 'locale' | 'canSignIn'>): Locale | null {
  return u.canSignIn === false ? null : u.locale;
}

/**
 * The language an invitation starts with: the user's own once they can sign in; for someone who never
 * chose one, the inviting admin's current language (the organization has no language of its own).
 */
export function inviteLocale(u: Pick<User, 'locale' | 'canSignIn'>, adminLocale: Locale): Locale {
  return u.canSignIn === false ? adminLocale : u.locale;
}
