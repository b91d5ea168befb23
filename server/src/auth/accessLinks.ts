import { inTransaction } from '../db/transaction';
import { and, eq, isNull } from 'drizzle-orm';
import { ACCESS_LINK_TTL_HOURS, type AccessLinkInfo } from '@shared/auth/schemas';
import { writeAudit } from '../audit/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newSecret } from '../db/ids';
import { accessLinks, authSessions, organisations, users } from '../db/schema';
import type { AccessEvents } from './accessEvents';
import type { PasswordHasher } from './passwords';
import { NO_PASSWORD, sessionTokenHash, type AuthService, type AuthUser } from './service';

export const ACCESS_LINK_TTL_MS = ACCESS_LINK_TTL_HOURS * 60 * 60 * 1000;

type DbOrTx = Pick<Db, 'insert' | 'delete' | 'update'>;

/** The address of a set-password link (the client's `/welcome/:token` page). */
export function accessLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/welcome/${token}`;
}

/**
 * Ends an account's way in and gives it a new one-time link: its password no longer works, its sign-ins and its
 * older links end. Pass the transaction of the change (a new account, reset access); emit `userChanged` after it
 * commits so that open connections follow. Answers the link's token (shown once; only its hash is kept).
 */
export async function issueAccessLink(tx: DbOrTx, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + ACCESS_LINK_TTL_MS);
  await tx.update(users).set({ passwordHash: NO_PASSWORD }).where(eq(users.id, userId));
  await tx.delete(authSessions).where(eq(authSessions.userId, userId));
  await tx.delete(accessLinks).where(eq(accessLinks.userId, userId));
  await tx.insert(accessLinks).values({ tokenHash: sessionTokenHash(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The one-time set-password links as their holder uses them: look at one, set the password once, signed in. */
export class AccessLinks {
  constructor(
    private readonly db: Db,
    private readonly passwords: PasswordHasher,
    private readonly auth: AuthService,
    private readonly access: AccessEvents,
  ) {}

  /** Whose link this is and whether it still works; an unknown (or replaced) link is INVALID_TOKEN (404). */
  async describe(token: string, now = new Date()): Promise<AccessLinkInfo> {
    const row = await this.find(token);
    return {
      state: linkState(row.link, now),
      displayName: row.user.displayName,
      email: row.user.email,
      organisationName: row.organisationName,
      expiresAt: row.link.expiresAt.toISOString(),
    };
  }

  /**
   * Sets the password with a link that still works, once: the link is spent in the same transaction (a second
   * use, even at the same moment, is refused with CONFLICT), a lock is lifted, and the holder is signed in.
   */
  async setPassword(token: string, password: string, now = new Date()): Promise<{ token: string; user: AuthUser }> {
    const { link, user } = await this.find(token);
    assertUsable(link, now);
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED', 'This account has been stopped by an organiser');
    const passwordHash = await this.passwords.hash(password);
    await inTransaction(this.db, async (tx) => {
      const spent = await tx
        .update(accessLinks)
        .set({ usedAt: now })
        .where(and(eq(accessLinks.tokenHash, link.tokenHash), isNull(accessLinks.usedAt)))
        .returning({ tokenHash: accessLinks.tokenHash });
      if (spent.length === 0) throw new AppError('CONFLICT', 'This link has already been used', 'token');
      await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'password.set',
        entityType: 'user',
        entityId: user.id,
      });
    });
    this.access.emit('userChanged', user.id);
    return await this.auth.openSessionFor(user.id, now);
  }

  private async find(token: string) {
    const row = (
      await this.db
        .select({ link: accessLinks, user: users, organisationName: organisations.name })
        .from(accessLinks)
        .innerJoin(users, eq(users.id, accessLinks.userId))
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .where(eq(accessLinks.tokenHash, sessionTokenHash(token)))
        .limit(1)
    )[0];
    if (!row) throw new AppError('INVALID_TOKEN', 'This link does not work (it was replaced or never existed)', 'token');
    return row;
  }
}

type LinkRow = typeof accessLinks.$inferSelect;

function linkState(link: LinkRow, now: Date): AccessLinkInfo['state'] {
  if (link.usedAt) return 'used';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}

function assertUsable(link: LinkRow, now: Date): void {
  const state = linkState(link, now);
  if (state === 'used') throw new AppError('CONFLICT', 'This link has already been used', 'token');
  if (state === 'expired') throw new AppError('CONFLICT', 'This link has expired', 'token');
}
