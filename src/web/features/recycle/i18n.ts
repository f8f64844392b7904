// The recycle bin's strings: their own i18next namespace, added when this chunk loads, with a t typed by
// its own keys (the main namespace's key types are at the compiler's limit; see features/import/i18n.ts).
import i18n from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { recycleEn } from '../../i18n/recycle.en.ts';
import { recycleZh } from '../../i18n/recycle.zh-CN.ts';

export const RECYCLE_NS = 'recycle' as const;
i18n.addResourceBundle('en', RECYCLE_NS, recycleEn, true, true);
i18n.addResourceBundle('zh-CN', RECYCLE_NS, recycleZh, true, true);

/** `daysLeft_one` / `daysLeft_other` are asked for as `daysLeft` with a count. */
type WithoutPlural<K> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;
export type RecycleKey = WithoutPlural<keyof typeof recycleEn>;
export type RecycleT = (key: RecycleKey, options?: Record<string, string | number>) => string;

/** The namespace's t in the current language, and the app's own t for the words it shares. */
export function useRecycleTranslation() {
  const { t: tApp, i18n: instance } = useTranslation();
  const language = instance.language;
  const t = useMemo(
    () => instance.getFixedT(language, RECYCLE_NS as never) as unknown as RecycleT,
    [instance, language],
  );
  return { t, tApp, i18n: instance };
}
