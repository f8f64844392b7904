/** A URL-safe organization slug from a display name; non-Latin names (e.g. Chinese) fall back to `org`. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return base.length >= 2 ? base : 'org';
}

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
