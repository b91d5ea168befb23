import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '@shared/reports/schemas';
import type { Venue } from '@shared/venues/schemas';
import { useStaffT } from '../../i18n/staff';
import { useCheckinsT } from '../../i18n/checkins';
import { useResource } from '../../lib/useResource';
import { venueRoutes } from '@shared/venues/routes';
import { reportRoutes } from '@shared/reports/routes';
import { apiCall } from '../../lib/api';
import { Link } from '../../ui/Link';
import { addMonths, japanToday, monthOf } from '@shared/japanTime';
import { formatMonth } from '../../lib/staffFormat';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../ui/staff/pageParts';
import { ExportForm } from './ExportForm';
import { MonthTable } from './MonthTable';
import { VenueList } from '../venues/VenueList';
import { VenueTrends } from './VenueTrends';
import { SurveyReportForm } from '../survey/SurveyReportForm';
import { useSurveyT } from '../../i18n/survey';

/** Venues in the order the venue list has them, plus any the report knows that the list does not. */
function venuesOf(venues: Venue[], dashboard: Dashboard): { id: string; name: string }[] {
  const all = venues.map((v) => ({ id: v.id, name: v.name }));
  for (const row of dashboard.rows) if (!all.some((v) => v.id === row.venueId)) all.push({ id: row.venueId, name: row.venueName });
  return all;
}

/** `/admin`: the organiser's month at a glance, each venue's year, participants' attendance, exports and venues. */
export default function AdminDashboardPage() {
  const { t, i18n } = useTranslation();
  const ct = useCheckinsT().t;
  const at = useStaffT().t;
  const st = useSurveyT().t;
  const thisMonth = monthOf(japanToday());
  const [month, setMonth] = useState(thisMonth);
  const [venues, reloadVenues] = useResource<Venue[]>('venues', (signal) => apiCall(venueRoutes.list, { signal }));
  const loadDashboard = useCallback((signal: AbortSignal) => apiCall(reportRoutes.dashboard, { query: { month }, signal }), [month]);
  const [dashboard, reloadDashboard] = useResource<Dashboard>(`dashboard:${month}`, loadDashboard);

  const monthPicker = (
    <div className="month-picker" role="group" aria-label={t('admin.month.pick')}>
      <button type="button" className="btn" onClick={() => setMonth((m) => addMonths(m, -1))} data-testid="month-prev">
        {t('admin.month.previous')}
      </button>
      <span className="month-picker__current" aria-live="polite" data-testid="month-current">
        {formatMonth(month, i18n.language)}
      </span>
      <button type="button" className="btn" onClick={() => setMonth((m) => addMonths(m, 1))} disabled={month >= thisMonth}>
        {t('admin.month.next')}
      </button>
      {month !== thisMonth && (
        <button type="button" className="btn" onClick={() => setMonth(thisMonth)}>
          {t('admin.month.thisMonth')}
        </button>
      )}
    </div>
  );

  return (
    <StaffLayout size="desktop" current="admin" testId="admin-dashboard">
      <h1 className="staff-title">{t('admin.title')}</h1>
      <Loaded resource={venues} reload={reloadVenues}>
        {(venueList) => (
          <>
            <Section id="month" title={t('admin.month.title')} actions={monthPicker} testId="month-section">
              <Loaded resource={dashboard} reload={reloadDashboard}>
                {(data) => (
                  <>
                    <MonthTable venues={venuesOf(venueList, data)} rows={data.rows.filter((r) => r.month === month)} />
                    <p className="staff-note">{t('admin.month.explain')}</p>
                  </>
                )}
              </Loaded>
            </Section>
            <Section id="trends" title={t('admin.trends.title')} testId="trends-section">
              <Loaded resource={dashboard} reload={reloadDashboard}>
                {(data) => <VenueTrends venues={venuesOf(venueList, data)} dashboard={data} />}
              </Loaded>
            </Section>
            <Section id="export" title={t('admin.export.title')} testId="export-section">
              <ExportForm venues={venueList} />
            </Section>
            <Section id="survey" title={st('report.title')} testId="survey-section">
              <SurveyReportForm />
            </Section>
            <Section id="venues" title={t('admin.venues.title')} testId="venues-section">
              <VenueList venues={venueList} onAdded={reloadVenues} />
            </Section>
            <Section id="checkin-questions" title={t('admin.checkinQuestionsTitle')} testId="checkin-questions-section">
              <p>{ct('admin.questionsNote')}</p>
              <div className="button-row">
                <Link href="/admin/checkin-questions" className="btn" data-testid="checkin-questions-link">
                  {ct('admin.questionsOpen')}
                </Link>
              </div>
            </Section>
            <Section id="staff-accounts" title={at('title')} testId="staff-accounts-section">
              <p>{at('dashboardNote')}</p>
              <div className="button-row">
                <Link href="/admin/staff" className="btn" data-testid="staff-accounts-link">
                  {at('open')}
                </Link>
              </div>
            </Section>
          </>
        )}
      </Loaded>
    </StaffLayout>
  );
}
