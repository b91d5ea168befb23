import { z } from 'zod';
import { CHECKIN_LIMITS } from '../limits';

export const LocalizedText = z.object({ ja: z.string().min(1).max(CHECKIN_LIMITS.label), en: z.string().min(1).max(CHECKIN_LIMITS.label) });
export type LocalizedText = z.infer<typeof LocalizedText>;

const Key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and -');

export const CheckinAnswerOption = z.object({
  key: Key,
  emoji: z.string().min(1).max(CHECKIN_LIMITS.emoji),
  label: LocalizedText,
  /** Answering this is a worry: twice in a row puts the person on the watch-over list. */
  concern: z.boolean(),
});
export type CheckinAnswerOption = z.infer<typeof CheckinAnswerOption>;

export const CheckinQuestion = z.object({
  key: Key,
  label: LocalizedText,
  answers: z.array(CheckinAnswerOption).min(CHECKIN_LIMITS.minAnswers).max(CHECKIN_LIMITS.maxAnswers),
});
export type CheckinQuestion = z.infer<typeof CheckinQuestion>;

export const CheckinQuestionSet = z
  .array(CheckinQuestion)
  .min(1)
  .max(CHECKIN_LIMITS.maxQuestions)
  .refine((qs) => new Set(qs.map((q) => q.key)).size === qs.length, { message: 'question keys must be unique' });

/** The default questions live in a zod-free module so the client can import them as a value. */
export { DEFAULT_CHECKIN_QUESTIONS } from './defaultQuestions';
