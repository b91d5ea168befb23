import type { z } from 'zod';
import type { Dashboard, ParticipantPattern } from '@shared/reports/schemas';
import type {
  CreateParticipant,
  CreateSchedule,
  CreateSession,
  Invite,
  InviteCard,
  Participant,
  Schedule,
  SessionListItem,
  UpdateParticipant,
  Venue,
} from '@shared/venues/schemas';
import { apiGet, apiRequest } from '../auth/http';

const enc = encodeURIComponent;

/** The organiser and host REST API, typed from the shared schemas (types only: zod stays out of the bundle). */
export const staffApi = {
  venues: (signal?: AbortSignal) => apiGet<Venue[]>('/api/venues', signal),
  createVenue: (name: string) => apiRequest<Venue>('POST', '/api/venues', { name }),
  addSchedule: (venueId: string, body: z.input<typeof CreateSchedule>) =>
    apiRequest<Schedule>('POST', `/api/venues/${enc(venueId)}/schedules`, body),

  participants: (venueId: string, signal?: AbortSignal) => apiGet<Participant[]>(`/api/venues/${enc(venueId)}/participants`, signal),
  createParticipant: (venueId: string, body: CreateParticipant) =>
    apiRequest<Participant>('POST', `/api/venues/${enc(venueId)}/participants`, body),
  updateParticipant: (participantId: string, body: z.input<typeof UpdateParticipant>) =>
    apiRequest<Participant>('PATCH', `/api/participants/${enc(participantId)}`, body),
  reissueInvite: (participantId: string, venueId: string) =>
    apiRequest<Invite>('POST', `/api/participants/${enc(participantId)}/invite`, { venueId }),
  revokeInvite: (participantId: string) => apiRequest<{ ok: true }>('POST', `/api/participants/${enc(participantId)}/invite/revoke`),
  inviteCards: (venueId: string, signal?: AbortSignal) => apiGet<InviteCard[]>(`/api/venues/${enc(venueId)}/invite-cards`, signal),

  sessions: (venueId: string, range: { from: string; to: string }, signal?: AbortSignal) =>
    apiGet<SessionListItem[]>(`/api/venues/${enc(venueId)}/sessions?${new URLSearchParams(range)}`, signal),
  createSession: (venueId: string, body: z.input<typeof CreateSession>) =>
    apiRequest<SessionListItem>('POST', `/api/venues/${enc(venueId)}/sessions`, body),

  dashboard: (month: string, signal?: AbortSignal) => apiGet<Dashboard>(`/api/reports/dashboard?month=${enc(month)}`, signal),
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
