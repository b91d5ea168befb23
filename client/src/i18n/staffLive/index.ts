import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { staffLiveEn } from './en';
import { staffLiveJa } from './ja';

export const STAFF_LIVE_NS = 'staffLive';

i18next.addResourceBundle('ja', STAFF_LIVE_NS, staffLiveJa, true, true);
i18next.addResourceBundle('en', STAFF_LIVE_NS, staffLiveEn, true, true);

/** `t` for the staff pages' live banner and counts. */
export function useStaffLiveT() {
  return useTranslation(STAFF_LIVE_NS);
}
