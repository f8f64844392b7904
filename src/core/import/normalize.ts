/**
 * The key references are matched by: two names are the same record when their keys are equal. Unicode
 * compatibility forms are folded (full-width ＡＢＣ１ is ABC1), accents dropped, case ignored, and every
 * space, punctuation mark and symbol removed: `GTXPro`, `GTX Pro`, `gtx-pro` and `ＧＴＸ　Ｐｒｏ` are one key.
 * Chinese characters are letters and stay. A name that is only punctuation has the empty key (no match).
 */
export function referenceKey(name: string): string {
  // Plain ASCII (most names, e-mails, codes): the same result without Unicode normalisation.
  if (ASCII.test(name)) return name.toLowerCase().replace(NOT_ALNUM, '');
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  const key = unicodeKey(name);
  // Imports look up the same few thousand names a million times; bounded so memory stays flat.
  if (memo.size >= 100_000) memo.clear();
  memo.set(name, key);
  return key;
}

const ASCII = /^[\x20-\x7e]*$/;
const NOT_ALNUM = /[^a-z0-9]/g;
const memo = new Map<string, string>();

function unicodeKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{P}\p{S}\p{Z}\s\p{C}]/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{M}\p{P}\p{S}\p{Z}\s\p{C}]/gu, '');
}

/** E-mail addresses match case-insensitively, spaces around them ignored. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export const looksLikeEmail = (s: string) => /^[^@\s]+@[^@\s]+$/.test(s.trim());
