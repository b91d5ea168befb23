import type { venueRoutes } from '@shared/venues/routes';
import { requireRole, requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { InviteService } from './invites';
import type { ParticipantLifecycle } from './participantLifecycle';
import type { ParticipantService } from './participants';
import type { ScheduleService } from './schedules';
import type { VenueService } from './service';
import type { VenueSessionService } from './sessions';

export interface VenueRouteDeps {
  venues: VenueService;
  schedules: ScheduleService;
  participants: ParticipantService;
  lifecycle: ParticipantLifecycle;
  invites: InviteService;
  sessions: VenueSessionService;
}

/** Venues, schedules, participants, invite links and sessions. Venues and schedules are the organiser's. */
export function venueHandlers({
  venues,
  schedules,
  participants,
  lifecycle,
  invites,
  sessions,
}: VenueRouteDeps): RouteHandlers<typeof venueRoutes> {
  return {
    list: async (request) => await venues.listVenues(requireUser(request)),
    create: async (request) => await venues.createVenue(requireRole(request, 'organiser'), request.body.name, request.body.survey),
    update: async (request) => await venues.updateVenue(requireRole(request, 'organiser'), request.params.venueId, request.body),
    archive: async (request) => {
      await venues.archiveVenue(requireRole(request, 'organiser'), request.params.venueId);
      return { ok: true };
    },
    updateSchedule: async (request) =>
      await schedules.updateSchedule(requireRole(request, 'organiser'), request.params.scheduleId, request.body),
    endSchedule: async (request) => await schedules.endSchedule(requireRole(request, 'organiser'), request.params.scheduleId),
    setSurveyAttributes: async (request) =>
      await venues.setSurveyAttributes(requireRole(request, 'organiser'), request.params.venueId, request.body),
    addSchedule: async (request) => await schedules.addSchedule(requireRole(request, 'organiser'), request.params.venueId, request.body),
    participants: async (request) => await participants.listParticipants(requireUser(request), request.params.venueId),
    createParticipant: async (request) => await participants.createParticipant(requireUser(request), request.params.venueId, request.body),
    updateParticipant: async (request) =>
      await participants.updateParticipant(requireUser(request), request.params.participantId, request.body),
    moveParticipant: async (request) => await lifecycle.move(requireUser(request), request.params.participantId, request.body),
    pauseParticipant: async (request) => await lifecycle.pause(requireUser(request), request.params.participantId, request.body),
    resumeParticipant: async (request) => await lifecycle.resume(requireUser(request), request.params.participantId),
    leaveParticipant: async (request) => await lifecycle.leave(requireUser(request), request.params.participantId),
    eraseParticipant: async (request) => await lifecycle.erase(requireUser(request), request.params.participantId),
    reissueInvite: async (request) => await invites.reissueInvite(requireUser(request), request.params.participantId, request.body.venueId),
    revokeInvite: async (request) => {
      await invites.revokeInvites(requireUser(request), request.params.participantId);
      return { ok: true };
    },
    inviteCards: async (request) => await invites.inviteCards(requireUser(request), request.params.venueId),
    sessions: async (request) =>
      await sessions.listSessions(requireUser(request), request.params.venueId, request.query.from, request.query.to),
    createSession: async (request) => await sessions.createSession(requireUser(request), request.params.venueId, request.body),
    cancelSession: async (request) => await sessions.cancelSession(requireUser(request), request.params.sessionId, request.body.reason),
    uncancelSession: async (request) => await sessions.uncancelSession(requireUser(request), request.params.sessionId),
  };
}
