import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantPattern } from '@shared/reports/schemas';
import { useResource } from '../../lib/useResource';
import { reportRoutes } from '@shared/reports/routes';
import { apiCall } from '../../lib/api';
import { Loaded } from '../../ui/staff/pageParts';
import { AttendanceMark, PatternLegend } from '../attendance/AttendanceMark';
import { TableScroll } from '../../ui/staff/TableScroll';

export const PATTERN_SESSIONS = 8;
/** Absent from this many of the latest sessions in a row: worth a phone call. */
const ABSENT_STREAK = 3;

const shortDate = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;

/** Each participant of a venue with how they attended the venue's last eight sessions. */
export function AttendancePatterns({ venueId }: { venueId: string }) {
  const { t } = useTranslation();
  const load = useCallback(
    (signal: AbortSignal) => apiCall(reportRoutes.participantPatterns, { query: { venueId, sessions: PATTERN_SESSIONS }, signal }),
    [venueId],
  );
  const [patterns, reload] = useResource<ParticipantPattern[]>(`patterns:${venueId}`, load);
  return (
    <Loaded resource={patterns} reload={reload}>
      {(rows) => {
        if (rows.length === 0) return <p>{t('admin.patterns.none')}</p>;
        const sessions = rows[0]!.recent;
        return (
          <>
            <PatternLegend />
            <TableScroll>
              <table className="data-table pattern-table" data-testid="pattern-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.patterns.name')}</th>
                    {sessions.map((s) => (
                      <th key={s.sessionId} scope="col" className="pattern-table__date">
                        {shortDate(s.date)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('admin.patterns.count', { total: sessions.length })}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const attended = row.recent.filter((r) => r.mode !== null).length;
                    const latest = row.recent.slice(-ABSENT_STREAK);
                    const away = latest.length === ABSENT_STREAK && latest.every((r) => r.mode === null);
                    return (
                      <tr key={row.participantId} data-testid="pattern-row">
                        <th scope="row">
                          <span className="person-name">{row.displayName}</span>
                          {row.kana && <span className="person-kana">{row.kana}</span>}
                          {away && <span className="badge badge--warning">{t('admin.patterns.away', { count: ABSENT_STREAK })}</span>}
                        </th>
                        {row.recent.map((r) => (
                          <td key={r.sessionId} className="pattern-table__mark">
                            <AttendanceMark mode={r.mode} />
                          </td>
                        ))}
                        <td className="num strong">{t('admin.patterns.attended', { count: attended })}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </>
        );
      }}
    </Loaded>
  );
}
