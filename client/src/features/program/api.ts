import type { ExerciseVideo } from '@shared/program/videos';
import type { QuizQuestion, QuizQuestionInput } from '@shared/program/quizzes';
import type { Program, ProgramTemplate, SaveProgram, SegmentInput } from '@shared/program/schemas';
import type { VenueSessionInfo } from '@shared/sessions/schemas';
import { apiGet, apiRequest } from '../../lib/api';

const enc = encodeURIComponent;

export type QuizQuestionLists = { builtIn: QuizQuestion[]; custom: QuizQuestion[] };

/** The program, video and quiz-question REST API, typed from the shared schemas (types only). */
export const programApi = {
  session: (sessionId: string, signal?: AbortSignal) => apiGet<VenueSessionInfo>(`/api/sessions/${enc(sessionId)}`, signal),
  program: (sessionId: string, signal?: AbortSignal) => apiGet<Program>(`/api/sessions/${enc(sessionId)}/program`, signal),
  saveProgram: (sessionId: string, body: SaveProgram) => apiRequest<Program>('PUT', `/api/sessions/${enc(sessionId)}/program`, body),

  template: (venueId: string, signal?: AbortSignal) => apiGet<ProgramTemplate>(`/api/venues/${enc(venueId)}/program-template`, signal),
  saveTemplate: (venueId: string, segments: SegmentInput[]) =>
    apiRequest<ProgramTemplate>('PUT', `/api/venues/${enc(venueId)}/program-template`, { segments }),

  videos: (organisationId: string, signal?: AbortSignal) =>
    apiGet<{ videos: ExerciseVideo[] }>(`/api/organisations/${enc(organisationId)}/videos`, signal).then((list) => list.videos),
  deleteVideo: (videoId: string) => apiRequest<{ ok: true }>('DELETE', `/api/videos/${enc(videoId)}`),
  /** Signed-in staff of the organisation may fetch the file without a signature (previews). */
  videoFileUrl: (videoId: string) => `/api/videos/${enc(videoId)}/file`,

  quizQuestions: (venueId: string, signal?: AbortSignal) => apiGet<QuizQuestionLists>(`/api/venues/${enc(venueId)}/quiz-questions`, signal),
  addQuizQuestion: (venueId: string, body: QuizQuestionInput) =>
    apiRequest<QuizQuestion>('POST', `/api/venues/${enc(venueId)}/quiz-questions`, body),
  deleteQuizQuestion: (questionId: string) => apiRequest<{ ok: true }>('DELETE', `/api/quiz-questions/${enc(questionId)}`),
};
