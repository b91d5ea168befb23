/**
 * The limits of the shared program, video and quiz schemas (shared/src/program/*.ts), repeated here so
 * zod stays out of the bundle. tests/e2e/programBuilder.e2e.test.ts checks they still match.
 */
export const SEGMENT_LIMITS = { minSegments: 1, maxSegments: 30, minMinutes: 1, maxMinutes: 240, titleMax: 60, notesMax: 1000, maxQuestions: 30 } as const;

export const VIDEO_LIMITS = {
  maxBytes: 300 * 1024 * 1024,
  mimeTypes: ['video/mp4', 'video/webm'] as readonly string[],
  titleMax: 80,
} as const;

export const QUIZ_LIMITS = { promptMax: 200, choiceMax: 40, minChoices: 2, maxChoices: 4 } as const;
