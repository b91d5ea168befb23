import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ja } from './ja';

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

function isLanguage(value: string | null | undefined): value is Language {
  return value === 'ja' || value === 'en';
}

const STORAGE_KEY = 'kayoi.lang';

/**
 * Japanese unless English was asked for with `?lang=en` (remembered on this device, so a family
 * member sets it once; `?lang=ja` switches back). The browser's own language is deliberately not
 * used: tablets lent to older adults often ship with English as the system language, and a
 * Japanese participant must never land on an English page by accident.
 */
export function detectLanguage(
  search: string = window.location.search,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage(),
): Language {
  const fromQuery = new URLSearchParams(search).get('lang');
  if (isLanguage(fromQuery)) {
    try {
      storage?.setItem(STORAGE_KEY, fromQuery);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    return fromQuery;
  }
  let remembered: string | null;
  try {
    remembered = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    remembered = null;
  }
  return isLanguage(remembered) ? remembered : 'ja';
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Ready when the page's language is: at once in Japanese; English (a chunk of its own, so that a Japanese page, nearly
 * every one, never downloads it: issue #15's first screen) once its messages have arrived.
 */
export async function initI18n(language: Language = detectLanguage()): Promise<typeof i18next> {
  const resources: Resource = { ja: { translation: ja } };
  if (language === 'en') resources.en = { translation: (await import('./en')).en };
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'ja',
    supportedLngs: [...languages],
    defaultNS: 'translation',
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    react: { useSuspense: false },
  });
  document.documentElement.lang = language;
  return i18next;
}
