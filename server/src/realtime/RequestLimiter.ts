import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { requestBudgets, type BudgetName, type RequestBudget } from '@shared/call/budgets';
import type { Window } from './limits';

/** `undefined`: admitted; a number: over budget, retry after this many milliseconds. */
export type Admission = number | undefined;

/** A fixed-window counter per key (rate-limiter-flexible's memory store; its Redis store would share counts between servers). */
export class WindowLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(name: string, window: Window) {
    this.limiter = new RateLimiterMemory({ keyPrefix: name, points: window.points, duration: window.seconds });
  }

  async admit(key: string): Promise<Admission> {
    try {
      await this.limiter.consume(key);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(rejection.msBeforeNext, 1);
      throw rejection;
    }
  }

  /** Drops the count of a key that cannot come back (a closed socket's id), so memory does not wait for the window. */
  async forget(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/** The per-peer request budgets of shared/src/call/budgets.ts, one limiter per budget. */
export class RequestLimiter {
  private readonly limiters: Record<BudgetName, WindowLimiter>;

  constructor(budgets: Record<BudgetName, RequestBudget> = requestBudgets) {
    const entries = (Object.keys(budgets) as BudgetName[]).map((name) => [name, new WindowLimiter(`request:${name}`, budgets[name])]);
    this.limiters = Object.fromEntries(entries) as Record<BudgetName, WindowLimiter>;
  }

  admit(budget: BudgetName, key: string): Promise<Admission> {
    return this.limiters[budget].admit(key);
  }

  /** Drops every budget's count of `key`. */
  async forget(key: string): Promise<void> {
    await Promise.all(Object.values(this.limiters).map((limiter) => limiter.forget(key)));
  }
}
