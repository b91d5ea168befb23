import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { captionsEn } from './en';
import { captionsJa } from './ja';

/** The `captions` namespace is added with the caption screens (the call views and the writer's page). */
export const CAPTIONS_NS = 'captions';

i18next.addResourceBundle('ja', CAPTIONS_NS, captionsJa, true, true);
i18next.addResourceBundle('en', CAPTIONS_NS, captionsEn, true, true);

/** `t` for live captions (`t('band.label')`). */
export function useCaptionsT() {
  return useTranslation(CAPTIONS_NS);
}
