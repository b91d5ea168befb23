import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { surveyEn } from './en';
import { surveyJa } from './ja';

/** The `survey` namespace is added when a screen of the national survey is loaded (venue page, dashboard). */
export const SURVEY_NS = 'survey';

i18next.addResourceBundle('ja', SURVEY_NS, surveyJa, true, true);
i18next.addResourceBundle('en', SURVEY_NS, surveyEn, true, true);

/** `t` for the national survey's screens (`t('report.title')`), plus i18n for the language. */
export function useSurveyT() {
  return useTranslation(SURVEY_NS);
}
