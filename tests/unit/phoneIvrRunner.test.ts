import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IVR_TIMERS, type IvrPrompt, type PinCheck } from '../../server/src/phone/ivr';
import { IvrRunner, type IvrEffects, type IvrLine } from '../../server/src/phone/ivrRunner';

/** A line whose prompts finish when the test says so (or are stopped), recording what was played. */
class ScriptedLine implements IvrLine {
  readonly played: IvrPrompt[] = [];
  stops = 0;
  private finish: (() => void) | undefined;

  play(prompt: IvrPrompt): Promise<void> {
    this.played.push(prompt);
    return new Promise((resolve) => (this.finish = resolve));
  }

  stopPrompt(): void {
    this.stops++;
    this.finish?.();
  }

  async finishPrompt(): Promise<void> {
    this.finish?.();
    await flush();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(pinResults: PinCheck[] = []) {
  const line = new ScriptedLine();
  const calls: string[] = [];
  let muted = false;
  const effects: IvrEffects = {
    checkPin: (pin) => {
      calls.push(`checkPin ${pin}`);
      return Promise.resolve(pinResults.shift() ?? 'wrong');
    },
    join: () => {
      calls.push('join');
      return Promise.resolve();
    },
    toggleMute: () => {
      muted = !muted;
      calls.push(`muted ${muted}`);
      return Promise.resolve(muted);
    },
    raiseHand: () => calls.push('hand'),
    hangup: () => calls.push('hangup'),
  };
  const errors: unknown[] = [];
  const runner = new IvrRunner(line, effects, (error) => errors.push(error));
  const keys = async (digits: string) => {
    for (const digit of digits) runner.digit(digit);
    await flush();
  };
  return { line, calls, runner, errors, effects, keys };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the telephone dialog, run on a line', () => {
  it('greets a caller found by number, and joins them once 「参加しました」 has finished', async () => {
    const { line, calls, runner } = setup();
    runner.start({ kind: 'known' });
    expect(line.played).toEqual(['welcome']);
    await line.finishPrompt();
    expect(line.played).toEqual(['welcome', 'joined']);
    expect(calls).toEqual([]);
    await line.finishPrompt();
    expect(calls).toEqual(['join']);
  });

  it('checks the keyed number, and a key during the prompt stops it without counting as the prompt finishing', async () => {
    const { line, calls, runner, keys } = setup(['ok']);
    runner.start({ kind: 'unknown' });
    await line.finishPrompt();
    expect(line.played.at(-1)).toBe('enterPin');
    await keys('123456');
    expect(line.stops).toBeGreaterThan(0);
    expect(calls).toEqual(['checkPin 123456']);
    expect(line.played.at(-1)).toBe('joined');
    await line.finishPrompt();
    expect(calls).toEqual(['checkPin 123456', 'join']);
  });

  it('after the wait for the first key runs out, asks once more; silence again says goodbye and hangs up', async () => {
    const { line, calls, runner } = setup();
    runner.start({ kind: 'unknown' });
    await line.finishPrompt();
    await line.finishPrompt(); // 「番号を押してください」 finished; nobody keys anything
    vi.advanceTimersByTime(IVR_TIMERS.firstDigitMs);
    expect(line.played.at(-1)).toBe('wrongPinRetry');
    await line.finishPrompt();
    vi.advanceTimersByTime(IVR_TIMERS.firstDigitMs);
    expect(line.played.at(-1)).toBe('wrongPinGoodbye');
    expect(calls).toEqual([]);
    await line.finishPrompt();
    expect(calls).toEqual(['hangup']);
  });

  it('in the call, *6 mutes then unmutes and says which, and # raises a hand', async () => {
    const { line, calls, runner, keys } = setup();
    runner.start({ kind: 'known' });
    await line.finishPrompt();
    await line.finishPrompt();
    await keys('*6');
    expect(line.played.at(-1)).toBe('selfMuted');
    await keys('*6');
    expect(line.played.at(-1)).toBe('selfUnmuted');
    await keys('#');
    expect(calls).toEqual(['join', 'muted true', 'muted false', 'hand']);
    expect(line.played.at(-1)).toBe('handRaised');
  });

  it('ends the call (not silence) when checking the number fails, and reports the error', async () => {
    const { line, calls, runner, errors, effects, keys } = setup();
    effects.checkPin = () => Promise.reject(new Error('database is locked'));
    runner.start({ kind: 'unknown' });
    await line.finishPrompt();
    await keys('123456');
    expect(errors).toHaveLength(1);
    expect(calls).toEqual(['hangup']);
  });

  it('once closed, plays nothing more and fires no timer', async () => {
    const { line, calls, runner, keys } = setup();
    runner.start({ kind: 'unknown' });
    await line.finishPrompt();
    runner.close();
    const played = line.played.length;
    vi.advanceTimersByTime(IVR_TIMERS.firstDigitMs * 2);
    await keys('123456');
    expect(line.played).toHaveLength(played);
    expect(calls).toEqual([]);
  });
});
