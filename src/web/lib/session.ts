// Whether this browser has signed in. The session cookie is HttpOnly (invisible to scripts), so the
// server also sets `winpath_signed_in=1` at sign-in and clears it at sign-out; without it, every visit of
// a signed-out user would first ask the API who they are and get a 401.

const COOKIE = 'winpath_signed_in';

export function hasSessionHint(): boolean {
  if (typeof document === 'undefined') return false;
  return document.cookie.split(';').some((c) => c.trim() === `${COOKIE}=1`);
}

/** Forgets the hint when the session turned out to be gone (expired, signed out elsewhere). */
export function clearSessionHint(): void {
  if (typeof document === 'undefined') return;
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we support
  document.cookie = `${COOKIE}=; Max-Age=0; path=/; SameSite=Lax`;
}
