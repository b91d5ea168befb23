import { useState } from 'react';
import { routeUrl } from '@shared/http/routes';
import { addMonths, japanToday, monthOf } from '@shared/japanTime';
import { CALENDAR_WINDOW } from '@shared/limits';
import type { ExportFormat } from '@shared/reports/exportFormats';
import { surveyRoutes } from '@shared/survey/routes';
import { useSurveyT } from '../../i18n/survey';
import { FormMessage, TextField } from '../../ui/form';

const FILES = { csv: surveyRoutes.reportCsv, xlsx: surveyRoutes.reportXlsx } as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The national survey's report on the dashboard: a survey month (last month by default, never after this one)
 * and two plain download links, CSV and Excel, for every venue.
 */
export function SurveyReportForm() {
  const { t } = useSurveyT();
  const thisMonth = monthOf(japanToday());
  const [month, setMonth] = useState(() => addMonths(thisMonth, -1));
  let problem: string | null = null;
  if (!MONTH.test(month) || month < CALENDAR_WINDOW.firstDate.slice(0, 7)) problem = t('report.needMonth');
  else if (month > thisMonth) problem = t('report.futureMonth');

  return (
    <form className="staff-form" onSubmit={(e) => e.preventDefault()} data-testid="survey-report">
      <p>{t('report.lead')}</p>
      <TextField
        label={t('report.month')}
        hint={t('report.monthHint')}
        type="month"
        min={CALENDAR_WINDOW.firstDate.slice(0, 7)}
        max={thisMonth}
        value={month}
        onChange={setMonth}
        name="surveyMonth"
      />
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      <div className="button-row">
        {(['csv', 'xlsx'] as const satisfies ExportFormat[]).map((format) =>
          problem ? (
            <span key={format} className="btn btn--primary btn--disabled" aria-disabled="true">
              {t(`report.${format}`)}
            </span>
          ) : (
            <a
              key={format}
              className="btn btn--primary"
              href={routeUrl(FILES[format], { query: { month } })}
              download={`kayoi_survey_${month}.${format}`}
              data-testid={`survey-${format}`}
            >
              {t(`report.${format}`)}
            </a>
          ),
        )}
      </div>
      <p className="staff-note">{t('report.note')}</p>
    </form>
  );
}
