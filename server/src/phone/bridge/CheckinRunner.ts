import { CheckinDialog, type CheckinAction, type CheckinEvent } from '../checkinDialog';
import { PHONE_CHECKIN_LIMITS, type PhoneCheckinQuestion } from '../checkinQuestions';
import { DialogDriver, type PromptLine, type Timers } from '../dialogDriver';
import type { PromptId } from '../promptList';

/** The caller's line as the check-in needs it: prompts (resolved when finished or stopped). */
export type CheckinLine = PromptLine<PromptId>;

export interface CheckinEffects {
  /** Stores one answer (with those before it); a failure is logged by the caller, the check-in goes on. */
  answer(questionKey: string, answerKey: string): void;
  hangup(): void;
}

/**
 * Runs a CheckinDialog on a call whose gathering ended: prompts, the answer timer and the overall deadline. A prompt
 * that cannot be played ends the call.
 */
export class CheckinRunner {
  private readonly dialog: CheckinDialog;
  private readonly driver: DialogDriver<PromptId>;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    questions: readonly PhoneCheckinQuestion[],
    line: CheckinLine,
    private readonly effects: CheckinEffects,
    private readonly timers: Timers = globalThis,
  ) {
    this.dialog = new CheckinDialog(questions);
    this.driver = new DialogDriver(
      line,
      () => {
        this.close();
        effects.hangup();
      },
      timers,
    );
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
    if (!this.driver.close()) return;
    if (this.deadline) this.timers.clearTimeout(this.deadline);
  }

  private feed(event: CheckinEvent): void {
    if (this.driver.isClosed) return;
    for (const action of this.dialog.handle(event)) this.perform(action);
  }

  private perform(action: CheckinAction): void {
    const driver = this.driver;
    switch (action.type) {
      case 'answer':
        return this.effects.answer(action.questionKey, action.answerKey);
      case 'hangup':
        this.close();
        return this.effects.hangup();
      default:
        return driver.perform(action, (event) => this.feed(event));
    }
  }
}
