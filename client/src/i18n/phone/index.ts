import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { phoneEn } from './en';
import { phoneJa } from './ja';

/** The `phone` namespace is added when a staff screen with telephone data is loaded (the venue page). */
export const PHONE_NS = 'phone';

i18next.addResourceBundle('ja', PHONE_NS, phoneJa, true, true);
i18next.addResourceBundle('en', PHONE_NS, phoneEn, true, true);

/** `t` for telephone numbers and keypad numbers (`t('person.title')`), plus i18n for the language. */
export function usePhoneT() {
  return useTranslation(PHONE_NS);
}
