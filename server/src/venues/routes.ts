import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/ack';
import { Ok } from '@shared/common';
import {
  CreateParticipant,
  CreateSchedule,
  CreateSession,
  CreateVenue,
  Invite,
  InviteCard,
  Participant,
  ParticipantParams,
  ReissueInvite,
  Schedule,
  SessionListItem,
  SessionRangeQuery,
  UpdateParticipant,
  Venue,
  VenueParams,
} from '@shared/venues/schemas';
import { requireRole, requireUser } from '../auth/plugin';
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

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Venues, schedules, participants, invite links and sessions. Venues and schedules are the organiser's. */
export const venueRoutes: FastifyPluginAsyncZod<VenueRouteDeps> = async (app, { venues, schedules, participants, invites, sessions }) => {
  const tags = ['venues'];
  const organisersOnly = { access: 'organiser' } as const;
  app.get('/api/venues', { schema: { tags, response: { 200: z.array(Venue), ...errors } } }, async (request) =>
    venues.listVenues(requireUser(request)),
  );
  app.post(
    '/api/venues',
    { config: organisersOnly, schema: { tags, body: CreateVenue, response: { 201: Venue, ...errors } } },
    async (request, reply) => reply.code(201).send(venues.createVenue(requireRole(request, 'organiser'), request.body.name)),
  );
  app.post(
    '/api/venues/:venueId/schedules',
    { config: organisersOnly, schema: { tags, params: VenueParams, body: CreateSchedule, response: { 201: Schedule, ...errors } } },
    async (request, reply) =>
      reply.code(201).send(schedules.addSchedule(requireRole(request, 'organiser'), request.params.venueId, request.body)),
  );
  app.get(
    '/api/venues/:venueId/participants',
    { schema: { tags, params: VenueParams, response: { 200: z.array(Participant), ...errors } } },
    async (request) => participants.listParticipants(requireUser(request), request.params.venueId),
  );
  app.post(
    '/api/venues/:venueId/participants',
    { schema: { tags, params: VenueParams, body: CreateParticipant, response: { 201: Participant, ...errors } } },
    async (request, reply) =>
      reply.code(201).send(participants.createParticipant(requireUser(request), request.params.venueId, request.body)),
  );
  app.patch(
    '/api/participants/:participantId',
    { schema: { tags, params: ParticipantParams, body: UpdateParticipant, response: { 200: Participant, ...errors } } },
    async (request) => participants.updateParticipant(requireUser(request), request.params.participantId, request.body),
  );
  app.post(
    '/api/participants/:participantId/invite',
    { schema: { tags, params: ParticipantParams, body: ReissueInvite, response: { 201: Invite, ...errors } } },
    async (request, reply) =>
      reply.code(201).send(invites.reissueInvite(requireUser(request), request.params.participantId, request.body.venueId)),
  );
  app.post(
    '/api/participants/:participantId/invite/revoke',
    { schema: { tags, params: ParticipantParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      invites.revokeInvites(requireUser(request), request.params.participantId);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/venues/:venueId/invite-cards',
    { schema: { tags, params: VenueParams, response: { 200: z.array(InviteCard), ...errors } } },
    async (request) => invites.inviteCards(requireUser(request), request.params.venueId),
  );
  app.get(
    '/api/venues/:venueId/sessions',
    { schema: { tags, params: VenueParams, querystring: SessionRangeQuery, response: { 200: z.array(SessionListItem), ...errors } } },
    async (request) => sessions.listSessions(requireUser(request), request.params.venueId, request.query.from, request.query.to),
  );
  app.post(
    '/api/venues/:venueId/sessions',
    { schema: { tags, params: VenueParams, body: CreateSession, response: { 201: SessionListItem, ...errors } } },
    async (request, reply) => reply.code(201).send(sessions.createSession(requireUser(request), request.params.venueId, request.body)),
  );
};
