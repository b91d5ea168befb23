import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { programEn } from './en';
import { programJa } from './ja';

/**
 * The `program` namespace is added to i18next when the first staff page that needs it is loaded
 * (each is a lazy chunk), so none of it is in the home participant's first download.
 */
export const PROGRAM_NS = 'program';

i18next.addResourceBundle('ja', PROGRAM_NS, programJa, true, true);
i18next.addResourceBundle('en', PROGRAM_NS, programEn, true, true);

/** `t` for the program builder, videos and quiz questions (`t('editor.save')`), plus i18n for the language. */
export function useProgramT() {
  return useTranslation(PROGRAM_NS);
}
