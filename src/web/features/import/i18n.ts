// The import wizard's strings: their own i18next namespace, added when this chunk loads (the first page
// does not carry them), with a t typed by its own keys.
import i18n from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { importEn } from '../../i18n/import.en.ts';
import { importZh } from '../../i18n/import.zh-CN.ts';

export const IMPORT_NS = 'imports' as const;
i18n.addResourceBundle('en', IMPORT_NS, importEn, true, true);
i18n.addResourceBundle('zh-CN', IMPORT_NS, importZh, true, true);

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** `rows_one` / `rows_other` are asked for as `rows` with a count. */
type WithoutPlural<K> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;
export type ImportKey = WithoutPlural<Leaves<typeof importEn>>;
export type ImportT = (key: ImportKey, options?: Record<string, string | number>) => string;

/** The namespace's t in the current language (the component re-renders when the language changes). */
export function useImportTranslation() {
  const { i18n: instance } = useTranslation();
  const language = instance.language;
  const t = useMemo(
    () => instance.getFixedT(language, IMPORT_NS as never) as unknown as ImportT,
    [instance, language],
  );
  return { t, i18n: instance };
}
