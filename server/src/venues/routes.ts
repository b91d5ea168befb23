import type { venueRoutes } from '@shared/venues/routes';
import { requireRole, requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { InviteService } from './invites';
import type { ParticipantService } from './participants';
import type { ScheduleService } from './schedules';
import type { VenueService } from './service';
import type { VenueSessionService } from './sessions';

export interface VenueRouteDeps {
  venues: VenueService;
  schedules: ScheduleService;
  participants: ParticipantService;
  invites: InviteService;
  sessions: VenueSessionService;
}

/** Venues, schedules, participants, invite links and sessions. Venues and schedules are the organiser's. */
export function venueHandlers({ venues, schedules, participants, invites, sessions }: VenueRouteDeps): RouteHandlers<typeof venueRoutes> {
  return {
    list: (request) => venues.listVenues(requireUser(request)),
    create: (request) => venues.createVenue(requireRole(request, 'organiser'), request.body.name, request.body.survey),
    setSurveyAttributes: (request) => venues.setSurveyAttributes(requireRole(request, 'organiser'), request.params.venueId, request.body),
    addSchedule: (request) => schedules.addSchedule(requireRole(request, 'organiser'), request.params.venueId, request.body),
    participants: (request) => participants.listParticipants(requireUser(request), request.params.venueId),
    createParticipant: (request) => participants.createParticipant(requireUser(request), request.params.venueId, request.body),
    updateParticipant: (request) => participants.updateParticipant(requireUser(request), request.params.participantId, request.body),
    reissueInvite: (request) => invites.reissueInvite(requireUser(request), request.params.participantId, request.body.venueId),
    revokeInvite: (request) => {
      invites.revokeInvites(requireUser(request), request.params.participantId);
      return { ok: true };
    },
    inviteCards: (request) => invites.inviteCards(requireUser(request), request.params.venueId),
    sessions: (request) => sessions.listSessions(requireUser(request), request.params.venueId, request.query.from, request.query.to),
    createSession: (request) => sessions.createSession(requireUser(request), request.params.venueId, request.body),
  };
}
