import { z } from 'zod';
import { EntityId } from '../common';
import { QUIZ_LIMITS } from '../limits';

/** 計算, 言葉集め, 仲間はずれ探し, 思い出し, and the host's own questions. */
export const QuizFormat = z.enum(['calculation', 'word-collection', 'odd-one-out', 'recall', 'custom']);
export type QuizFormat = z.infer<typeof QuizFormat>;

const Choice = z.string().trim().min(1, 'enter a choice').max(QUIZ_LIMITS.choice);

/**
 * One question shown to everyone. `answerIndex` is the right choice, or null when there is none
 * (how many words did you find, what did you eat): every answer counts as taking part.
 */
export const QuizQuestion = z.object({
  id: EntityId,
  format: QuizFormat,
  prompt: z.string().trim().min(1).max(200),
  choices: z.array(Choice).min(2).max(4),
  answerIndex: z.number().int().min(0).max(3).nullable(),
});
export type QuizQuestion = z.infer<typeof QuizQuestion>;

/** POST /api/venues/:venueId/quiz-questions: a host's own question. */
export const QuizQuestionInput = z
  .object({
    prompt: z.string().trim().min(1, 'enter the question').max(QUIZ_LIMITS.prompt),
    choices: z
      .array(Choice)
      .min(QUIZ_LIMITS.minChoices, `at least ${QUIZ_LIMITS.minChoices} choices`)
      .max(QUIZ_LIMITS.maxChoices, `at most ${QUIZ_LIMITS.maxChoices} choices`),
    answerIndex: z.number().int().min(0).max(3).nullable().default(null),
  })
  .refine((q) => q.answerIndex === null || q.answerIndex < q.choices.length, {
    path: ['answerIndex'],
    message: 'the right answer must be one of the choices',
  });
export type QuizQuestionInput = z.input<typeof QuizQuestionInput>;

/** GET /api/venues/:venueId/quiz-questions: the built-in set followed by the venue's own. */
export const QuizQuestionList = z.object({
  builtIn: z.array(QuizQuestion),
  custom: z.array(QuizQuestion),
});
export type QuizQuestionList = z.infer<typeof QuizQuestionList>;
export const QuizQuestionParams = z.object({ questionId: EntityId });

export const builtInQuizQuestions: readonly QuizQuestion[] = [
  { id: 'calc-1', format: 'calculation', prompt: '25 + 17 は？', choices: ['32', '42', '52'], answerIndex: 1 },
  { id: 'calc-2', format: 'calculation', prompt: '100 − 36 は？', choices: ['64', '74', '66'], answerIndex: 0 },
  {
    id: 'calc-3',
    format: 'calculation',
    prompt: '1個 120円のりんごを 3個。いくら？',
    choices: ['300円', '360円', '420円'],
    answerIndex: 1,
  },
  {
    id: 'calc-4',
    format: 'calculation',
    prompt: '千円札で 680円の買い物。おつりは？',
    choices: ['220円', '320円', '420円'],
    answerIndex: 1,
  },
  {
    id: 'word-1',
    format: 'word-collection',
    prompt: '「か」で始まる言葉、いくつ言えましたか？',
    choices: ['1〜2こ', '3〜4こ', '5こ以上'],
    answerIndex: null,
  },
  {
    id: 'word-2',
    format: 'word-collection',
    prompt: '赤い食べ物、いくつ言えましたか？',
    choices: ['1〜2こ', '3〜4こ', '5こ以上'],
    answerIndex: null,
  },
  {
    id: 'word-3',
    format: 'word-collection',
    prompt: '「海」にあるもの、いくつ言えましたか？',
    choices: ['1〜2こ', '3〜4こ', '5こ以上'],
    answerIndex: null,
  },
  { id: 'odd-1', format: 'odd-one-out', prompt: '仲間はずれはどれ？', choices: ['りんご', 'みかん', 'にんじん', 'ぶどう'], answerIndex: 2 },
  { id: 'odd-2', format: 'odd-one-out', prompt: '仲間はずれはどれ？', choices: ['すずめ', 'からす', 'つばめ', 'ねこ'], answerIndex: 3 },
  { id: 'odd-3', format: 'odd-one-out', prompt: '仲間はずれはどれ？', choices: ['春', '夏', '朝', '冬'], answerIndex: 2 },
  {
    id: 'recall-1',
    format: 'recall',
    prompt: '昨日の晩ご飯、思い出せましたか？',
    choices: ['すぐ思い出せた', '少し考えて思い出せた', 'まだ思い出せない'],
    answerIndex: null,
  },
  {
    id: 'recall-2',
    format: 'recall',
    prompt: '昨日の晩ご飯の主食は？',
    choices: ['ごはん', 'パン', 'めん', 'そのほか'],
    answerIndex: null,
  },
  {
    id: 'recall-3',
    format: 'recall',
    prompt: '今朝、最初に飲んだものは？',
    choices: ['お茶', '水', 'コーヒー', 'そのほか'],
    answerIndex: null,
  },
];

export function findBuiltInQuestion(id: string): QuizQuestion | undefined {
  return builtInQuizQuestions.find((q) => q.id === id);
}
