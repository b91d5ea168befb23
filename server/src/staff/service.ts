import { inTransaction } from '../db/transaction';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { InviteStaff, StaffAccessLink, StaffMember, VenueHosts } from '@shared/staff/schemas';
import type { AccessEvents } from '../auth/accessEvents';
import { accessLinkUrl, issueAccessLink } from '../auth/accessLinks';
import { isLocked, type AccountLockout } from '../auth/lockout';
import type { Permissions } from '../auth/permissions';
import { NO_PASSWORD, normaliseEmail, type AuthUser } from '../auth/service';
import { writeAudit } from '../audit/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { authSessions, hostVenues, users, venues } from '../db/schema';
import { AppError } from '../core/errors';

type UserRow = typeof users.$inferSelect;

/**
 * The organisation's staff accounts as its organisers manage them: who they are, locks after wrong
 * passwords, stopping an account, a host's venues. Organisers only (the routes check the role); another
 * organisation's accounts answer 404. Every change is audited and reaches open connections at once.
 */
export class StaffService {
  constructor(
    private readonly db: Db,
    private readonly lockout: AccountLockout,
    private readonly access: AccessEvents,
    private readonly permissions: Permissions,
    /** The address set-password links start with. */
    private readonly publicUrl: string,
  ) {}

  /**
   * Adds an organiser or a host (with their venues) by email and answers their one-time set-password link. An
   * email already in use (in any organisation: it is how one signs in) is CONFLICT on `email`.
   */
  async invite(organiser: AuthUser, input: InviteStaff, now = new Date()): Promise<StaffAccessLink> {
    const email = normaliseEmail(input.email);
    const venueIds = input.role === 'host' ? input.venueIds : [];
    if (input.role === 'organiser' && input.venueIds.length > 0) {
      throw new AppError('NOT_ALLOWED', 'An organiser sees every venue of the organisation', 'venueIds');
    }
    await this.assertOwnVenues(organiser, venueIds);
    if ((await this.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1))[0]) {
      throw new AppError('CONFLICT', 'An account with this email already exists', 'email');
    }
    const id = newId('usr');
    const link = await inTransaction(this.db, async (tx) => {
      const inserted = await tx
        .insert(users)
        .values({
          id,
          organisationId: organiser.organisationId,
          email,
          displayName: input.displayName,
          role: input.role,
          passwordHash: NO_PASSWORD,
        })
        .onConflictDoNothing()
        .returning({ id: users.id });
      // The same email added twice at once: both passed the check above, the second insert finds the first's row.
      if (inserted.length === 0) throw new AppError('CONFLICT', 'An account with this email already exists', 'email');
      for (const venueId of venueIds) await tx.insert(hostVenues).values({ userId: id, venueId });
      await writeAudit(tx, {
        organisationId: organiser.organisationId,
        actorUserId: organiser.id,
        action: 'user.invite',
        entityType: 'user',
        entityId: id,
        after: { email, displayName: input.displayName, role: input.role, venueIds },
      });
      return await issueAccessLink(tx, id, now);
    });
    return await this.withLink(id, link, now);
  }

  /**
   * A new one-time link for someone who forgot their password or lost a device: the old password, sign-ins and
   * links stop at once (open connections too). An organiser cannot reset themself (they change their password).
   */
  async resetAccess(organiser: AuthUser, userId: string, now = new Date()): Promise<StaffAccessLink> {
    const row = await this.findInOrganisation(organiser, userId);
    if (row.id === organiser.id) throw new AppError('NOT_ALLOWED', 'Change your own password on your account page');
    const link = await inTransaction(this.db, async (tx) => {
      await writeAudit(tx, {
        organisationId: organiser.organisationId,
        actorUserId: organiser.id,
        action: 'user.resetAccess',
        entityType: 'user',
        entityId: userId,
      });
      return await issueAccessLink(tx, userId, now);
    });
    this.access.emit('userChanged', userId);
    return await this.withLink(userId, link, now);
  }

  /** Who hosts a venue, names only: for a host of that venue or an organiser (404 otherwise). Stopped accounts are left out. */
  async venueHosts(user: AuthUser, venueId: string): Promise<VenueHosts> {
    this.permissions.assertVenue(user, venueId);
    return await this.db
      .select({ displayName: users.displayName })
      .from(hostVenues)
      .innerJoin(users, eq(users.id, hostVenues.userId))
      .where(and(eq(hostVenues.venueId, venueId), isNull(users.disabledAt)))
      .orderBy(asc(users.displayName));
  }

  async list(organiser: AuthUser, now = new Date()): Promise<StaffMember[]> {
    const rows = await this.db
      .select()
      .from(users)
      .where(eq(users.organisationId, organiser.organisationId))
      .orderBy(asc(users.role), asc(users.displayName));
    const venueRows = rows.length
      ? await this.db
          .select()
          .from(hostVenues)
          .where(
            inArray(
              hostVenues.userId,
              rows.map((r) => r.id),
            ),
          )
      : [];
    return rows.map((row) =>
      toStaffMember(
        row,
        venueRows.filter((v) => v.userId === row.id).map((v) => v.venueId),
        now,
      ),
    );
  }

  /** Lifts a lock after wrong passwords; nothing to do (and nothing audited) when the account is not locked. */
  async liftLockout(organiser: AuthUser, userId: string, now = new Date()): Promise<StaffMember> {
    const row = await this.findInOrganisation(organiser, userId);
    await inTransaction(this.db, async (tx) => await this.lockout.lift(tx, organiser, row, now));
    return await this.member(userId, now);
  }

  /** Stops an account (its sessions end at once) or lets it sign in again. An organiser cannot stop themself. */
  async setDisabled(organiser: AuthUser, userId: string, disabled: boolean, now = new Date()): Promise<StaffMember> {
    const row = await this.findInOrganisation(organiser, userId);
    if (disabled && row.id === organiser.id) throw new AppError('NOT_ALLOWED', 'You cannot stop your own account');
    if (disabled === (row.disabledAt !== null)) return await this.member(userId, now);
    await inTransaction(this.db, async (tx) => {
      await tx
        .update(users)
        .set({ disabledAt: disabled ? now : null })
        .where(eq(users.id, userId));
      if (disabled) await tx.delete(authSessions).where(eq(authSessions.userId, userId));
      await writeAudit(tx, {
        organisationId: organiser.organisationId,
        actorUserId: organiser.id,
        action: disabled ? 'user.disable' : 'user.enable',
        entityType: 'user',
        entityId: userId,
      });
    });
    this.access.emit('userChanged', userId);
    return await this.member(userId, now);
  }

  /** The venues a host runs, replaced as a whole. Every venue must be the organisation's. */
  async setHostVenues(organiser: AuthUser, userId: string, venueIds: string[], now = new Date()): Promise<StaffMember> {
    const row = await this.findInOrganisation(organiser, userId);
    if (row.role !== 'host') throw new AppError('NOT_ALLOWED', 'An organiser sees every venue of the organisation', 'venueIds');
    await this.assertOwnVenues(organiser, venueIds);
    const before = await this.hostVenueIds(userId);
    await inTransaction(this.db, async (tx) => {
      await tx.delete(hostVenues).where(eq(hostVenues.userId, userId));
      for (const venueId of venueIds) await tx.insert(hostVenues).values({ userId, venueId });
      await writeAudit(tx, {
        organisationId: organiser.organisationId,
        actorUserId: organiser.id,
        action: 'user.venues',
        entityType: 'user',
        entityId: userId,
        before: { venueIds: before },
        after: { venueIds },
      });
    });
    this.access.emit('userChanged', userId);
    return await this.member(userId, now);
  }

  private async findInOrganisation(organiser: AuthUser, userId: string): Promise<UserRow> {
    const row = (
      await this.db
        .select()
        .from(users)
        .where(and(eq(users.id, userId), eq(users.organisationId, organiser.organisationId)))
        .limit(1)
    )[0];
    if (!row) throw new AppError('NOT_FOUND', 'No staff account with this id');
    return row;
  }

  private async assertOwnVenues(organiser: AuthUser, venueIds: string[]): Promise<void> {
    if (venueIds.length === 0) return;
    const own = await this.db
      .select({ id: venues.id })
      .from(venues)
      .where(and(inArray(venues.id, venueIds), eq(venues.organisationId, organiser.organisationId)));
    if (own.length !== venueIds.length) throw new AppError('NOT_FOUND', 'No venue with this id', 'venueIds');
  }

  private async hostVenueIds(userId: string): Promise<string[]> {
    return (await this.db.select({ venueId: hostVenues.venueId }).from(hostVenues).where(eq(hostVenues.userId, userId))).map(
      (v) => v.venueId,
    );
  }

  private async withLink(userId: string, link: { token: string; expiresAt: Date }, now: Date): Promise<StaffAccessLink> {
    return {
      member: await this.member(userId, now),
      url: accessLinkUrl(this.publicUrl, link.token),
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  private async member(userId: string, now: Date): Promise<StaffMember> {
    const row = (await this.db.select().from(users).where(eq(users.id, userId)).limit(1))[0]!;
    return toStaffMember(row, await this.hostVenueIds(userId), now);
  }
}

function toStaffMember(row: UserRow, venueIds: string[], now: Date): StaffMember {
  return {
    id: row.id,
    displayName: row.displayName,
    email: row.email,
    role: row.role,
    venueIds: row.role === 'host' ? venueIds : [],
    lockedUntil: isLocked(row, now) ? row.lockedUntil!.toISOString() : null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    passwordSet: row.passwordHash !== NO_PASSWORD,
  };
}
