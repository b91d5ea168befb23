import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/ack';
import {
  AttendanceParams,
  CorrectAttendance,
  MarkAttendance,
  Roster,
  RosterEntry,
  SessionIdParams,
  WalkIn,
} from '@shared/attendance/schemas';
import { requireUser } from '../auth/plugin';
import type { AttendanceService } from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The host's roster: mark, undo, correct, walk-ins. PUT and DELETE are idempotent, so a double tap is harmless. */
export const attendanceRoutes: FastifyPluginAsyncZod<{ attendance: AttendanceService }> = async (app, { attendance }) => {
  const tags = ['attendance'];
  app.get(
    '/api/sessions/:sessionId/attendance',
    { schema: { tags, params: SessionIdParams, response: { 200: Roster, ...errors } } },
    async (request) => attendance.roster(requireUser(request), request.params.sessionId),
  );
  app.put(
    '/api/sessions/:sessionId/attendance/:participantId',
    { schema: { tags, params: AttendanceParams, body: MarkAttendance, response: { 200: RosterEntry, ...errors } } },
    async (request) => attendance.mark(requireUser(request), request.params.sessionId, request.params.participantId, request.body.mode),
  );
  app.delete(
    '/api/sessions/:sessionId/attendance/:participantId',
    { schema: { tags, params: AttendanceParams, response: { 200: RosterEntry, ...errors } } },
    async (request) => attendance.unmark(requireUser(request), request.params.sessionId, request.params.participantId),
  );
  app.patch(
    '/api/sessions/:sessionId/attendance/:participantId',
    { schema: { tags, params: AttendanceParams, body: CorrectAttendance, response: { 200: RosterEntry, ...errors } } },
    async (request) => attendance.correct(requireUser(request), request.params.sessionId, request.params.participantId, request.body),
  );
  app.post(
    '/api/sessions/:sessionId/walk-ins',
    { schema: { tags, params: SessionIdParams, body: WalkIn, response: { 201: RosterEntry, ...errors } } },
    async (request, reply) => reply.code(201).send(attendance.walkIn(requireUser(request), request.params.sessionId, request.body)),
  );
};
