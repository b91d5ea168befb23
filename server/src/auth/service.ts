import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { CurrentUser, UserRole } from '../../../shared/src/auth/schemas';
import { writeAudit } from '../audit/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { authSessions, hostVenues, organisations, users, venues } from '../db/schema';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from './passwords';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type AuthUser = CurrentUser;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Accounts for organisers and hosts, and their sign-in sessions. Participants never have accounts. */
export class AuthService {
  constructor(private readonly db: Db) {}

  async createUser(input: {
    organisationId: string;
    email: string;
    displayName: string;
    role: UserRole;
    password: string;
    venueIds?: string[];
  }): Promise<string> {
    const id = newId('usr');
    const passwordHash = await hashPassword(input.password);
    this.db.transaction((tx) => {
      tx.insert(users)
        .values({ id, organisationId: input.organisationId, email: normaliseEmail(input.email), displayName: input.displayName, role: input.role, passwordHash })
        .run();
      for (const venueId of input.venueIds ?? []) tx.insert(hostVenues).values({ userId: id, venueId }).run();
    });
    return id;
  }

  /** Checks the password and opens a session; the returned token goes into the cookie. */
  async login(email: string, password: string, now = new Date()): Promise<{ token: string; user: AuthUser }> {
    const row = this.db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
    // Hash even for an unknown email, so the answer takes as long either way.
    const valid = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
    if (!row || !valid) throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password');
    const token = randomBytes(32).toString('base64url');
    this.db
      .insert(authSessions)
      .values({ tokenHash: hashToken(token), userId: row.id, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
      .run();
    this.db.delete(authSessions).where(lt(authSessions.expiresAt, now)).run();
    return { token, user: this.loadUser(row.id) };
  }

  logout(token: string): void {
    this.db.delete(authSessions).where(eq(authSessions.tokenHash, hashToken(token))).run();
  }

  /** The signed-in user for a cookie token, or undefined if it is unknown or expired. */
  userForToken(token: string | undefined, now = new Date()): AuthUser | undefined {
    if (!token) return undefined;
    const session = this.db
      .select({ userId: authSessions.userId })
      .from(authSessions)
      .where(and(eq(authSessions.tokenHash, hashToken(token)), gt(authSessions.expiresAt, now)))
      .get();
    return session ? this.loadUser(session.userId) : undefined;
  }

  /** Changes the password and signs out every other session of the user. */
  async changePassword(user: AuthUser, currentToken: string, currentPassword: string, newPassword: string): Promise<void> {
    const row = this.db.select().from(users).where(eq(users.id, user.id)).get();
    if (!row || !(await verifyPassword(currentPassword, row.passwordHash))) {
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', 'currentPassword');
    }
    const passwordHash = await hashPassword(newPassword);
    this.db.transaction((tx) => {
      tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
      tx.delete(authSessions).where(eq(authSessions.userId, user.id)).run();
      tx.insert(authSessions)
        .values({ tokenHash: hashToken(currentToken), userId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
        .run();
      writeAudit(tx, { organisationId: user.organisationId, actorUserId: user.id, action: 'password.change', entityType: 'user', entityId: user.id });
    });
  }

  private loadUser(userId: string): AuthUser {
    const row = this.db
      .select({ user: users, organisationName: organisations.name })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, userId))
      .get();
    if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const venueRows =
      row.user.role === 'organiser'
        ? this.db.select({ id: venues.id }).from(venues).where(eq(venues.organisationId, row.user.organisationId)).all()
        : this.db.select({ id: hostVenues.venueId }).from(hostVenues).where(eq(hostVenues.userId, userId)).all();
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

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
