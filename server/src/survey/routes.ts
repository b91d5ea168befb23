import type { surveyRoutes } from '@shared/survey/routes';
import type { SurveyQuery } from '@shared/survey/schemas';
import type { RouteHandlers } from '../core/routes';
import type { ExportGate } from '../reports/exportGate';
import { exportHandler, type ExportSource } from '../reports/routes';
import type { SurveyService } from './service';

export interface SurveyRouteDeps {
  survey: SurveyService;
  exportGate: ExportGate;
}

/** The national survey's report as CSV and XLSX, within the exports' ceiling. */
export function surveyHandlers({ survey, exportGate }: SurveyRouteDeps): RouteHandlers<typeof surveyRoutes> {
  const source: ExportSource<SurveyQuery> = {
    asciiPrefix: 'survey',
    open: async (user, query, format) => await survey.open(user, query, format),
    gate: exportGate,
  };
  return {
    reportCsv: exportHandler(source, 'csv'),
    reportXlsx: exportHandler(source, 'xlsx'),
  };
}
