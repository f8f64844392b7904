// i18next set-up. Both languages ship in the main bundle (they are small); the choice is kept in
// localStorage before sign-in and on the user afterwards (see LanguageMenu).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../lib/types.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export const LANGUAGES: readonly { code: Locale; label: string; short: string }[] = [
  { code: 'en', label: 'English', short: 'EN' },
  { code: 'zh-CN', label: '简体中文', short: '中文' },
] as const;

const STORAGE_KEY = 'winpath.locale';

export function initialLanguage(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage may be unavailable (private mode); fall through to the browser's language.
  }
  const nav = typeof navigator === 'undefined' ? 'en' : navigator.language;
  return nav.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocument(lng: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}
syncDocument(i18n.language);
i18n.on('languageChanged', syncDocument);

/** Switches the UI language and remembers it on this device. */
export function applyLanguage(lng: Locale): void {
  if (i18n.language !== lng) void i18n.changeLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered on this device; the user's profile still has it.
  }
}

export default i18n;
