import type { Language } from '../../../core/wording.ts';
import { en } from '../../../web/i18n/en.ts';
import { importEn } from '../../../web/i18n/import.en.ts';
import { importZh } from '../../../web/i18n/import.zh-CN.ts';
import { zhCN } from '../../../web/i18n/zh-CN.ts';

/**
 * The wizard's names of import fields, for the error report the wizard downloads. They are read from the
 * web app's own catalogues (plain data), in the order the mapping step looks them up (its labels.ts): the
 * import namespace's `fields.*`, then the app's, then the key itself; so the report cannot drift from
 * what the reader picked the columns by.
 */
const CATALOGUES: Record<Language, readonly Readonly<Record<string, string>>[]> = {
  en: [importEn.fields, en.fields],
  'zh-CN': [importZh.fields, zhCN.fields],
};

export function fieldLabel(field: string, lang: Language): string {
  for (const names of CATALOGUES[lang]) if (Object.hasOwn(names, field)) return names[field]!;
  return field;
}
