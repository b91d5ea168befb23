import type { CheckinOffer } from '@shared/checkins/offer';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { PromptId } from './promptList';

/**
 * Which recorded prompt reads which check-in question on the telephone. A prompt says the question and its three
 * answers in words (「今日の気分は？ よいは1、ふつうは2、よくないは3」), so it fits only the question it was recorded
 * for: the default questions (shared/src/checkins/defaultQuestions.ts), each by its key. A test checks every default
 * question has one here.
 */
export const CHECKIN_QUESTION_PROMPTS = {
  mood: 'checkin-mood',
  body: 'checkin-body',
  sleep: 'checkin-sleep',
  meals: 'checkin-meals',
  outings: 'checkin-outings',
} as const satisfies Record<string, PromptId>;

/** Bounds of the keypad check-in at the end of a call. */
export const PHONE_CHECKIN_LIMITS = {
  /** Questions read out at most (an organisation's set has at most CHECKIN_LIMITS.maxQuestions; the default five). */
  maxQuestions: 8,
  /** After a question is read, how long the caller has to key 1, 2 or 3; then it is read once more, then skipped. */
  answerMs: 10_000,
  /** The whole check-in, from the intro to the thanks; then the caller hears the thanks and the goodbye. */
  maxMs: 180_000,
} as const;

/** One question as the telephone asks it: its prompt, and the answer keys for the keys 1, 2 and 3. */
export interface PhoneCheckinQuestion {
  key: string;
  prompt: PromptId;
  answers: readonly [string, string, string];
}

/**
 * The questions a caller is asked at the end, from the same offer the home page gets: none without consent or when
 * they already checked in for this session. A question is read out when its recorded prompt says exactly its words:
 * its key has a prompt and its label and answers (in Japanese) are the default question's. An organisation's own
 * questions have no recording, so the telephone leaves them out (stored as 'skipped', as on the home page).
 */
export function phoneCheckinQuestions(offer: CheckinOffer, defaults: readonly CheckinQuestion[]): PhoneCheckinQuestion[] {
  if (!offer.consent || offer.alreadyAnswered) return [];
  const asked: PhoneCheckinQuestion[] = [];
  for (const question of offer.questions) {
    const prompt = (CHECKIN_QUESTION_PROMPTS as Record<string, PromptId>)[question.key];
    const recorded = defaults.find((d) => d.key === question.key);
    if (!prompt || !recorded || !sameWords(question, recorded)) continue;
    const [one, two, three] = question.answers;
    asked.push({ key: question.key, prompt, answers: [one!.key, two!.key, three!.key] });
    if (asked.length === PHONE_CHECKIN_LIMITS.maxQuestions) break;
  }
  return asked;
}

function sameWords(question: CheckinQuestion, recorded: CheckinQuestion): boolean {
  return (
    question.label.ja === recorded.label.ja &&
    question.answers.length === 3 &&
    recorded.answers.length === 3 &&
    question.answers.every((a, i) => a.key === recorded.answers[i]!.key && a.label.ja === recorded.answers[i]!.label.ja)
  );
}
