import { useTranslation } from 'react-i18next';
import type { ByMode, MonthlyVenueStats } from '@shared/reports/schemas';
import { formatCount } from '../../lib/staffFormat';
import { MODES } from '../attendance/modes';
import { TableScroll } from '../../ui/staff/TableScroll';

const EMPTY: ByMode = { total: 0, venue: 0, online: 0, phone: 0 };

/** One row per venue for one month: sessions held, 延べ人数 and 実人数, each split by way of attending. */
export function MonthTable({ venues, rows }: { venues: { id: string; name: string }[]; rows: MonthlyVenueStats[] }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatCount(value, i18n.language);
  const split = ['total', ...MODES] as const;
  const label = (key: (typeof split)[number]) => (key === 'total' ? t('admin.month.total') : t(`admin.modes.${key}`));
  return (
    <TableScroll>
      <table className="data-table month-table" data-testid="month-table">
        <colgroup>
          <col className="month-table__venue" />
          {Array.from({ length: 9 }, (_, i) => (
            <col key={i} className="month-table__number" />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('admin.month.venue')}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t('admin.month.sessions')}
            </th>
            <th scope="colgroup" colSpan={4} className="group-start">
              {t('admin.month.attendances')}
            </th>
            <th scope="colgroup" colSpan={4} className="group-start">
              {t('admin.month.participants')}
            </th>
          </tr>
          <tr>
            {split.map((key) => (
              <th key={`a-${key}`} scope="col" className={`num${key === 'total' ? ' group-start' : ''}`}>
                {label(key)}
              </th>
            ))}
            {split.map((key) => (
              <th key={`p-${key}`} scope="col" className={`num${key === 'total' ? ' group-start' : ''}`}>
                {label(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {venues.map((venue) => {
            const row = rows.find((r) => r.venueId === venue.id);
            const attendances = row?.attendances ?? EMPTY;
            const participants = row?.participants ?? EMPTY;
            return (
              <tr key={venue.id} data-testid="month-row" data-venue-id={venue.id}>
                <th scope="row">{venue.name}</th>
                <td className="num" data-testid="sessions-held">
                  {n(row?.sessionsHeld ?? 0)}
                </td>
                {split.map((key) => (
                  <td key={`a-${key}`} className={`num${key === 'total' ? ' group-start strong' : ''}`} data-testid={`attendances-${key}`}>
                    {n(attendances[key])}
                  </td>
                ))}
                {split.map((key) => (
                  <td key={`p-${key}`} className={`num${key === 'total' ? ' group-start strong' : ''}`} data-testid={`participants-${key}`}>
                    {n(participants[key])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
