import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RetryLaterError } from '../core/errors';

/** How many wrong sign-ins are tolerated before signing in has to wait. */
export interface LoginLimits {
  /** Wrong passwords for one account within `windowMs` that lock it for `lockMs` (kept in the database). */
  account: { maxFailures: number; windowMs: number; lockMs: number };
  /** Failed sign-ins from one address, across accounts, within `windowMs`; beyond that the address waits for the window to end. */
  address: { maxFailures: number; windowMs: number };
}

const MINUTE = 60_000;

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  account: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  // An office behind one address may share it; 30 mistakes in 15 minutes is far beyond honest typing.
  address: { maxFailures: 30, windowMs: 15 * MINUTE },
};

/** A sign-in refused because others of the same account or address are still being checked: they may be retried soon. */
const AT_ONCE_RETRY_MS = 1000;

export function tooManyAtOnce(of: 'account' | 'address'): RetryLaterError {
  return new RetryLaterError(
    'RATE_LIMITED',
    `Too many sign-ins ${of === 'account' ? 'to this account' : 'from this address'} at once; try again in a moment`,
    AT_ONCE_RETRY_MS,
  );
}

/**
 * Sign-ins being checked right now (their password is being hashed), per key: an email or an address. A limit
 * counts them before they are answered, so that a burst sent all at once gets no more tries than the same
 * sign-ins sent one after another.
 */
export class InFlight {
  private readonly counts = new Map<string, number>();

  /** Counts one more for `key`; call the returned function once, when that sign-in has been answered. */
  enter(key: string): () => void {
    this.counts.set(key, this.count(key) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const rest = this.count(key) - 1;
      if (rest > 0) this.counts.set(key, rest);
      else this.counts.delete(key);
    };
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * Failed sign-ins per client address (`request.ip`), in memory: an address that failed too often is refused
 * at once with RATE_LIMITED, before any password is hashed, until its window ends. Forgotten on restart
 * (the per-account lock is what persists).
 */
export class AddressLimit {
  private readonly failures: RateLimiterMemory;
  private readonly checking = new InFlight();

  constructor(private readonly rule: LoginLimits['address']) {
    this.failures = new RateLimiterMemory({ keyPrefix: 'login-address', points: rule.maxFailures, duration: rule.windowMs / 1000 });
  }

  /**
   * Admits a sign-in from `address` until the returned function is called, or refuses it: when the address has
   * failed too often, or when its failures so far and its sign-ins still being checked would go beyond the limit.
   */
  async enter(address: string): Promise<() => void> {
    // Counted before the first await, so that sign-ins arriving together see each other.
    const leave = this.checking.enter(address);
    try {
      const state = await this.failures.get(address);
      const failed = state?.consumedPoints ?? 0;
      if (state && failed >= this.rule.maxFailures) {
        throw new RetryLaterError('RATE_LIMITED', 'Too many failed sign-ins from this address; try again later', state.msBeforeNext);
      }
      if (failed + this.checking.count(address) > this.rule.maxFailures) throw tooManyAtOnce('address');
      return leave;
    } catch (error) {
      leave();
      throw error;
    }
  }

  async recordFailure(address: string): Promise<void> {
    await this.failures.penalty(address);
  }
}
