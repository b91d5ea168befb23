import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RetryLaterError } from '../errors';

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

/**
 * Failed sign-ins per client address (`request.ip`), in memory: an address that failed too often is refused
 * at once with RATE_LIMITED, before any password is hashed, until its window ends. Forgotten on restart
 * (the per-account lock is what persists).
 */
export class AddressLimit {
  private readonly failures: RateLimiterMemory;

  constructor(private readonly rule: LoginLimits['address']) {
    this.failures = new RateLimiterMemory({ keyPrefix: 'login-address', points: rule.maxFailures, duration: rule.windowMs / 1000 });
  }

  async assertAllowed(address: string): Promise<void> {
    const state = await this.failures.get(address);
    if (state && state.consumedPoints >= this.rule.maxFailures) {
      throw new RetryLaterError('RATE_LIMITED', 'Too many failed sign-ins from this address; try again later', state.msBeforeNext);
    }
  }

  async recordFailure(address: string): Promise<void> {
    await this.failures.penalty(address);
  }
}
