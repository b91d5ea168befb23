import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/ack';
import { Ok } from '@shared/common';
import { QuizQuestion, QuizQuestionInput, QuizQuestionList, QuizQuestionParams } from '@shared/program/quizzes';
import { Program, ProgramTemplate, SaveProgram, SaveProgramTemplate, SessionProgramParams } from '@shared/program/schemas';
import { VenueParams } from '@shared/venues/schemas';
import { requireUser } from '../auth/plugin';
import type { QuizService } from './quizzes/service';
import type { ProgramService } from './service';
import { videoRoutes } from './videos/routes';
import type { VideoService } from './videos/service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export interface ProgramRouteDeps {
  programs: ProgramService;
  videos: VideoService;
  quizzes: QuizService;
}

/**
 * A session's program and its venue's template, exercise videos, quiz questions. Hosts of the venue and
 * organisers of its organisation; the rest answers 404.
 */
export const programRoutes: FastifyPluginAsyncZod<ProgramRouteDeps> = async (app, { programs, videos, quizzes }) => {
  const tags = ['program'];
  app.get(
    '/api/sessions/:sessionId/program',
    {
      schema: {
        tags,
        description: 'The session’s own program, else its venue’s template, else the default (see `source`).',
        params: SessionProgramParams,
        response: { 200: Program, ...errors },
      },
    },
    async (request) => programs.programFor(requireUser(request), request.params.sessionId),
  );
  app.put(
    '/api/sessions/:sessionId/program',
    {
      schema: {
        tags,
        description:
          'Saves the program (audited); with `saveAsTemplate` (default true) it also becomes the venue’s template for the next sessions.',
        params: SessionProgramParams,
        body: SaveProgram,
        response: { 200: Program, ...errors },
      },
    },
    async (request) => programs.save(requireUser(request), request.params.sessionId, request.body),
  );
  app.get(
    '/api/venues/:venueId/program-template',
    { schema: { tags, params: VenueParams, response: { 200: ProgramTemplate, ...errors } } },
    async (request) => programs.templateFor(requireUser(request), request.params.venueId),
  );
  app.put(
    '/api/venues/:venueId/program-template',
    { schema: { tags, params: VenueParams, body: SaveProgramTemplate, response: { 200: ProgramTemplate, ...errors } } },
    async (request) => programs.saveTemplate(requireUser(request), request.params.venueId, request.body),
  );

  app.get(
    '/api/venues/:venueId/quiz-questions',
    {
      schema: {
        tags,
        description: 'The built-in questions, then the venue’s own.',
        params: VenueParams,
        response: { 200: QuizQuestionList, ...errors },
      },
    },
    async (request) => quizzes.list(requireUser(request), request.params.venueId),
  );
  app.post(
    '/api/venues/:venueId/quiz-questions',
    { schema: { tags, params: VenueParams, body: QuizQuestionInput, response: { 201: QuizQuestion, ...errors } } },
    async (request, reply) => reply.code(201).send(quizzes.add(requireUser(request), request.params.venueId, request.body)),
  );
  app.delete(
    '/api/quiz-questions/:questionId',
    { schema: { tags, params: QuizQuestionParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      quizzes.remove(requireUser(request), request.params.questionId);
      return { ok: true as const };
    },
  );

  await app.register(videoRoutes, { videos });
};
