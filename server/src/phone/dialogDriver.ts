/** The caller's line as a keypad dialog needs it: prompts to play (resolved when finished or stopped). */
export interface PromptLine<P> {
  play(prompt: P): Promise<void>;
  stopPrompt(): void;
}

/** The actions every keypad dialog has, and the events they lead to. */
export type PromptAction<P> =
  { type: 'play'; prompt: P } | { type: 'stopPrompt' } | { type: 'startTimer'; ms: number } | { type: 'cancelTimer' };
export type PromptEvent = { type: 'promptDone' } | { type: 'timeout' };

export interface Timers {
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout): void;
}

/**
 * What every keypad dialog's runner does the same way: plays prompts (a prompt that was stopped or replaced does not
 * count as finished), keeps the dialog's one timer, and hands a failure of anything it waits on to `onFailure` once,
 * unless the call already ended.
 */
export class DialogDriver<P> {
  private timer: NodeJS.Timeout | undefined;
  private promptGeneration = 0;
  private closed = false;

  constructor(
    private readonly line: PromptLine<P>,
    private readonly onFailure: (error: unknown) => void,
    private readonly timers: Timers = globalThis,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** `onDone` runs when this prompt finished playing, not when it was stopped or another one started. */
  play(prompt: P, onDone?: () => void): void {
    const generation = ++this.promptGeneration;
    this.settle(this.line.play(prompt), () => {
      if (onDone && generation === this.promptGeneration) onDone();
    });
  }

  stopPrompt(): void {
    this.promptGeneration++;
    this.line.stopPrompt();
  }

  startTimer(ms: number, onTimeout: () => void): void {
    this.cancelTimer();
    this.timer = this.timers.setTimeout(onTimeout, ms);
  }

  cancelTimer(): void {
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Performs one of the actions every dialog has; the prompt's end and the timer come back through `feed`. */
  perform(action: PromptAction<P>, feed: (event: PromptEvent) => void): void {
    switch (action.type) {
      case 'play':
        return this.play(action.prompt, () => feed({ type: 'promptDone' }));
      case 'stopPrompt':
        return this.stopPrompt();
      case 'startTimer':
        return this.startTimer(action.ms, () => feed({ type: 'timeout' }));
      case 'cancelTimer':
        return this.cancelTimer();
    }
  }

  settle<T>(work: Promise<T>, then: (value: T) => void): void {
    work.then(then, (error: unknown) => {
      if (!this.closed) this.onFailure(error);
    });
  }

  /** Nothing more is played or timed; false when it was already closed. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.cancelTimer();
    this.line.stopPrompt();
    return true;
  }
}
