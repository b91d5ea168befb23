import { PROGRAM_LIMITS, QUIZ_LIMITS as SHARED_QUIZ_LIMITS, VIDEO_LIMITS as SHARED_VIDEO_LIMITS, VIDEO_MIME_TYPES } from '@shared/limits';

/**
 * The program, video and quiz limits the forms show, in the forms' own names, taken from shared/src/limits.ts
 * (zod-free, so the bundle stays small). tests/e2e/programBuilder.e2e.test.ts checks they match the schemas.
 */
export const SEGMENT_LIMITS = {
  minSegments: PROGRAM_LIMITS.minSegments,
  maxSegments: PROGRAM_LIMITS.maxSegments,
  minMinutes: PROGRAM_LIMITS.minMinutes,
  maxMinutes: PROGRAM_LIMITS.maxMinutes,
  titleMax: PROGRAM_LIMITS.segmentTitle,
  notesMax: PROGRAM_LIMITS.segmentNotes,
  maxQuestions: PROGRAM_LIMITS.quizQuestionsPerSegment,
} as const;

export const VIDEO_LIMITS = {
  maxBytes: SHARED_VIDEO_LIMITS.maxBytes,
  mimeTypes: VIDEO_MIME_TYPES as readonly string[],
  titleMax: SHARED_VIDEO_LIMITS.title,
} as const;

export const QUIZ_LIMITS = {
  promptMax: SHARED_QUIZ_LIMITS.prompt,
  choiceMax: SHARED_QUIZ_LIMITS.choice,
  minChoices: SHARED_QUIZ_LIMITS.minChoices,
  maxChoices: SHARED_QUIZ_LIMITS.maxChoices,
} as const;
