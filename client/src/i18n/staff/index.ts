import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { staffEn } from './en';
import { staffJa } from './ja';

/** The `staff` namespace is added when the staff accounts page (or the dashboard linking to it) is loaded. */
export const STAFF_NS = 'staff';

i18next.addResourceBundle('ja', STAFF_NS, staffJa, true, true);
i18next.addResourceBundle('en', STAFF_NS, staffEn, true, true);

/** `t` for the staff accounts page (`t('unlock')`), plus i18n for the language. */
export function useStaffT() {
  return useTranslation(STAFF_NS);
}
