import { DialogDriver, type PromptLine, type Timers } from './dialogDriver';
import { IvrDialog, type CallerLookup, type IvrAction, type IvrEvent, type IvrPrompt, type PinCheck } from './ivr';

/** The caller's line as the dialog needs it: prompts to play (resolved when finished or stopped). */
export type IvrLine = PromptLine<IvrPrompt>;

/** What the dialog's actions do outside it. */
export interface IvrEffects {
  checkPin(pin: string): Promise<PinCheck>;
  join(): Promise<void>;
  /** Mutes or unmutes the caller; true when now muted. */
  toggleMute(): Promise<boolean>;
  raiseHand(): void;
  hangup(): void;
}

/**
 * Runs one caller's IvrDialog: turns its actions into prompts, timers and effects, and what happens back into
 * events. A failing effect ends the call kindly instead of leaving the caller in silence.
 */
export class IvrRunner {
  private readonly dialog = new IvrDialog();
  private readonly driver: DialogDriver<IvrPrompt>;

  constructor(
    line: IvrLine,
    private readonly effects: IvrEffects,
    onError: (error: unknown) => void,
    timers?: Timers,
  ) {
    this.driver = new DialogDriver(
      line,
      (error) => {
        onError(error);
        this.close();
        effects.hangup();
      },
      timers,
    );
  }

  start(lookup: CallerLookup): void {
    this.feed({ type: 'start', lookup });
  }

  digit(digit: string): void {
    this.feed({ type: 'digit', digit });
  }

  /** The call ended: nothing more is played or started. */
  close(): void {
    this.driver.close();
  }

  private feed(event: IvrEvent): void {
    if (this.driver.isClosed) return;
    for (const action of this.dialog.handle(event)) this.perform(action);
  }

  private perform(action: IvrAction): void {
    const driver = this.driver;
    switch (action.type) {
      case 'checkPin':
        return driver.settle(this.effects.checkPin(action.pin), (result) => this.feed({ type: 'pinChecked', result }));
      case 'join':
        return driver.settle(this.effects.join(), () => undefined);
      case 'toggleMute':
        // A confirmation in the call: the dialog does not wait for it to end.
        return driver.settle(this.effects.toggleMute(), (muted) => driver.play(muted ? 'selfMuted' : 'selfUnmuted'));
      case 'raiseHand':
        return this.effects.raiseHand();
      case 'hangup':
        this.close();
        return this.effects.hangup();
      default:
        return driver.perform(action, (event) => this.feed(event));
    }
  }
}
