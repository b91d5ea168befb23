import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Wrong keypad numbers tolerated within a window, per caller and per line (the IVR itself allows one retry per call). */
export interface KeypadLimits {
  /** Per calling number, on every line (withheld numbers share one count per line). */
  caller: { maxFailures: number; windowMs: number };
  /** Per dialled number, across callers: bounds a slow guess from many numbers. */
  line: { maxFailures: number; windowMs: number };
}

const MINUTE = 60_000;

export const DEFAULT_KEYPAD_LIMITS: KeypadLimits = {
  caller: { maxFailures: 5, windowMs: 15 * MINUTE },
  line: { maxFailures: 30, windowMs: 15 * MINUTE },
};

/**
 * Keypad-number attempts, counted before they are checked (so calls arriving together cannot share one try) and
 * given back when right. In memory: forgotten on restart, which only ever resets a window early.
 */
export class KeypadAttempts {
  private readonly callers: RateLimiterMemory;
  private readonly lines: RateLimiterMemory;

  constructor(private readonly limits: KeypadLimits = DEFAULT_KEYPAD_LIMITS) {
    this.callers = new RateLimiterMemory({
      keyPrefix: 'keypad-caller',
      points: limits.caller.maxFailures,
      duration: limits.caller.windowMs / 1000,
    });
    this.lines = new RateLimiterMemory({
      keyPrefix: 'keypad-line',
      points: limits.line.maxFailures,
      duration: limits.line.windowMs / 1000,
    });
  }

  /** Counts one attempt; false (and no check may follow) when the caller or the line is over its limit. */
  async begin(line: string, caller: string | null): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const [byCaller, byLine] = await Promise.all([this.callers.penalty(callerKey(line, caller)), this.lines.penalty(line)]);
    const over = [
      byCaller.consumedPoints > this.limits.caller.maxFailures ? byCaller.msBeforeNext : 0,
      byLine.consumedPoints > this.limits.line.maxFailures ? byLine.msBeforeNext : 0,
    ];
    return { allowed: over.every((ms) => ms === 0), retryAfterMs: Math.max(...over) };
  }

  /** The attempt was right: it does not count. */
  async succeeded(line: string, caller: string | null): Promise<void> {
    await Promise.all([this.callers.reward(callerKey(line, caller)), this.lines.reward(line)]);
  }
}

const callerKey = (line: string, caller: string | null) => caller ?? `withheld|${line}`;
