import { IvrDialog, type CallerLookup, type IvrAction, type IvrEvent, type IvrPrompt, type PinCheck } from './ivr';

/** The caller's line as the dialog needs it: prompts to play (resolved when finished or stopped). */
export interface IvrLine {
  play(prompt: IvrPrompt): Promise<void>;
  stopPrompt(): void;
}

/** What the dialog's actions do outside it. */
export interface IvrEffects {
  checkPin(pin: string): Promise<PinCheck>;
  join(): Promise<void>;
  /** Mutes or unmutes the caller; true when now muted. */
  toggleMute(): Promise<boolean>;
  raiseHand(): void;
  hangup(): void;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout): void;
}

/**
 * Runs one caller's IvrDialog: turns its actions into prompts, timers and effects, and what happens back into
 * events. A prompt that was stopped or replaced does not count as finished; a failing effect ends the call
 * kindly instead of leaving the caller in silence.
 */
export class IvrRunner {
  private readonly dialog = new IvrDialog();
  private timer: NodeJS.Timeout | undefined;
  private promptGeneration = 0;
  private closed = false;

  constructor(
    private readonly line: IvrLine,
    private readonly effects: IvrEffects,
    private readonly onError: (error: unknown) => void,
    private readonly timers: Timers = globalThis,
  ) {}

  start(lookup: CallerLookup): void {
    this.feed({ type: 'start', lookup });
  }

  digit(digit: string): void {
    this.feed({ type: 'digit', digit });
  }

  /** The call ended: nothing more is played or started. */
  close(): void {
    this.closed = true;
    this.cancelTimer();
    this.line.stopPrompt();
  }

  private feed(event: IvrEvent): void {
    if (this.closed) return;
    for (const action of this.dialog.handle(event)) this.perform(action);
  }

  private perform(action: IvrAction): void {
    switch (action.type) {
      case 'play':
        return this.play(action.prompt, true);
      case 'stopPrompt':
        this.promptGeneration++;
        return this.line.stopPrompt();
      case 'startTimer':
        this.cancelTimer();
        this.timer = this.timers.setTimeout(() => this.feed({ type: 'timeout' }), action.ms);
        return;
      case 'cancelTimer':
        return this.cancelTimer();
      case 'checkPin':
        return this.settle(this.effects.checkPin(action.pin), (result) => this.feed({ type: 'pinChecked', result }));
      case 'join':
        return this.settle(this.effects.join(), () => undefined);
      case 'toggleMute':
        return this.settle(this.effects.toggleMute(), (muted) => this.play(muted ? 'selfMuted' : 'selfUnmuted', false));
      case 'raiseHand':
        return this.effects.raiseHand();
      case 'hangup':
        this.close();
        return this.effects.hangup();
    }
  }

  /** `reportsDone`: the dialog waits for this prompt to end (a confirmation in the call does not). */
  private play(prompt: IvrPrompt, reportsDone: boolean): void {
    const generation = ++this.promptGeneration;
    this.settle(this.line.play(prompt), () => {
      if (reportsDone && generation === this.promptGeneration) this.feed({ type: 'promptDone' });
    });
  }

  private settle<T>(work: Promise<T>, then: (value: T) => void): void {
    work.then(then, (error: unknown) => {
      if (this.closed) return;
      this.onError(error);
      this.close();
      this.effects.hangup();
    });
  }

  private cancelTimer(): void {
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
