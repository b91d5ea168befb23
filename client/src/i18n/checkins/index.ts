import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { checkinsEn } from './en';
import { checkinsJa } from './ja';

/**
 * The `checkins` namespace is added to i18next when the first screen that needs it is loaded (every
 * such screen is a lazy chunk), so none of it is in the home participant's first download.
 */
export const CHECKINS_NS = 'checkins';

i18next.addResourceBundle('ja', CHECKINS_NS, checkinsJa, true, true);
i18next.addResourceBundle('en', CHECKINS_NS, checkinsEn, true, true);

/** `t` for the check-in, watch-over and trend messages (`t('home.skip')`), plus i18n for the language. */
export function useCheckinsT() {
  return useTranslation(CHECKINS_NS);
}
