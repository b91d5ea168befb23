import type { CheckinQuestion } from '@shared/checkins/questions';
import type { useCheckinsT } from '../../../i18n/checkins';
import { partAt, type FieldPlace } from './questionDraft';

type CheckinsT = ReturnType<typeof useCheckinsT>['t'];

/** The part names the messages know (`label.ja`, `emoji`, …), or null. */
function partName(part: string): 'label.ja' | 'label.en' | 'emoji' | 'answers' | null {
  return part === 'label.ja' || part === 'label.en' || part === 'emoji' || part === 'answers' ? part : null;
}

/** 「質問 1 の 答え 3 の 英語」を確かめてください。1〜200文字で書いてください。 */
export function placeText(t: CheckinsT, place: FieldPlace): string {
  const q = place.question === null ? null : place.question + 1;
  let where =
    q === null
      ? t('questions.where.list')
      : place.answer === null
        ? t('questions.where.question', { q })
        : t('questions.where.answer', { q, a: place.answer + 1 });
  const part = partName(place.part);
  if (q !== null && part) where = t('questions.whereWithPart', { where, part: t(`questions.part.${part}`) });
  return t('questions.checkField', { where, why: whyText(t, place) });
}

function whyText(t: CheckinsT, place: FieldPlace): string {
  if (place.question === null) return t('questions.why.list');
  if (place.part.startsWith('label')) return t('questions.why.text');
  if (place.part === 'emoji') return t('questions.why.emoji');
  if (place.part === 'answers') return t('questions.why.answers');
  return t('questions.why.other');
}

/** The error shown under an input, if the server rejected that one. */
export function fieldErrorText(
  t: CheckinsT,
  place: FieldPlace | null,
  question: number,
  answer: number | null,
  part: 'label.ja' | 'label.en' | 'emoji',
): string | null {
  if (partAt(place, question, answer) !== part) return null;
  return part === 'emoji' ? t('questions.why.emoji') : t('questions.why.text');
}

/** The id of the input a rejected field points at (the question's Japanese wording when it is not one input). */
export function fieldId(questions: readonly CheckinQuestion[], place: FieldPlace): string {
  const question = place.question === null ? undefined : questions[place.question];
  if (!question) return 'cq-add-question';
  const answer = place.answer === null ? undefined : question.answers[place.answer];
  const suffix = place.part === 'label.en' ? 'en' : place.part === 'emoji' ? 'emoji' : 'ja';
  if (answer) return `cq:${question.key}:${answer.key}-${suffix}`;
  return place.part === 'answers' ? `cq:${question.key}-add-answer` : `cq:${question.key}-${suffix === 'emoji' ? 'ja' : suffix}`;
}
