import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkinRoutes } from '@shared/checkins/routes';
import { routeUrl } from '@shared/http/routes';
import { CALENDAR_WINDOW, inCalendarWindow, monthsSpanned, PERIOD_LIMITS } from '@shared/limits';
import type { ExportFormat } from '@shared/reports/exportFormats';
import { reportRoutes } from '@shared/reports/routes';
import { useCheckinsT } from '../../i18n/checkins';
import { withMember } from '../../lib/sets';
import { CheckboxField, FormMessage, TextField } from '../../ui/form';
import { fiscalYearRange, japanToday, lastMonthRange, type DateRange } from '@shared/japanTime';

/** The export routes by report and format: a plain link to one downloads the file. */
const EXPORTS = {
  attendance: { csv: reportRoutes.attendanceCsv, xlsx: reportRoutes.attendanceXlsx },
  checkins: { csv: checkinRoutes.exportCsv, xlsx: checkinRoutes.exportXlsx },
  questionnaires: { csv: checkinRoutes.questionnairesCsv, xlsx: checkinRoutes.questionnairesXlsx },
} satisfies Record<string, Record<ExportFormat, unknown>>;

/**
 * Period (with 先月 / 今年度), venues (all by default) and two plain download links, CSV and Excel.
 * The links are ordinary GETs: the browser downloads the file with the session cookie.
 */
export function ExportForm({ venues }: { venues: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const checkinT = useCheckinsT().t;
  const today = japanToday();
  const [range, setRange] = useState<DateRange>(() => lastMonthRange(today));
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const chosen = venues.filter((v) => !unchecked.has(v.id));
  const quickPicks = [
    { key: 'lastMonth', label: t('admin.export.lastMonth'), range: lastMonthRange(today) },
    { key: 'fiscalYear', label: t('admin.export.fiscalYear'), range: fiscalYearRange(today) },
  ];

  let problem: string | null = null;
  if (!range.from || !range.to) problem = t('admin.export.needDates');
  else if (!inCalendarWindow(range.from) || !inCalendarWindow(range.to)) {
    problem = t('admin.export.outsideCalendar', { first: CALENDAR_WINDOW.firstDate, last: CALENDAR_WINDOW.lastDate });
  } else if (range.from > range.to) problem = t('admin.export.fromAfterTo');
  else if (monthsSpanned(range.from, range.to) > PERIOD_LIMITS.exportMonths)
    problem = t('admin.export.tooLong', { months: PERIOD_LIMITS.exportMonths });
  else if (chosen.length === 0) problem = t('admin.export.needVenue');
  const query = { ...range, venueIds: chosen.length === venues.length ? undefined : chosen.map((v) => v.id).join(',') };
  const toggle = (id: string, on: boolean) => setUnchecked((prev) => withMember(prev, id, !on));

  return (
    <form className="staff-form export-form" onSubmit={(e) => e.preventDefault()} data-testid="export-form">
      <fieldset className="staff-fieldset">
        <legend>{t('admin.export.period')}</legend>
        <div className="choice-row" role="group" aria-label={t('admin.export.quick')}>
          {quickPicks.map((pick) => {
            const on = pick.range.from === range.from && pick.range.to === range.to;
            return (
              <button
                key={pick.key}
                type="button"
                className={`btn${on ? ' btn--on' : ''}`}
                aria-pressed={on}
                onClick={() => setRange(pick.range)}
              >
                {pick.label}
              </button>
            );
          })}
        </div>
        <div className="field-row">
          <TextField
            label={t('admin.export.from')}
            type="date"
            min={CALENDAR_WINDOW.firstDate}
            max={CALENDAR_WINDOW.lastDate}
            value={range.from}
            onChange={(from) => setRange((r) => ({ ...r, from }))}
          />
          <span className="field-row__between" aria-hidden="true">
            〜
          </span>
          <TextField
            label={t('admin.export.to')}
            type="date"
            min={CALENDAR_WINDOW.firstDate}
            max={CALENDAR_WINDOW.lastDate}
            value={range.to}
            onChange={(to) => setRange((r) => ({ ...r, to }))}
          />
        </div>
      </fieldset>
      <fieldset className="staff-fieldset">
        <legend>{t('admin.export.venues')}</legend>
        <div className="check-list">
          {venues.map((v) => (
            <CheckboxField key={v.id} label={v.name} checked={!unchecked.has(v.id)} onChange={(on) => toggle(v.id, on)} />
          ))}
        </div>
      </fieldset>
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      <DownloadLinks
        labels={{ csv: t('admin.export.csv'), xlsx: t('admin.export.xlsx') }}
        href={problem ? null : (format) => routeUrl(EXPORTS.attendance[format], { query })}
        file={`kayoi_${range.from}_${range.to}`}
        testId="export"
      />
      <p className="staff-note">{t('admin.export.note')}</p>
      <h3 className="staff-subtitle">{checkinT('admin.exportTitle')}</h3>
      <DownloadLinks
        labels={{ csv: checkinT('admin.exportCsv'), xlsx: checkinT('admin.exportXlsx') }}
        href={problem ? null : (format) => routeUrl(EXPORTS.checkins[format], { query })}
        file={`kayoi_checkins_${range.from}_${range.to}`}
        testId="export-checkins"
      />
      <DownloadLinks
        labels={{ csv: checkinT('admin.exportQuestionnairesCsv'), xlsx: checkinT('admin.exportQuestionnairesXlsx') }}
        href={problem ? null : (format) => routeUrl(EXPORTS.questionnaires[format], { query })}
        file={`kayoi_questionnaires_${range.from}_${range.to}`}
        testId="export-questionnaires"
      />
      <p className="staff-note">{checkinT('admin.exportNote')}</p>
    </form>
  );
}

/** CSV and Excel download links; shown greyed out (not links) while the form has a problem (`href` null). */
function DownloadLinks({
  labels,
  href,
  file,
  testId,
}: {
  labels: Record<ExportFormat, string>;
  href: ((format: ExportFormat) => string) | null;
  file: string;
  testId: string;
}) {
  return (
    <div className="button-row">
      {(['csv', 'xlsx'] as const).map((format) =>
        href ? (
          <a
            key={format}
            className="btn btn--primary"
            href={href(format)}
            download={`${file}.${format}`}
            data-testid={`${testId}-${format}`}
          >
            {labels[format]}
          </a>
        ) : (
          <span key={format} className="btn btn--primary btn--disabled" aria-disabled="true">
            {labels[format]}
          </span>
        ),
      )}
    </div>
  );
}
