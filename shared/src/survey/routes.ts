import { defineRoutes } from '../http/routes';
import { EXPORT_CONTENT_TYPES, type ExportFormat } from '../reports/exportFormats';

const tags = ['survey'];

/**
 * GET `survey.csv` / `survey.xlsx`: the national survey's figures per venue for a month and its fiscal year,
 * streamed and audited like the exports. A month after this one is a 400 naming `month`.
 */
function surveyFile<const F extends ExportFormat>(format: F) {
  return {
    method: 'GET',
    path: `/api/survey/kayoinoba.${format}` as const,
    access: 'organiser',
    query: 'SurveyQuery',
    response: { file: [EXPORT_CONTENT_TYPES[format]] },
    errors: [400, 401, 403, 404, 429],
    head: false,
    tags,
    description: `The national survey's figures per venue (介護予防・日常生活支援総合事業 実施状況調査, 通いの場) for the survey month and its fiscal year from April to that month, as a ${format.toUpperCase()} download; audited.`,
  } as const;
}

/** The yearly national survey (通いの場 section): its report as CSV and XLSX, for organisers. */
export const surveyRoutes = defineRoutes({
  reportCsv: surveyFile('csv'),
  reportXlsx: surveyFile('xlsx'),
});
