import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CHECKIN_QUESTIONS, type CheckinQuestion } from '@shared/checkins/questions';
import type { CheckinOffer } from '@shared/checkins/schemas';
import { CheckinRunner } from '../../server/src/phone/bridge/CheckinRunner';
import { CheckinDialog, type CheckinAction } from '../../server/src/phone/checkinDialog';
import {
  CHECKIN_QUESTION_PROMPTS,
  PHONE_CHECKIN_LIMITS,
  phoneCheckinQuestions,
  type PhoneCheckinQuestion,
} from '../../server/src/phone/checkinQuestions';
import { PROMPTS, type PromptId } from '../../server/src/phone/promptList';

const offer = (overrides: Partial<CheckinOffer> = {}): CheckinOffer => ({
  consent: true,
  timing: 'before-leave',
  questions: DEFAULT_CHECKIN_QUESTIONS,
  alreadyAnswered: false,
  questionnaireDue: false,
  ...overrides,
});

describe('which check-in questions the telephone reads out', () => {
  it('has a recorded prompt for every default question, saying its question and its three answers with 1, 2, 3', () => {
    for (const question of DEFAULT_CHECKIN_QUESTIONS) {
      const prompt = (CHECKIN_QUESTION_PROMPTS as Record<string, PromptId>)[question.key];
      expect(prompt, question.key).toBeDefined();
      const { text } = PROMPTS[prompt as keyof typeof PROMPTS];
      question.answers.forEach((answer, i) => expect(text, `${question.key}: ${answer.key}`).toContain(`${answer.label.ja}は${i + 1}`));
    }
  });

  it('asks the five default questions in order, keys 1, 2, 3 meaning the first, second and third answer', () => {
    const asked = phoneCheckinQuestions(offer(), DEFAULT_CHECKIN_QUESTIONS);
    expect(asked.map((q) => q.key)).toEqual(['mood', 'body', 'sleep', 'meals', 'outings']);
    expect(asked[0]).toEqual({ key: 'mood', prompt: 'checkin-mood', answers: ['good', 'ok', 'bad'] });
  });

  it('asks nothing without consent or when the person already checked in for this session (the home page’s rules)', () => {
    expect(phoneCheckinQuestions(offer({ consent: false }), DEFAULT_CHECKIN_QUESTIONS)).toEqual([]);
    expect(phoneCheckinQuestions(offer({ alreadyAnswered: true }), DEFAULT_CHECKIN_QUESTIONS)).toEqual([]);
  });

  it('leaves out an organisation’s own question and a default question whose words were changed (no recording says them)', () => {
    const own: CheckinQuestion = { ...DEFAULT_CHECKIN_QUESTIONS[0]!, key: 'walk', label: { ja: '歩けましたか？', en: 'Did you walk?' } };
    const reworded: CheckinQuestion = { ...DEFAULT_CHECKIN_QUESTIONS[1]!, label: { ja: '体はどうですか？', en: 'Body?' } };
    const asked = phoneCheckinQuestions(offer({ questions: [own, reworded, DEFAULT_CHECKIN_QUESTIONS[2]!] }), DEFAULT_CHECKIN_QUESTIONS);
    expect(asked.map((q) => q.key)).toEqual(['sleep']);
  });

  it('reads at most the limit of questions', () => {
    const many = Array.from({ length: PHONE_CHECKIN_LIMITS.maxQuestions + 2 }, () => DEFAULT_CHECKIN_QUESTIONS[0]!);
    expect(phoneCheckinQuestions(offer({ questions: many }), DEFAULT_CHECKIN_QUESTIONS)).toHaveLength(PHONE_CHECKIN_LIMITS.maxQuestions);
  });
});

const two: PhoneCheckinQuestion[] = [
  { key: 'mood', prompt: 'checkin-mood', answers: ['good', 'ok', 'bad'] },
  { key: 'sleep', prompt: 'checkin-sleep', answers: ['good', 'ok', 'bad'] },
];
const plays = (actions: CheckinAction[]) => actions.filter((a) => a.type === 'play').map((a) => a.prompt);
const answers = (actions: CheckinAction[]) => actions.filter((a) => a.type === 'answer');

describe('the keypad check-in dialog', () => {
  it('reads the intro, then each question; 1, 2, 3 answer it at once; then thanks, goodbye and the hang-up', () => {
    const dialog = new CheckinDialog(two);
    expect(plays(dialog.handle({ type: 'start' }))).toEqual(['checkin-intro']);
    expect(dialog.handle({ type: 'digit', digit: '1' })).toEqual([]); // a key during the intro is no answer yet
    expect(plays(dialog.handle({ type: 'promptDone' }))).toEqual(['checkin-mood']);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'startTimer', ms: PHONE_CHECKIN_LIMITS.answerMs }]);
    const first = dialog.handle({ type: 'digit', digit: '3' });
    expect(answers(first)).toEqual([{ type: 'answer', questionKey: 'mood', answerKey: 'bad' }]);
    expect(plays(first)).toEqual(['checkin-sleep']);
    // Answered while the question is still read: the reading stops.
    const second = dialog.handle({ type: 'digit', digit: '2' });
    expect(second.slice(0, 3)).toEqual([
      { type: 'stopPrompt' },
      { type: 'cancelTimer' },
      { type: 'answer', questionKey: 'sleep', answerKey: 'ok' },
    ]);
    expect(plays(second)).toEqual(['checkin-thanks']);
    expect(plays(dialog.handle({ type: 'promptDone' }))).toEqual(['goodbye']);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'hangup' }]);
    expect(dialog.stateName).toBe('ended');
  });

  it('ignores other keys; reads a question once more after a silence, then skips it without an answer', () => {
    const dialog = new CheckinDialog(two);
    dialog.handle({ type: 'start' });
    dialog.handle({ type: 'promptDone' });
    expect(dialog.handle({ type: 'digit', digit: '5' })).toEqual([]);
    expect(dialog.handle({ type: 'digit', digit: '#' })).toEqual([]);
    dialog.handle({ type: 'promptDone' });
    expect(plays(dialog.handle({ type: 'timeout' }))).toEqual(['checkin-mood']);
    dialog.handle({ type: 'promptDone' });
    const skipped = dialog.handle({ type: 'timeout' });
    expect(answers(skipped)).toEqual([]);
    expect(plays(skipped)).toEqual(['checkin-sleep']);
  });

  it('only says goodbye and hangs up when there is nothing to ask', () => {
    const dialog = new CheckinDialog([]);
    expect(plays(dialog.handle({ type: 'start' }))).toEqual(['goodbye']);
    expect(dialog.handle({ type: 'digit', digit: '1' })).toEqual([]);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'hangup' }]);
  });

  it('at the deadline stops the question and ends with thanks and goodbye', () => {
    const dialog = new CheckinDialog(two);
    dialog.handle({ type: 'start' });
    dialog.handle({ type: 'promptDone' });
    const late = dialog.handle({ type: 'deadline' });
    expect(late[0]).toEqual({ type: 'stopPrompt' });
    expect(plays(late)).toEqual(['checkin-thanks']);
    expect(dialog.handle({ type: 'digit', digit: '1' })).toEqual([]);
  });
});

describe('CheckinRunner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A line whose prompts each take 1 s (or end when stopped). */
  function setup(questions = two) {
    const played: PromptId[] = [];
    let stop: (() => void) | undefined;
    const saved: string[] = [];
    let hungUp = 0;
    const runner = new CheckinRunner(
      questions,
      {
        play: (prompt) => {
          played.push(prompt);
          return new Promise((resolve) => {
            const timer = setTimeout(resolve, 1_000);
            stop = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        },
        stopPrompt: () => stop?.(),
      },
      { answer: (q, a) => saved.push(`${q}=${a}`), hangup: () => hungUp++ },
    );
    return { runner, played, saved, hungUp: () => hungUp };
  }

  it('stores each answer as it is keyed; a caller hanging up half way keeps the first answer and hears nothing more', async () => {
    const { runner, played, saved, hungUp } = setup();
    runner.start();
    await vi.advanceTimersByTimeAsync(1_000);
    runner.digit('1');
    expect(saved).toEqual(['mood=good']);
    runner.close();
    await vi.advanceTimersByTimeAsync(PHONE_CHECKIN_LIMITS.maxMs);
    expect(played).toEqual(['checkin-intro', 'checkin-mood', 'checkin-sleep']);
    expect(saved).toEqual(['mood=good']);
    expect(hungUp()).toBe(0);
  });

  it('with nobody keying, reads each question twice, skips them all and hangs up after thanks and goodbye', async () => {
    const { runner, played, saved, hungUp } = setup();
    runner.start();
    await vi.advanceTimersByTimeAsync(1_000 + 4 * (1_000 + PHONE_CHECKIN_LIMITS.answerMs) + 2_000);
    expect(played).toEqual([
      'checkin-intro',
      'checkin-mood',
      'checkin-mood',
      'checkin-sleep',
      'checkin-sleep',
      'checkin-thanks',
      'goodbye',
    ]);
    expect(saved).toEqual([]);
    expect(hungUp()).toBe(1);
  });

  it('ends within the overall limit however many questions there are', async () => {
    const many = Array.from({ length: PHONE_CHECKIN_LIMITS.maxQuestions }, () => two[0]!);
    const { runner, played, hungUp } = setup(many);
    runner.start();
    await vi.advanceTimersByTimeAsync(PHONE_CHECKIN_LIMITS.maxMs + 2_000);
    expect(played.slice(-2)).toEqual(['checkin-thanks', 'goodbye']);
    expect(hungUp()).toBe(1);
  });
});
