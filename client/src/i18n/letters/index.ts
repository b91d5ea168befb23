import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { lettersEn } from './en';
import { lettersJa } from './ja';

/** The `letters` namespace is added with the video letter screens (recording, the staff page, the letter's page). */
export const LETTERS_NS = 'letters';

i18next.addResourceBundle('ja', LETTERS_NS, lettersJa, true, true);
i18next.addResourceBundle('en', LETTERS_NS, lettersEn, true, true);

/** `t` for video letters (`t('record.title')`). */
export function useLettersT() {
  return useTranslation(LETTERS_NS);
}
