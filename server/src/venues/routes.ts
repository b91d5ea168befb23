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
    list: (request) => venues.listVenues(requireUser(request)),
    create: (request) => venues.createVenue(requireRole(request, 'organiser'), request.body.name, request.body.survey),
    update: (request) => venues.updateVenue(requireRole(request, 'organiser'), request.params.venueId, request.body),
    archive: (request) => {
      venues.archiveVenue(requireRole(request, 'organiser'), request.params.venueId);
      return { ok: true };
    },
    updateSchedule: (request) => schedules.updateSchedule(requireRole(request, 'organiser'), request.params.scheduleId, request.body),
    endSchedule: (request) => schedules.endSchedule(requireRole(request, 'organiser'), request.params.scheduleId),
    setSurveyAttributes: (request) => venues.setSurveyAttributes(requireRole(request, 'organiser'), request.params.venueId, request.body),
    addSchedule: (request) => schedules.addSchedule(requireRole(request, 'organiser'), request.params.venueId, request.body),
    participants: (request) => participants.listParticipants(requireUser(request), request.params.venueId),
    createParticipant: (request) => participants.createParticipant(requireUser(request), request.params.venueId, request.body),
    updateParticipant: (request) => participants.updateParticipant(requireUser(request), request.params.participantId, request.body),
    moveParticipant: (request) => lifecycle.move(requireUser(request), request.params.participantId, request.body),
    pauseParticipant: (request) => lifecycle.pause(requireUser(request), request.params.participantId, request.body),
    resumeParticipant: (request) => lifecycle.resume(requireUser(request), request.params.participantId),
    leaveParticipant: (request) => lifecycle.leave(requireUser(request), request.params.participantId),
    eraseParticipant: (request) => lifecycle.erase(requireUser(request), request.params.participantId),
    reissueInvite: (request) => invites.reissueInvite(requireUser(request), request.params.participantId, request.body.venueId),
    revokeInvite: (request) => {
      invites.revokeInvites(requireUser(request), request.params.participantId);
      return { ok: true };
    },
    inviteCards: (request) => invites.inviteCards(requireUser(request), request.params.venueId),
    sessions: (request) => sessions.listSessions(requireUser(request), request.params.venueId, request.query.from, request.query.to),
    createSession: (request) => sessions.createSession(requireUser(request), request.params.venueId, request.body),
    cancelSession: (request) => sessions.cancelSession(requireUser(request), request.params.sessionId, request.body.reason),
    uncancelSession: (request) => sessions.uncancelSession(requireUser(request), request.params.sessionId),
  };
}
