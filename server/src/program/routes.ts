import type { programRoutes } from '@shared/program/routes';
import { requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { QuizService } from './quizzes/service';
import type { ProgramService } from './service';
import { videoHandlers } from './videos/routes';
import type { VideoService } from './videos/service';

export interface ProgramRouteDeps {
  programs: ProgramService;
  videos: VideoService;
  quizzes: QuizService;
}

/**
 * A session's program and its venue's template, exercise videos, quiz questions. Hosts of the venue and
 * organisers of its organisation; the rest answers 404.
 */
export function programHandlers({ programs, videos, quizzes }: ProgramRouteDeps): RouteHandlers<typeof programRoutes> {
  return {
    program: (request) => programs.programFor(requireUser(request), request.params.sessionId),
    saveProgram: (request) => programs.save(requireUser(request), request.params.sessionId, request.body),
    template: (request) => programs.templateFor(requireUser(request), request.params.venueId),
    saveTemplate: (request) => programs.saveTemplate(requireUser(request), request.params.venueId, request.body),
    quizQuestions: (request) => quizzes.list(requireUser(request), request.params.venueId),
    addQuizQuestion: (request) => quizzes.add(requireUser(request), request.params.venueId, request.body),
    deleteQuizQuestion: async (request) => {
      await quizzes.remove(requireUser(request), request.params.questionId);
      return { ok: true };
    },
    ...videoHandlers(videos),
  };
}
