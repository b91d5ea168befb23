import type { PromptAction, PromptEvent } from './dialogDriver';

/**
 * What a telephone caller hears and keys, as a state machine without I/O: the bridge feeds it events (the call
 * started, a key, a prompt finished, a timer fired, the keypad number was checked) and carries out the actions it
 * returns (play a prompt, start a timer, check a number, join the gathering, hang up). Kept pure so that every path
 * an older caller can take is tested without a telephone.
 */

export const IVR_PROMPTS = [
  'welcome',
  'enterPin',
  'wrongPinRetry',
  'wrongPinGoodbye',
  'noGathering',
  'joined',
  'selfMuted',
  'selfUnmuted',
  'handRaised',
  'goodbye',
] as const;
export type IvrPrompt = (typeof IVR_PROMPTS)[number];

/** The keypad number on the invite card: 4 to 6 digits (6 today; shorter ones end with #). */
export const PIN_DIGITS = { min: 4, max: 6 } as const;

export const IVR_TIMERS = {
  /** After 「番号を押してください」, for the first key. */
  firstDigitMs: 15_000,
  /** Between keys of the number (older callers read it off the card one digit at a time). */
  nextDigitMs: 8_000,
  /** Between * and 6 of the mute code. */
  codeMs: 3_000,
} as const;

/** How the caller was found (or not) before anything is played. */
export type CallerLookup =
  | { kind: 'known' } // the calling number is registered and today's gathering is open
  | { kind: 'unknown' } // not registered (or withheld): ask for the keypad number
  | { kind: 'noGathering' } // registered, but nothing to join now (not yet open, ended, cancelled, paused)
  | { kind: 'handedOff' }; // greeted and found by another node, which handed the call here: straight in

export type PinCheck = 'ok' | 'wrong' | 'noGathering' | 'limited';

export type IvrEvent =
  { type: 'start'; lookup: CallerLookup } | { type: 'digit'; digit: string } | PromptEvent | { type: 'pinChecked'; result: PinCheck };

export type IvrAction =
  | PromptAction<IvrPrompt>
  | { type: 'checkPin'; pin: string }
  | { type: 'join' }
  | { type: 'toggleMute' }
  | { type: 'raiseHand' }
  | { type: 'hangup' };

type State =
  | { name: 'idle' }
  | { name: 'greeting'; next: 'join' | 'askPin' }
  | { name: 'askingPin'; digits: string; failures: number }
  | { name: 'checkingPin'; failures: number }
  | { name: 'joining' }
  | { name: 'inCall'; code: string }
  | { name: 'leaving' }
  | { name: 'ended' };

const play = (prompt: IvrPrompt): IvrAction => ({ type: 'play', prompt });
const timer = (ms: number): IvrAction => ({ type: 'startTimer', ms });
const isKey = (digit: string) => /^[0-9*#]$/.test(digit);

/** One caller's way through greeting, keypad number and the call's keypad commands. */
export class IvrDialog {
  private state: State = { name: 'idle' };

  get stateName(): State['name'] {
    return this.state.name;
  }

  handle(event: IvrEvent): IvrAction[] {
    if (this.state.name === 'ended') return [];
    if (event.type === 'digit' && !isKey(event.digit)) return [];
    switch (this.state.name) {
      case 'idle':
        return event.type === 'start' ? this.start(event.lookup) : [];
      case 'greeting':
        return event.type === 'promptDone' ? this.afterGreeting(this.state.next) : [];
      case 'askingPin':
        return this.whileAskingPin(this.state, event);
      case 'checkingPin':
        return event.type === 'pinChecked' ? this.afterPinCheck(this.state.failures, event.result) : [];
      case 'joining':
        return event.type === 'promptDone' ? this.enterCall() : [];
      case 'inCall':
        return this.whileInCall(this.state, event);
      case 'leaving':
        return event.type === 'promptDone' ? this.end() : [];
    }
  }

  private start(lookup: CallerLookup): IvrAction[] {
    if (lookup.kind === 'noGathering') return this.leave('noGathering');
    if (lookup.kind === 'handedOff') return this.join();
    this.state = { name: 'greeting', next: lookup.kind === 'known' ? 'join' : 'askPin' };
    return [play('welcome')];
  }

  private afterGreeting(next: 'join' | 'askPin'): IvrAction[] {
    if (next === 'join') return this.join();
    return this.askPin(0, 'enterPin');
  }

  private askPin(failures: number, prompt: IvrPrompt): IvrAction[] {
    this.state = { name: 'askingPin', digits: '', failures };
    return [play(prompt), timer(IVR_TIMERS.firstDigitMs)];
  }

  private whileAskingPin(state: Extract<State, { name: 'askingPin' }>, event: IvrEvent): IvrAction[] {
    if (event.type === 'timeout') return state.digits.length >= PIN_DIGITS.min ? this.checkPin(state) : this.pinFailed(state.failures);
    if (event.type !== 'digit') return [];
    // A key while the prompt still plays: the caller knows what to do, so the prompt stops.
    const stop: IvrAction = { type: 'stopPrompt' };
    if (event.digit === '#') {
      return state.digits.length >= PIN_DIGITS.min ? [stop, ...this.checkPin(state)] : [stop, ...this.pinFailed(state.failures)];
    }
    if (event.digit === '*') {
      state.digits = '';
      return [stop, timer(IVR_TIMERS.firstDigitMs)];
    }
    state.digits += event.digit;
    if (state.digits.length === PIN_DIGITS.max) return [stop, ...this.checkPin(state)];
    return [stop, timer(IVR_TIMERS.nextDigitMs)];
  }

  private checkPin(state: Extract<State, { name: 'askingPin' }>): IvrAction[] {
    this.state = { name: 'checkingPin', failures: state.failures };
    return [{ type: 'cancelTimer' }, { type: 'checkPin', pin: state.digits }];
  }

  /** One retry, then a kind goodbye. */
  private pinFailed(failures: number): IvrAction[] {
    if (failures + 1 >= 2) return [{ type: 'cancelTimer' }, ...this.leave('wrongPinGoodbye')];
    return [{ type: 'cancelTimer' }, ...this.askPin(failures + 1, 'wrongPinRetry')];
  }

  private afterPinCheck(failures: number, result: PinCheck): IvrAction[] {
    if (result === 'ok') return this.join();
    if (result === 'noGathering') return this.leave('noGathering');
    if (result === 'limited') return this.leave('wrongPinGoodbye');
    return this.pinFailed(failures);
  }

  private join(): IvrAction[] {
    this.state = { name: 'joining' };
    return [play('joined')];
  }

  private enterCall(): IvrAction[] {
    this.state = { name: 'inCall', code: '' };
    return [{ type: 'join' }];
  }

  /** In the call: `*6` mutes or unmutes oneself, `#` raises a hand; anything else is ignored. */
  private whileInCall(state: Extract<State, { name: 'inCall' }>, event: IvrEvent): IvrAction[] {
    if (event.type === 'timeout') {
      state.code = '';
      return [];
    }
    if (event.type !== 'digit') return [];
    if (state.code === '*') {
      state.code = '';
      return event.digit === '6' ? [{ type: 'cancelTimer' }, { type: 'toggleMute' }] : [{ type: 'cancelTimer' }];
    }
    if (event.digit === '*') {
      state.code = '*';
      return [timer(IVR_TIMERS.codeMs)];
    }
    if (event.digit === '#') return [{ type: 'raiseHand' }, play('handRaised')];
    return [];
  }

  private leave(prompt: IvrPrompt): IvrAction[] {
    this.state = { name: 'leaving' };
    return [play(prompt)];
  }

  private end(): IvrAction[] {
    this.state = { name: 'ended' };
    return [{ type: 'hangup' }];
  }
}
