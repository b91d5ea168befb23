import type { z } from 'zod';
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
import { apiGet, apiRequest } from '../../lib/api';

const enc = encodeURIComponent;

/** The venues REST API (venues, schedules, participants and their invites, sessions), typed from the shared schemas (types only: zod stays out of the bundle). */
export const venuesApi = {
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
};
