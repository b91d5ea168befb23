import type { Program } from '@shared/program/schemas';
import type { ExerciseVideo } from '@shared/program/videos';
import type { QuizQuestion } from '@shared/program/quizzes';
import { requestJson } from '../../../../lib/api';

const get = <T>(path: string, signal?: AbortSignal) => requestJson<T>('GET', path, undefined, signal);

/** What the host's panel reads over HTTP (the live actions go over the call). */
export const hostApi = {
  videos: (organisationId: string, signal?: AbortSignal) =>
    get<{ videos: ExerciseVideo[] }>(`/api/organisations/${encodeURIComponent(organisationId)}/videos`, signal),
  /** The session's program: the venue id the quiz questions belong to. */
  program: (sessionId: string, signal?: AbortSignal) => get<Program>(`/api/sessions/${encodeURIComponent(sessionId)}/program`, signal),
  quizQuestions: (venueId: string, signal?: AbortSignal) =>
    get<{ builtIn: QuizQuestion[]; custom: QuizQuestion[] }>(`/api/venues/${encodeURIComponent(venueId)}/quiz-questions`, signal),
};
