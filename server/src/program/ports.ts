import type { QuizQuestion } from '@shared/program/quizzes';
import type { Segment } from '@shared/program/schemas';

/**
 * What the live program (one per room, in ./live) needs from the stored program, videos and
 * questions (ProgramService, VideoService, QuizService). Each throws AppError NOT_FOUND for an id
 * that is not there or belongs to another organisation than the session's.
 */
export interface ProgramSource {
  /** The session's saved program, else its venue's template, else the default program. */
  segmentsFor(sessionId: string): Promise<Segment[]>;
  /** Called with the session id whenever its program is saved (so a live room can reload it). */
  onProgramSaved(listener: (sessionId: string) => void): void;
}

export interface PlayableVideo {
  videoId: string;
  kind?: 'letter';
  title: string;
  /** A signed URL the devices of this session may fetch without signing in. */
  url: string;
}

export interface VideoSource {
  playableFor(sessionId: string, videoId: string): Promise<PlayableVideo>;
}

/** Video letters (the letters feature answers it): a ready letter of the session's venue, shown at the gathering. */
export interface LetterSource {
  /** Throws NOT_FOUND for another venue's letter and CONFLICT for one not made yet. */
  playableFor(sessionId: string, letterId: string): Promise<PlayableVideo>;
}

export interface QuizSource {
  /** A built-in question or one of the session venue's own. */
  questionFor(sessionId: string, questionId: string): Promise<QuizQuestion>;
}
