import { CheckinDialog, type CheckinAction, type CheckinEvent } from '../checkinDialog';
import { PHONE_CHECKIN_LIMITS, type PhoneCheckinQuestion } from '../checkinQuestions';
import type { PromptId } from '../promptList';

/** The caller's line as the check-in needs it: prompts (resolved when finished or stopped). */
export interface CheckinLine {
  play(prompt: PromptId): Promise<void>;
  stopPrompt(): void;
}

export interface CheckinEffects {
  /** Stores one answer (with those before it); a failure is logged by the caller, the check-in goes on. */
  answer(questionKey: string, answerKey: string): void;
  hangup(): void;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout): void;
}

/**
 * Runs a CheckinDialog on a call whose gathering ended: prompts, the answer timer and the overall deadline. A prompt
 * that was stopped or replaced does not count as finished.
 */
export class CheckinRunner {
  private readonly dialog: CheckinDialog;
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private promptGeneration = 0;
  private closed = false;

  constructor(
    questions: readonly PhoneCheckinQuestion[],
    private readonly line: CheckinLine,
    private readonly effects: CheckinEffects,
    private readonly timers: Timers = globalThis,
  ) {
    this.dialog = new CheckinDialog(questions);
  }

  start(): void {
    this.deadline = this.timers.setTimeout(() => this.feed({ type: 'deadline' }), PHONE_CHECKIN_LIMITS.maxMs);
    this.feed({ type: 'start' });
  }

  digit(digit: string): void {
    this.feed({ type: 'digit', digit });
  }

  /** The call ended (the caller hung up): nothing more is played; answers already given were stored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelTimer();
    if (this.deadline) this.timers.clearTimeout(this.deadline);
    this.line.stopPrompt();
  }

  private feed(event: CheckinEvent): void {
    if (this.closed) return;
    for (const action of this.dialog.handle(event)) this.perform(action);
  }

  private perform(action: CheckinAction): void {
    switch (action.type) {
      case 'play': {
        const generation = ++this.promptGeneration;
        this.line.play(action.prompt).then(
          () => {
            if (generation === this.promptGeneration) this.feed({ type: 'promptDone' });
          },
          () => {
            if (this.closed) return;
            this.close();
            this.effects.hangup();
          },
        );
        return;
      }
      case 'stopPrompt':
        this.promptGeneration++;
        return this.line.stopPrompt();
      case 'startTimer':
        this.cancelTimer();
        this.timer = this.timers.setTimeout(() => this.feed({ type: 'timeout' }), action.ms);
        return;
      case 'cancelTimer':
        return this.cancelTimer();
      case 'answer':
        return this.effects.answer(action.questionKey, action.answerKey);
      case 'hangup':
        this.close();
        return this.effects.hangup();
    }
  }

  private cancelTimer(): void {
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
