import { z } from 'zod';
import { EntityId } from '@shared/common';
import { BreakoutGroup, LayoutChoice, LiveVideo, ProgramClockState, RaisedHand, RemovedPerson } from '@shared/program/live';
import { QuizQuestion } from '@shared/program/quizzes';

/** One question's round as stored: the question, its phase, each home peer's answer and the venue's counts. */
export const SavedQuizRound = z.object({
  question: QuizQuestion,
  phase: z.enum(['asking', 'results']),
  answers: z.array(z.tuple([EntityId, z.number().int().min(0)])),
  venueCounts: z.array(z.number().int().min(0)),
});
export type SavedQuizRound = z.infer<typeof SavedQuizRound>;

/**
 * A live program as another node resumes it (issue #17): everything the host set, with the server's wall-clock times
 * (the clock's endsAt, the video's updatedAt, the groups' endsAt), so that timers run on where they were. The
 * segments are not kept: they are read again from the database.
 */
export const SavedLiveState = z.object({
  revision: z.number().int().min(0),
  /** The current segment's id: the clock stays in it even if a save moved it in the list meanwhile. */
  segmentId: EntityId.nullable(),
  clock: ProgramClockState,
  layoutChoice: LayoutChoice,
  leaderPeerId: EntityId.nullable(),
  video: LiveVideo.nullable(),
  quiz: SavedQuizRound.nullable(),
  breakout: z.object({ groups: z.array(BreakoutGroup), endsAt: z.number() }).nullable(),
  hands: z.array(RaisedHand),
  removed: z.array(RemovedPerson),
});
export type SavedLiveState = z.infer<typeof SavedLiveState>;

/**
 * Where the live programs are kept besides this process's memory. One node: nowhere (memoryLiveStore). Several
 * nodes: in Redis (cluster/RedisLiveStore), so that the node a session moves to (a drain, a crash) resumes it.
 */
export interface LiveStateStore {
  /** True when another process may resume what is saved here: a live program is then not kept once its room closes. */
  readonly shared: boolean;
  /** The session's saved live program; undefined when there is none (never saved, ended by the host, expired). */
  load(sessionId: string): Promise<SavedLiveState | undefined>;
  /**
   * After each change, in the order given; a failed write is logged, not thrown (the program goes on in memory).
   * `bornAt`: when the writing live program was made; one made before the host ended the session writes nothing.
   */
  save(sessionId: string, state: SavedLiveState, bornAt: number): void;
  /** The host ended the session: its saved program is gone and no older live program may write it again. */
  end(sessionId: string, at: number): Promise<void>;
}

/** One node: the live programs live in LiveSessions' memory only. */
export const memoryLiveStore: LiveStateStore = {
  shared: false,
  load: async () => undefined,
  save: () => undefined,
  end: async () => undefined,
};
