import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { venuesEn } from './en';
import { venuesJa } from './ja';

/** The `venues` namespace is added when the venue page's participant list (a staff chunk) is loaded. */
export const VENUES_NS = 'venues';

i18next.addResourceBundle('ja', VENUES_NS, venuesJa, true, true);
i18next.addResourceBundle('en', VENUES_NS, venuesEn, true, true);

/** `t` for people coming and going (`t('changes.pause')`), plus i18n for the language. */
export function useVenuesT() {
  return useTranslation(VENUES_NS);
}
