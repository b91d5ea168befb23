import { inTransaction } from '../db/transaction';
import { eq } from 'drizzle-orm';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { writeAudit } from '../audit/service';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { RetryLaterError } from '../core/errors';
import { InFlight, tooManyAtOnce, type LoginLimits } from './loginLimits';

type UserRow = typeof users.$inferSelect;
type FailureState = Pick<UserRow, 'failedLogins' | 'failedLoginsSince' | 'lockedUntil'>;
type Rule = LoginLimits['account'];
type Tx = Db;

/**
 * The lock of an account after too many wrong passwords, kept on the user row so that it survives a
 * restart and the organiser sees (and may lift) it. An unknown email is locked the same way in memory,
 * so the answers do not tell which emails have accounts.
 */
export class AccountLockout {
  private readonly unknownEmails: RateLimiterMemory;
  private readonly checking = new InFlight();

  constructor(
    private readonly db: Db,
    private readonly rule: Rule,
  ) {
    // Points are the failures allowed before the one that locks; that one blocks the key for lockMs.
    this.unknownEmails = new RateLimiterMemory({
      keyPrefix: 'login-unknown-email',
      points: rule.maxFailures - 1,
      duration: rule.windowMs / 1000,
      blockDuration: rule.lockMs / 1000,
    });
  }

  /**
   * Admits a sign-in of `email` until the returned function is called, or refuses it before any hashing, whatever
   * the password: ACCOUNT_LOCKED while the account (or the unknown email) is locked, RATE_LIMITED while its recent
   * failures and its sign-ins still being checked would go beyond the lock (a burst of wrong passwords sent at once
   * gets no more tries than a series).
   */
  async enter(email: string, row: UserRow | undefined, now: Date): Promise<() => void> {
    // Counted before the first await, so that sign-ins arriving together see each other.
    const leave = this.checking.enter(email);
    try {
      const failed = row ? recentFailures(row, this.rule, now) : await this.unknownEmailFailures(email);
      if (failed + this.checking.count(email) > this.rule.maxFailures) throw tooManyAtOnce('account');
      return leave;
    } catch (error) {
      leave();
      throw error;
    }
  }

  private async unknownEmailFailures(email: string): Promise<number> {
    const state = await this.unknownEmails.get(email);
    if (state && state.consumedPoints >= this.rule.maxFailures) throw accountLocked(state.msBeforeNext);
    return state?.consumedPoints ?? 0;
  }

  /** Counts a wrong password. The one that reaches the limit locks the account (audited) and throws ACCOUNT_LOCKED. */
  async recordFailure(email: string, row: UserRow | undefined, address: string, now: Date): Promise<void> {
    if (!row) {
      const blocked = await this.unknownEmails.consume(email).then(
        () => null,
        (result: unknown) => {
          if (result instanceof RateLimiterRes) return result;
          throw result;
        },
      );
      if (blocked) throw accountLocked(blocked.msBeforeNext);
      return;
    }
    // The row as it is now, not as it was before the hashing: other sign-ins may have counted or locked meanwhile.
    const current = (await this.db.select().from(users).where(eq(users.id, row.id)).limit(1))[0];
    if (!current) return;
    if (isLocked(current, now)) throw accountLocked(current.lockedUntil!.getTime() - now.getTime());
    const next = countFailure(current, this.rule, now);
    await inTransaction(this.db, async (tx) => {
      await tx.update(users).set(next).where(eq(users.id, row.id));
      if (next.lockedUntil) {
        await writeAudit(tx, {
          organisationId: row.organisationId,
          actorUserId: null,
          action: 'user.lock',
          entityType: 'user',
          entityId: row.id,
          after: { lockedUntil: next.lockedUntil.toISOString(), failedLogins: this.rule.maxFailures, address },
        });
      }
    });
    if (next.lockedUntil) throw accountLocked(next.lockedUntil.getTime() - now.getTime());
  }

  /** The right password: the count starts again (read now: other sign-ins may have counted since `row` was read). */
  async clear(row: UserRow): Promise<void> {
    const current = (await this.db.select().from(users).where(eq(users.id, row.id)).limit(1))[0];
    if (!current || (current.failedLogins === 0 && !current.lockedUntil && !current.failedLoginsSince)) return;
    await this.db.update(users).set(UNLOCKED).where(eq(users.id, row.id));
  }

  /** An organiser lifts a lock that is still running (audited in the same transaction); false when there was none. */
  async lift(tx: Tx, actor: { id: string; organisationId: string }, row: UserRow, now: Date): Promise<boolean> {
    if (!isLocked(row, now)) return false;
    await tx.update(users).set(UNLOCKED).where(eq(users.id, row.id));
    await writeAudit(tx, {
      organisationId: actor.organisationId,
      actorUserId: actor.id,
      action: 'user.unlock',
      entityType: 'user',
      entityId: row.id,
      before: { lockedUntil: row.lockedUntil!.toISOString() },
    });
    return true;
  }
}

const UNLOCKED: FailureState = { failedLogins: 0, failedLoginsSince: null, lockedUntil: null };

export function isLocked(row: Pick<UserRow, 'lockedUntil'>, now: Date): boolean {
  return row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime();
}

/** Wrong passwords that still count toward the lock; throws ACCOUNT_LOCKED while the account is locked. */
function recentFailures(row: UserRow, rule: Rule, now: Date): number {
  if (isLocked(row, now)) throw accountLocked(row.lockedUntil!.getTime() - now.getTime());
  const since = row.failedLoginsSince;
  return since !== null && now.getTime() - since.getTime() < rule.windowMs ? row.failedLogins : 0;
}

/** The failure count after one more wrong password: a new window once the old one has passed; a lock at the limit. */
export function countFailure(row: FailureState, rule: Rule, now: Date): FailureState {
  const since = row.failedLoginsSince;
  const inWindow = since !== null && now.getTime() - since.getTime() < rule.windowMs;
  const failedLogins = inWindow ? row.failedLogins + 1 : 1;
  if (failedLogins >= rule.maxFailures) return { ...UNLOCKED, lockedUntil: new Date(now.getTime() + rule.lockMs) };
  return { failedLogins, failedLoginsSince: inWindow ? since : now, lockedUntil: null };
}

function accountLocked(retryAfterMs: number): RetryLaterError {
  return new RetryLaterError(
    'ACCOUNT_LOCKED',
    'Too many wrong passwords: this account is locked for a while, or until an organiser lifts the lock',
    retryAfterMs,
  );
}
