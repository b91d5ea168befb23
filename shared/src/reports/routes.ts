import { defineRoutes } from '../http/routes';
import { HTTP_LIMITS, PERIOD_LIMITS } from '../limits';
import { EXPORT_CONTENT_TYPES, type ExportFormat } from './exportFormats';

const tags = ['reports'];

/**
 * GET `<name>.csv` or `<name>.xlsx` for the organiser: a period's file (Japan dates, inclusive), streamed and
 * audited, within the server's export ceiling (else 429). No HEAD route: it would count the rows and write an
 * audit entry for a file nobody receives.
 */
export function exportRoute<const P extends `/api/reports/${string}`>(
  path: P,
  format: ExportFormat,
  tags: readonly string[],
  what: string,
) {
  return {
    method: 'GET',
    path,
    access: 'organiser',
    query: 'ExportQuery',
    response: { file: [EXPORT_CONTENT_TYPES[format]] },
    errors: [400, 401, 403, 404, 429],
    head: false,
    tags,
    description: `${what} of the period (Japan dates, inclusive, at most ${PERIOD_LIMITS.exportMonths} calendar months) as a ${format.toUpperCase()} download, streamed; audited. At most ${HTTP_LIMITS.exportsAtOnce} exports run at once on the server and ${HTTP_LIMITS.exportsPerUser} per user (else 429 with Retry-After).`,
  } as const;
}

/** The organiser's reports: the monthly dashboard, who came lately, and attendance exports (CSV, XLSX). */
export const reportRoutes = defineRoutes({
  dashboard: { method: 'GET', path: '/api/reports/dashboard', access: 'organiser', query: 'DashboardQuery', response: 'Dashboard', tags },
  participantPatterns: {
    method: 'GET',
    path: '/api/reports/participants',
    access: 'organiser',
    query: 'ParticipantPatternsQuery',
    response: 'ParticipantPatternList',
    tags,
  },
  attendanceCsv: exportRoute('/api/reports/attendance.csv', 'csv', tags, 'Attendance'),
  attendanceXlsx: exportRoute('/api/reports/attendance.xlsx', 'xlsx', tags, 'Attendance'),
});
