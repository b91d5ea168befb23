import { inTransaction } from '../db/transaction';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import type { CurrentUser, UserRole } from '@shared/auth/schemas';
import { writeAudit } from '../audit/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { authSessions, hostVenues, organisations, users, venues } from '../db/schema';
import { AppError } from '../core/errors';
import { AccessEvents } from './accessEvents';
import { AccountLockout } from './lockout';
import { AddressLimit, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './loginLimits';
import type { PasswordHasher } from './passwords';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type AuthUser = CurrentUser;
type UserRow = typeof users.$inferSelect;

/** The sessions table keeps only this hash of a cookie token. */
export const sessionTokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface AuthServiceOptions {
  passwords: PasswordHasher;
  /** Told when a sign-in ends or an account changes, so open connections follow. */
  access?: AccessEvents;
  limits?: LoginLimits;
}

/** Accounts for organisers and hosts, and their sign-in sessions. Participants never have accounts. */
export class AuthService {
  readonly lockout: AccountLockout;
  readonly access: AccessEvents;
  private readonly passwords: PasswordHasher;
  private readonly addresses: AddressLimit;

  constructor(
    private readonly db: Db,
    options: AuthServiceOptions,
  ) {
    const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;
    this.passwords = options.passwords;
    this.access = options.access ?? new AccessEvents();
    this.lockout = new AccountLockout(db, limits.account);
    this.addresses = new AddressLimit(limits.address);
  }

  async createUser(input: {
    organisationId: string;
    email: string;
    displayName: string;
    role: UserRole;
    password: string;
    venueIds?: string[];
  }): Promise<string> {
    const id = newId('usr');
    const passwordHash = await this.passwords.hash(input.password);
    await inTransaction(this.db, async (tx) => {
      await tx.insert(users).values({
        id,
        organisationId: input.organisationId,
        email: normaliseEmail(input.email),
        displayName: input.displayName,
        role: input.role,
        passwordHash,
      });
      for (const venueId of input.venueIds ?? []) await tx.insert(hostVenues).values({ userId: id, venueId });
    });
    return id;
  }

  /**
   * Checks the password and opens a session; the returned token goes into the cookie. An address or an
   * account with too many failures is refused before any hashing (RATE_LIMITED, ACCOUNT_LOCKED), and so is a
   * sign-in that would take it beyond its limit together with the sign-ins still being checked (RATE_LIMITED); a
   * stopped account gets ACCOUNT_DISABLED, but only once the password was right.
   */
  async login(email: string, password: string, address: string, now = new Date()): Promise<{ token: string; user: AuthUser }> {
    const leaveAddress = await this.addresses.enter(address);
    try {
      const row = await this.checkPassword(normaliseEmail(email), password, address, now);
      return await this.openSession(row, now);
    } finally {
      leaveAddress();
    }
  }

  private async checkPassword(email: string, password: string, address: string, now: Date): Promise<UserRow> {
    const row = (await this.db.select().from(users).where(eq(users.email, email)).limit(1))[0];
    try {
      const leaveAccount = await this.lockout.enter(email, row, now);
      try {
        // Hash even for an unknown email, so the answer takes as long either way.
        const valid = await this.passwords.verify(password, row?.passwordHash ?? DUMMY_HASH);
        if (!row || !valid) {
          await this.lockout.recordFailure(email, row, address, now);
          throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password');
        }
        return row;
      } finally {
        leaveAccount();
      }
    } catch (error) {
      if (error instanceof AppError && REFUSED_SIGN_IN.has(error.code)) await this.addresses.recordFailure(address);
      throw error;
    }
  }

  /** Signs in an account that just proved who it is another way (a one-time set-password link). */
  async openSessionFor(userId: string, now = new Date()): Promise<{ token: string; user: AuthUser }> {
    const row = (await this.db.select().from(users).where(eq(users.id, userId)).limit(1))[0];
    if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    return await this.openSession(row, now);
  }

  private async openSession(row: UserRow, now: Date): Promise<{ token: string; user: AuthUser }> {
    if (row.disabledAt) throw new AppError('ACCOUNT_DISABLED', 'This account has been stopped by an organiser');
    await this.lockout.clear(row);
    const token = randomBytes(32).toString('base64url');
    await this.db
      .insert(authSessions)
      .values({ tokenHash: sessionTokenHash(token), userId: row.id, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
    await this.db.delete(authSessions).where(lt(authSessions.expiresAt, now));
    return { token, user: await this.loadUser(row.id) };
  }

  async logout(token: string): Promise<void> {
    const tokenHash = sessionTokenHash(token);
    // `returning`, not SQLite's `changes` (which PostgreSQL's result does not have): the same on both databases.
    const ended = await this.db
      .delete(authSessions)
      .where(eq(authSessions.tokenHash, tokenHash))
      .returning({ tokenHash: authSessions.tokenHash });
    if (ended.length > 0) this.access.emit('sessionEnded', tokenHash);
  }

  /** The signed-in user for a cookie token, or undefined if it is unknown, expired or the account is stopped. */
  async userForToken(token: string | undefined, now = new Date()): Promise<AuthUser | undefined> {
    return token ? await this.userForSession(sessionTokenHash(token), now) : undefined;
  }

  /** The same by the token's hash (what a live connection keeps). */
  async userForSession(tokenHash: string, now = new Date()): Promise<AuthUser | undefined> {
    const session = (
      await this.db
        .select({ userId: authSessions.userId })
        .from(authSessions)
        .innerJoin(users, eq(users.id, authSessions.userId))
        .where(and(eq(authSessions.tokenHash, tokenHash), gt(authSessions.expiresAt, now), isNull(users.disabledAt)))
        .limit(1)
    )[0];
    return session ? await this.loadUser(session.userId) : undefined;
  }

  /** Changes the password and signs out every other session of the user (their open connections too). */
  async changePassword(user: AuthUser, currentToken: string, currentPassword: string, newPassword: string): Promise<void> {
    const row = (await this.db.select().from(users).where(eq(users.id, user.id)).limit(1))[0];
    if (!row || !(await this.passwords.verify(currentPassword, row.passwordHash))) {
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', 'currentPassword');
    }
    const passwordHash = await this.passwords.hash(newPassword);
    const keep = sessionTokenHash(currentToken);
    await inTransaction(this.db, async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
      await tx.delete(authSessions).where(and(eq(authSessions.userId, user.id), ne(authSessions.tokenHash, keep)));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'password.change',
        entityType: 'user',
        entityId: user.id,
      });
    });
    this.access.emit('userChanged', user.id);
  }

  private async loadUser(userId: string): Promise<AuthUser> {
    const row = (
      await this.db
        .select({ user: users, organisationName: organisations.name })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .where(eq(users.id, userId))
        .limit(1)
    )[0];
    if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const venueRows =
      row.user.role === 'organiser'
        ? await this.db.select({ id: venues.id }).from(venues).where(eq(venues.organisationId, row.user.organisationId))
        : await this.db.select({ id: hostVenues.venueId }).from(hostVenues).where(eq(hostVenues.userId, userId));
    return {
      id: row.user.id,
      email: row.user.email,
      displayName: row.user.displayName,
      role: row.user.role,
      organisationId: row.user.organisationId,
      organisationName: row.organisationName,
      venueIds: venueRows.map((v) => v.id),
    };
  }
}

/** Answers that count as a failed sign-in for the address limit. */
const REFUSED_SIGN_IN: ReadonlySet<string> = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * The stored password of an account that has none yet (new, or its access was reset): a well-formed hash no
 * password matches, so a sign-in is checked (and takes as long) as for any other account, and is refused.
 */
export const NO_PASSWORD = DUMMY_HASH;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
