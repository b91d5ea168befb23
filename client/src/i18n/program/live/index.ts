import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { liveEn } from './en';
import { liveJa } from './ja';

/**
 * The `live` namespace is added to i18next when the first screen that needs it is loaded (the
 * program's screens are a lazy chunk at home and part of the venue's chunk), so none of it is in
 * the home participant's first download.
 */
export const LIVE_NS = 'live';

i18next.addResourceBundle('ja', LIVE_NS, liveJa, true, true);
i18next.addResourceBundle('en', LIVE_NS, liveEn, true, true);

/** `t` for the session program's messages (`t('program.timeUp')`), plus i18n for the language. */
export function useLiveT() {
  return useTranslation(LIVE_NS);
}
