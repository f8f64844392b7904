/**
 * Texts the server sends as codes with parameters (import problems, field errors) are worded from
 * catalogues of templates, one per language Winpath speaks: `'no {kind} matches "{value}"'`. This is the
 * shared part: the languages and how a template is filled in.
 */

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A template in each language. */
export type Wording = Readonly<Record<Language, string>>;
export type Params = Readonly<Record<string, string | number>>;
/** Words some parameters stand for, by parameter name and value: `kind: { account: {en: 'account', …} }`. */
export type Terms = Readonly<Record<string, Readonly<Record<string, Wording>>>>;

/**
 * The template with its `{name}`s filled in: a term of the language where the parameter has one, else the
 * value as given (never re-read as a template); names without a value are left as written.
 */
export function fill(
  template: string,
  params: Params,
  lang: Language,
  terms: Terms,
  special?: (name: string) => string | undefined,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const own = special?.(name);
    if (own !== undefined) return own;
    const value = params[name];
    if (value === undefined) return whole;
    return terms[name]?.[String(value)]?.[lang] ?? String(value);
  });
}

/** A wording as a sentence of its own (under a form field): the catalogues start in lower case. */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The language to word texts in for an i18next language tag (anything Chinese reads zh-CN). */
export const languageOf = (tag: string | undefined): Language =>
  tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
