import type { CheckinAnswerOption, CheckinQuestion } from '@shared/checkins/questions';

/** The limits of CheckinQuestionSet (shared/src/checkins/questions.ts), repeated here so zod stays out of the bundle. */
export const QUESTION_LIMITS = { minQuestions: 1, maxQuestions: 8, minAnswers: 2, maxAnswers: 5, textMax: 200, emojiMax: 8 } as const;

/** `prefix-1`, `prefix-2`, …: the first that is not taken (lowercase ascii, valid as a question or answer key). */
export function newKey(prefix: 'question' | 'answer', taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const key = `${prefix}-${n}`;
    if (!used.has(key)) return key;
  }
}

/**
 * A new question with two empty answers. Its key avoids every key in use and every key saved before
 * (`alsoAvoid`), so a new question never takes over the recorded answers of a removed one.
 */
export function blankQuestion(questions: readonly CheckinQuestion[], alsoAvoid: Iterable<string> = []): CheckinQuestion {
  const first = blankAnswer([]);
  return {
    key: newKey('question', [...questions.map((q) => q.key), ...alsoAvoid]),
    label: { ja: '', en: '' },
    answers: [first, blankAnswer([first])],
  };
}

/** A new answer whose key is unique within its question (and, like questions, not a key saved before). */
export function blankAnswer(answers: readonly CheckinAnswerOption[], alsoAvoid: Iterable<string> = []): CheckinAnswerOption {
  return { key: newKey('answer', [...answers.map((a) => a.key), ...alsoAvoid]), emoji: '', label: { ja: '', en: '' }, concern: false };
}

/** A copy that editing cannot share with `questions` (the defaults, or what the server sent). */
export function cloneQuestions(questions: readonly CheckinQuestion[]): CheckinQuestion[] {
  return questions.map((q) => ({ ...q, label: { ...q.label }, answers: q.answers.map((a) => ({ ...a, label: { ...a.label } })) }));
}

/** Where a field the server rejected is: `body.2.answers.1.label.ja` → question 2, answer 1, `label.ja`. */
export interface FieldPlace {
  question: number | null;
  answer: number | null;
  /** `label.ja`, `label.en`, `emoji`, `answers` (their number), `key`, … or '' for the whole list. */
  part: string;
}

export function parseField(field: string | undefined): FieldPlace | null {
  if (!field) return null;
  const parts = field.split('.');
  if (parts[0] === 'body') parts.shift();
  const place: FieldPlace = { question: null, answer: null, part: '' };
  if (parts.length && /^\d+$/.test(parts[0]!)) place.question = Number(parts.shift());
  if (place.question !== null && parts[0] === 'answers' && parts.length > 1 && /^\d+$/.test(parts[1]!)) {
    place.answer = Number(parts[1]);
    parts.splice(0, 2);
  }
  place.part = parts.join('.');
  return place;
}

/** The rejected field's part, if it is this question's (`answer` null) or this answer's. */
export function partAt(place: FieldPlace | null, question: number, answer: number | null = null): string | null {
  if (!place || place.question !== question || place.answer !== answer) return null;
  return place.part;
}
