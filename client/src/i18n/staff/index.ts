import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { accountsEn } from './en';
import { accountsJa } from './ja';

/** The `accounts` namespace is added when the staff accounts page (or the dashboard linking to it) is loaded. */
export const ACCOUNTS_NS = 'accounts';

i18next.addResourceBundle('ja', ACCOUNTS_NS, accountsJa, true, true);
i18next.addResourceBundle('en', ACCOUNTS_NS, accountsEn, true, true);

/** `t` for the staff accounts page (`t('unlock')`), plus i18n for the language. */
export function useAccountsT() {
  return useTranslation(ACCOUNTS_NS);
}
