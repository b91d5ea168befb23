import { describe, expect, it } from 'vitest';
import { IVR_TIMERS, IvrDialog, type IvrAction, type IvrEvent } from '../../server/src/phone/ivr';

const keys = (dialog: IvrDialog, digits: string): IvrAction[] => [...digits].flatMap((digit) => dialog.handle({ type: 'digit', digit }));
const prompts = (actions: IvrAction[]) => actions.flatMap((a) => (a.type === 'play' ? [a.prompt] : []));
const step = (dialog: IvrDialog, ...events: IvrEvent[]) => events.flatMap((event) => dialog.handle(event));

/** A caller who is not recognised, after the greeting: 「番号を押してください」 is playing. */
function askedForPin(): IvrDialog {
  const dialog = new IvrDialog();
  step(dialog, { type: 'start', lookup: { kind: 'unknown' } }, { type: 'promptDone' });
  expect(dialog.stateName).toBe('askingPin');
  return dialog;
}

describe('a telephone caller', () => {
  it('whose number is registered hears the welcome and joined prompts, then is in the call without a key', () => {
    const dialog = new IvrDialog();
    expect(dialog.handle({ type: 'start', lookup: { kind: 'known' } })).toEqual([{ type: 'play', prompt: 'welcome' }]);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'play', prompt: 'joined' }]);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'join' }]);
    expect(dialog.stateName).toBe('inCall');
  });

  it('handed over by another node (greeted there) hears only the joined prompt, then is in the call', () => {
    const dialog = new IvrDialog();
    expect(dialog.handle({ type: 'start', lookup: { kind: 'handedOff' } })).toEqual([{ type: 'play', prompt: 'joined' }]);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'join' }]);
    expect(dialog.stateName).toBe('inCall');
  });

  it('with nothing to join now hears why, then the call ends', () => {
    const dialog = new IvrDialog();
    expect(prompts(dialog.handle({ type: 'start', lookup: { kind: 'noGathering' } }))).toEqual(['noGathering']);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'hangup' }]);
    expect(dialog.handle({ type: 'digit', digit: '1' })).toEqual([]);
  });

  it('who is not recognised is asked for the number, with a long wait for the first key', () => {
    const dialog = new IvrDialog();
    step(dialog, { type: 'start', lookup: { kind: 'unknown' } });
    expect(dialog.handle({ type: 'promptDone' })).toEqual([
      { type: 'play', prompt: 'enterPin' },
      { type: 'startTimer', ms: IVR_TIMERS.firstDigitMs },
    ]);
  });

  it('keys six digits: the number is checked at the sixth, the prompt stops at the first key', () => {
    const dialog = askedForPin();
    const first = dialog.handle({ type: 'digit', digit: '1' });
    expect(first).toEqual([{ type: 'stopPrompt' }, { type: 'startTimer', ms: IVR_TIMERS.nextDigitMs }]);
    const rest = keys(dialog, '23456');
    expect(rest.filter((a) => a.type === 'checkPin')).toEqual([{ type: 'checkPin', pin: '123456' }]);
    expect(dialog.handle({ type: 'pinChecked', result: 'ok' })).toEqual([{ type: 'play', prompt: 'joined' }]);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'join' }]);
  });

  it('may end a shorter number with #, and * starts the number again', () => {
    const dialog = askedForPin();
    keys(dialog, '99*');
    const actions = keys(dialog, '4321#');
    expect(actions.filter((a) => a.type === 'checkPin')).toEqual([{ type: 'checkPin', pin: '4321' }]);
  });

  it('with a wrong number hears a kind retry once; a second wrong number ends the call with a goodbye', () => {
    const dialog = askedForPin();
    keys(dialog, '111111');
    expect(prompts(dialog.handle({ type: 'pinChecked', result: 'wrong' }))).toEqual(['wrongPinRetry']);
    expect(dialog.stateName).toBe('askingPin');
    keys(dialog, '222222');
    expect(prompts(dialog.handle({ type: 'pinChecked', result: 'wrong' }))).toEqual(['wrongPinGoodbye']);
    expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'hangup' }]);
  });

  it('who keys nothing, or too few digits before #, counts as one wrong try', () => {
    const dialog = askedForPin();
    expect(prompts(dialog.handle({ type: 'timeout' }))).toEqual(['wrongPinRetry']);
    expect(prompts(keys(dialog, '12#'))).toEqual(['wrongPinGoodbye']);
  });

  it('who paused after four digits has them checked when the wait runs out', () => {
    const dialog = askedForPin();
    keys(dialog, '5678');
    expect(dialog.handle({ type: 'timeout' })).toContainEqual({ type: 'checkPin', pin: '5678' });
  });

  it('held back by the attempt limit, or with no gathering for the number, is told and the call ends', () => {
    for (const [result, prompt] of [
      ['limited', 'wrongPinGoodbye'],
      ['noGathering', 'noGathering'],
    ] as const) {
      const dialog = askedForPin();
      keys(dialog, '123456');
      expect(prompts(dialog.handle({ type: 'pinChecked', result }))).toEqual([prompt]);
      expect(dialog.handle({ type: 'promptDone' })).toEqual([{ type: 'hangup' }]);
    }
  });

  it('ignores anything that is not a keypad key, and keys pressed while the number is being checked', () => {
    const dialog = askedForPin();
    expect(dialog.handle({ type: 'digit', digit: 'A' })).toEqual([]);
    keys(dialog, '123456');
    expect(keys(dialog, '7#')).toEqual([]);
    expect(dialog.stateName).toBe('checkingPin');
  });
});

describe('a telephone caller in the call', () => {
  const inCall = () => {
    const dialog = new IvrDialog();
    step(dialog, { type: 'start', lookup: { kind: 'known' } }, { type: 'promptDone' }, { type: 'promptDone' });
    return dialog;
  };

  it('mutes and unmutes with *6', () => {
    const dialog = inCall();
    expect(keys(dialog, '*6')).toContainEqual({ type: 'toggleMute' });
    expect(keys(dialog, '*6')).toContainEqual({ type: 'toggleMute' });
  });

  it('raises a hand with #, and hears that it was raised', () => {
    expect(keys(inCall(), '#')).toEqual([{ type: 'raiseHand' }, { type: 'play', prompt: 'handRaised' }]);
  });

  it('does nothing with other keys, * and another key, or * left alone until the wait runs out', () => {
    const dialog = inCall();
    expect(keys(dialog, '5').some((a) => a.type === 'toggleMute')).toBe(false);
    expect(keys(dialog, '*7').some((a) => a.type === 'toggleMute')).toBe(false);
    step(dialog, { type: 'digit', digit: '*' }, { type: 'timeout' });
    expect(keys(dialog, '6').some((a) => a.type === 'toggleMute')).toBe(false);
  });
});
