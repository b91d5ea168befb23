import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '@shared/reports/schemas';
import { formatCount, formatMonth } from '../../lib/staffFormat';
import { AttendancePatterns, PATTERN_SESSIONS } from './AttendancePatterns';
import { MODES } from '../attendance/modes';
import { TableScroll } from '../../ui/staff/TableScroll';

const TrendChart = lazy(() => import('./TrendChart'));

/** Short month labels for the chart: 「12月」, with the year under it where the year changes. */
function chartLabel(month: string, index: number, language: string): string | string[] {
  const m = Number(month.slice(5, 7));
  const year = month.slice(0, 4);
  const name =
    language === 'en'
      ? new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-15T00:00:00Z`))
      : `${m}月`;
  if (index !== 0 && m !== 1) return name;
  return [name, language === 'en' ? year : `${year}年`];
}

/** Pick a venue; see its last twelve months as a chart (and a table) and its participants' recent attendance. */
export function VenueTrends({ venues, dashboard }: { venues: { id: string; name: string }[]; dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const venue = venues.find((v) => v.id === chosen) ?? venues[0];
  if (!venue) return <p>{t('admin.venues.none')}</p>;
  const months = dashboard.months.map((month, index) => ({
    month,
    label: chartLabel(month, index, i18n.language),
    stats: dashboard.rows.find((r) => r.venueId === venue.id && r.month === month) ?? null,
  }));
  const total = months.reduce((sum, m) => sum + (m.stats?.attendances.total ?? 0), 0);
  const summary = t('admin.chart.summary', {
    venue: venue.name,
    from: formatMonth(dashboard.months[0] ?? '', i18n.language),
    to: formatMonth(dashboard.months.at(-1) ?? '', i18n.language),
    total: formatCount(total, i18n.language),
  });
  const n = (value: number) => formatCount(value, i18n.language);

  return (
    <div className="venue-trends">
      <fieldset className="choice-row">
        <legend className="choice-row__legend">{t('admin.trends.pickVenue')}</legend>
        {venues.map((v) => (
          <label key={v.id} className={`choice${v.id === venue.id ? ' choice--on' : ''}`}>
            <input type="radio" name="trend-venue" value={v.id} checked={v.id === venue.id} onChange={() => setChosen(v.id)} />
            {v.name}
          </label>
        ))}
      </fieldset>

      <h3 className="staff-subtitle">{t('admin.chart.title', { venue: venue.name })}</h3>
      <Suspense fallback={<div className="trend-chart" aria-busy="true" />}>
        <TrendChart months={months} summary={summary} />
      </Suspense>
      <details className="staff-details">
        <summary>{t('admin.chart.asTable')}</summary>
        <TableScroll>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.chart.month')}</th>
                <th scope="col" className="num">
                  {t('admin.month.sessions')}
                </th>
                <th scope="col" className="num">
                  {t('admin.month.attendances')}
                </th>
                {MODES.map((mode) => (
                  <th key={mode} scope="col" className="num">
                    {t(`admin.modes.${mode}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('admin.month.participants')}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{formatMonth(m.month, i18n.language)}</th>
                  <td className="num">{n(m.stats?.sessionsHeld ?? 0)}</td>
                  <td className="num strong">{n(m.stats?.attendances.total ?? 0)}</td>
                  {MODES.map((mode) => (
                    <td key={mode} className="num">
                      {n(m.stats?.attendances[mode] ?? 0)}
                    </td>
                  ))}
                  <td className="num">{n(m.stats?.participants.total ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>

      <h3 className="staff-subtitle">{t('admin.patterns.title', { venue: venue.name, count: PATTERN_SESSIONS })}</h3>
      <AttendancePatterns key={venue.id} venueId={venue.id} />
    </div>
  );
}
