import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { SKIPPED, type CheckinAnswers } from '@shared/checkins/schemas';
import { AppError } from '../core/errors';

/**
 * A check-in's answers against the organisation's questions: every answer must name an existing question
 * and one of its answers (or 'skipped'), else INVALID_PAYLOAD with field `answers.<key>`. The result has
 * every question, the ones left out as 'skipped': skipping is allowed and recorded, never forced.
 */
export function completeCheckinAnswers(questions: CheckinQuestion[], answers: CheckinAnswers): CheckinAnswers {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const [key, answer] of Object.entries(answers)) {
    const question = byKey.get(key);
    if (!question) throw new AppError('INVALID_PAYLOAD', `There is no question "${key}"`, `answers.${key}`);
    if (answer !== SKIPPED && !question.answers.some((a) => a.key === answer)) {
      throw new AppError('INVALID_PAYLOAD', `"${answer}" is not an answer to "${key}"`, `answers.${key}`);
    }
  }
  return Object.fromEntries(questions.map((q) => [q.key, answers[q.key] ?? SKIPPED]));
}

/**
 * Questionnaire answers by item number: each must be one of the item's options (field `answers.<n>`).
 * Items may be left out; at least one must be answered, or the six-month wait would start for nothing.
 */
export function checkQuestionnaireAnswers(answers: Record<string, string>): Record<string, string> {
  for (const [number, answer] of Object.entries(answers)) {
    const item = FRAILTY_ITEMS.find((i) => String(i.number) === number);
    if (!item) throw new AppError('INVALID_PAYLOAD', `There is no item ${number}`, `answers.${number}`);
    if (!item.options.includes(answer))
      throw new AppError('INVALID_PAYLOAD', `"${answer}" is not an option of item ${number}`, `answers.${number}`);
  }
  if (Object.keys(answers).length === 0) throw new AppError('INVALID_PAYLOAD', 'Answer at least one item', 'answers');
  return answers;
}
