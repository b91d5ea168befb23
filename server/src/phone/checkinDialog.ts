import type { PromptAction, PromptEvent } from './dialogDriver';
import { PHONE_CHECKIN_LIMITS, type PhoneCheckinQuestion } from './checkinQuestions';
import type { PromptId } from './promptList';

/**
 * What a caller hears and keys when the gathering ends while they are on the line, as a state machine without I/O
 * (like IvrDialog): the intro, each question read out and answered with 1 よい / 2 ふつう / 3 よくない, the thanks
 * and the goodbye, then the hang-up. Without questions (no consent, already checked in) only the goodbye.
 */

export type CheckinEvent =
  | { type: 'start' }
  | { type: 'digit'; digit: string }
  /** promptDone, or timeout: the answer timer fired. */
  | PromptEvent
  /** The whole check-in took too long (PHONE_CHECKIN_LIMITS.maxMs). */
  | { type: 'deadline' };

export type CheckinAction =
  | PromptAction<PromptId>
  /** Store this answer now (an answer given is kept even if the caller hangs up before the end). */
  | { type: 'answer'; questionKey: string; answerKey: string }
  | { type: 'hangup' };

type State =
  | { name: 'idle' }
  | { name: 'intro' }
  /** `reads`: how many times this question has been read (once more after a silence, then skipped). */
  | { name: 'asking'; index: number; reads: number; reading: boolean }
  | { name: 'closing'; prompts: PromptId[] }
  | { name: 'ended' };

const KEYS = ['1', '2', '3'] as const;
const READS_PER_QUESTION = 2;

export class CheckinDialog {
  private state: State = { name: 'idle' };

  constructor(private readonly questions: readonly PhoneCheckinQuestion[]) {}

  get stateName(): State['name'] {
    return this.state.name;
  }

  handle(event: CheckinEvent): CheckinAction[] {
    const state = this.state;
    switch (state.name) {
      case 'idle':
        return event.type === 'start' ? this.start() : [];
      case 'intro':
        if (event.type === 'deadline') return [{ type: 'stopPrompt' }, ...this.close()];
        // Keys during the intro are not answers yet (no question was asked): ignored.
        return event.type === 'promptDone' ? this.ask(0, 0) : [];
      case 'asking':
        return this.whileAsking(state, event);
      case 'closing':
        return event.type === 'promptDone' ? this.nextClosing(state) : [];
      case 'ended':
        return [];
    }
  }

  private start(): CheckinAction[] {
    if (this.questions.length === 0) return this.close(['goodbye']);
    this.state = { name: 'intro' };
    return [{ type: 'play', prompt: 'checkin-intro' }];
  }

  private ask(index: number, reads: number): CheckinAction[] {
    if (index >= this.questions.length) return this.close();
    this.state = { name: 'asking', index, reads: reads + 1, reading: true };
    return [{ type: 'play', prompt: this.questions[index]!.prompt }];
  }

  private whileAsking(state: Extract<State, { name: 'asking' }>, event: CheckinEvent): CheckinAction[] {
    switch (event.type) {
      case 'promptDone':
        if (!state.reading) return [];
        state.reading = false;
        return [{ type: 'startTimer', ms: PHONE_CHECKIN_LIMITS.answerMs }];
      case 'timeout':
        // Silence: read it once more, then leave it (stored as 'skipped') and go on.
        return state.reads < READS_PER_QUESTION ? this.ask(state.index, state.reads) : this.ask(state.index + 1, 0);
      case 'digit': {
        const choice = KEYS.indexOf(event.digit as (typeof KEYS)[number]);
        if (choice < 0) return [];
        // A key while the question is still read: the caller knows the answer, so the reading stops.
        const question = this.questions[state.index]!;
        return [
          { type: 'stopPrompt' },
          { type: 'cancelTimer' },
          { type: 'answer', questionKey: question.key, answerKey: question.answers[choice]! },
          ...this.ask(state.index + 1, 0),
        ];
      }
      case 'deadline':
        return [{ type: 'stopPrompt' }, ...this.close()];
      case 'start':
        return [];
    }
  }

  /** The thanks (after questions) and the goodbye, one after the other, then the hang-up. */
  private close(prompts: PromptId[] = ['checkin-thanks', 'goodbye']): CheckinAction[] {
    const [first, ...rest] = prompts;
    this.state = { name: 'closing', prompts: rest };
    return [{ type: 'cancelTimer' }, { type: 'play', prompt: first! }];
  }

  private nextClosing(state: Extract<State, { name: 'closing' }>): CheckinAction[] {
    const next = state.prompts.shift();
    if (next) return [{ type: 'play', prompt: next }];
    this.state = { name: 'ended' };
    return [{ type: 'hangup' }];
  }
}
