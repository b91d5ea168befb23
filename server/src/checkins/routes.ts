import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/ack';
import { SessionIdParams } from '@shared/attendance/schemas';
import { CheckinQuestionSet } from '@shared/checkins/questions';
import {
  Checkin,
  CheckinParams,
  HandleWatchReason,
  ParticipantTrend,
  QuestionnaireResult,
  QuestionnaireStatus,
  SubmitCheckin,
  SubmitQuestionnaire,
  UpdateVenueCheckinSettings,
  VenueCheckinSettings,
  WatchEntry,
  WatchHandledEntry,
  WatchQuery,
} from '@shared/checkins/schemas';
import { Ok } from '@shared/common';
import { ParticipantParams, VenueParams } from '@shared/venues/schemas';
import { requireRole, requireUser } from '../auth/plugin';
import type { ExportGate } from '../reports/exportGate';
import { registerExportRoutes } from '../reports/routes';
import type { WellbeingExportService } from './export';
import type { QuestionnaireService } from './questionnaires';
import type { CheckinService } from './service';
import type { WatchService } from './watchService';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export interface CheckinRouteDeps {
  checkins: CheckinService;
  questionnaires: QuestionnaireService;
  watch: WatchService;
  wellbeingExport: WellbeingExportService;
  exportGate: ExportGate;
}

/**
 * Check-ins recorded by the host, the frailty questionnaire, trends, the organisation's questions and the
 * venue's timing (tag checkins); the watch-over list and its history (tag watch). Only the participant's
 * organisers and their venues' hosts see anything; the rest answers 404.
 */
export const checkinRoutes: FastifyPluginAsyncZod<CheckinRouteDeps> = async (
  app,
  { checkins, questionnaires, watch, wellbeingExport, exportGate },
) => {
  const tags = ['checkins'];
  const organisersOnly = { access: 'organiser' } as const;
  app.get(
    '/api/sessions/:sessionId/checkins',
    { schema: { tags, params: SessionIdParams, response: { 200: z.array(Checkin), ...errors } } },
    async (request) => checkins.list(requireUser(request), request.params.sessionId),
  );
  app.put(
    '/api/sessions/:sessionId/checkins/:participantId',
    {
      schema: {
        tags,
        description:
          'The host records the answers of someone at the venue or on the phone (in the session’s attendance). A second PUT replaces the first.',
        params: CheckinParams,
        body: SubmitCheckin,
        response: { 200: Checkin, ...errors },
      },
    },
    async (request) => checkins.record(requireUser(request), request.params.sessionId, request.params.participantId, request.body),
  );
  app.post(
    '/api/sessions/:sessionId/checkins/:participantId/handled',
    {
      schema: {
        tags,
        description: 'The 困りごと request was dealt with; audited.',
        params: CheckinParams,
        response: { 200: Checkin, ...errors },
      },
    },
    async (request) => checkins.markTroubleHandled(requireUser(request), request.params.sessionId, request.params.participantId),
  );
  app.get(
    '/api/participants/:participantId/questionnaire',
    { schema: { tags, params: ParticipantParams, response: { 200: QuestionnaireStatus, ...errors } } },
    async (request) => questionnaires.status(requireUser(request), request.params.participantId),
  );
  app.post(
    '/api/participants/:participantId/questionnaire',
    { schema: { tags, params: ParticipantParams, body: SubmitQuestionnaire, response: { 201: QuestionnaireResult, ...errors } } },
    async (request, reply) =>
      reply.code(201).send(questionnaires.submitByHost(requireUser(request), request.params.participantId, request.body.answers)),
  );
  app.get(
    '/api/participants/:participantId/trend',
    { schema: { tags, params: ParticipantParams, response: { 200: ParticipantTrend, ...errors } } },
    async (request) => checkins.trend(requireUser(request), request.params.participantId),
  );
  app.get('/api/organisation/checkin-questions', { schema: { tags, response: { 200: CheckinQuestionSet, ...errors } } }, async (request) =>
    checkins.questionsOf(requireUser(request).organisationId),
  );
  app.put(
    '/api/organisation/checkin-questions',
    { config: organisersOnly, schema: { tags, body: CheckinQuestionSet, response: { 200: CheckinQuestionSet, ...errors } } },
    async (request) => checkins.setQuestions(requireRole(request, 'organiser'), request.body),
  );
  app.get(
    '/api/venues/:venueId/checkin-settings',
    { schema: { tags, params: VenueParams, response: { 200: VenueCheckinSettings, ...errors } } },
    async (request) => checkins.venueSettings(requireUser(request), request.params.venueId),
  );
  app.patch(
    '/api/venues/:venueId',
    {
      config: organisersOnly,
      schema: { tags, params: VenueParams, body: UpdateVenueCheckinSettings, response: { 200: VenueCheckinSettings, ...errors } },
    },
    async (request) => checkins.setVenueTiming(requireRole(request, 'organiser'), request.params.venueId, request.body.checkinTiming),
  );
  registerExportRoutes(app, {
    path: '/api/reports/checkins',
    tags,
    what: 'Check-in answers (one row per check-in) and frailty questionnaires',
    asciiPrefix: 'checkins',
    open: (user, query, format) => wellbeingExport.open(user, query, format),
    gate: exportGate,
  });

  const watchTags = ['watch'];
  app.get(
    '/api/watch',
    {
      schema: {
        tags: watchTags,
        description: 'Who needs attention and why, per venue; every view is audited.',
        querystring: WatchQuery,
        response: { 200: z.array(WatchEntry), ...errors },
      },
    },
    async (request) => watch.list(requireUser(request), request.query),
  );
  app.post(
    '/api/watch/:participantId/handled',
    { schema: { tags: watchTags, params: ParticipantParams, body: HandleWatchReason, response: { 200: Ok, ...errors } } },
    async (request) => {
      watch.handle(requireUser(request), request.params.participantId, request.body);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/participants/:participantId/watch-history',
    { schema: { tags: watchTags, params: ParticipantParams, response: { 200: z.array(WatchHandledEntry), ...errors } } },
    async (request) => watch.history(requireUser(request), request.params.participantId),
  );
};
