import type { Dashboard, ParticipantPattern } from '@shared/reports/schemas';
import { apiGet } from '../../lib/api';

/** The reports REST API, typed from the shared schemas (types only). */
export const reportsApi = {
  dashboard: (month: string, signal?: AbortSignal) =>
    apiGet<Dashboard>(`/api/reports/dashboard?month=${encodeURIComponent(month)}`, signal),
  participantPatterns: (venueId: string, sessions: number, signal?: AbortSignal) =>
    apiGet<ParticipantPattern[]>(`/api/reports/participants?${new URLSearchParams({ venueId, sessions: String(sessions) })}`, signal),
};

/** The address of an export (attendance, or check-in answers and questionnaires); a plain link to it downloads the file. */
export function exportUrl(
  format: 'csv' | 'xlsx',
  query: { from: string; to: string; venueIds?: string[] },
  report: 'attendance' | 'checkins' = 'attendance',
): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.venueIds) params.set('venueIds', query.venueIds.join(','));
  return `/api/reports/${report}.${format}?${params}`;
}
