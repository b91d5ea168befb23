import { and, asc, eq, isNull } from 'drizzle-orm';
import { formatPhoneNumber } from '@shared/phone/numbers';
import type { Invite, InviteCard } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { AccessEvents } from '../auth/accessEvents';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { inTransaction } from '../db/transaction';
import { newSecret } from '../db/ids';
import { invites, participants, phoneLines, schedules, venueMembers, venues } from '../db/schema';
import { ensureKeypadNumber } from '../phone/keypadNumbers';
import { assertStillMember } from './participants';

/** The participants' personal invite links: reissued for a lost card, stopped, printed on cards. */
export class InviteService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly publicUrl: string,
    /** Told when a link stops working, so a device in the call with it leaves. */
    private readonly access: AccessEvents,
  ) {}

  /** Revokes the participant's current link for the venue and issues a new one (for a lost card). */
  async reissueInvite(user: AuthUser, participantId: string, venueId: string): Promise<Invite> {
    await this.permissions.assertParticipant(user, participantId);
    this.permissions.assertVenue(user, venueId);
    await this.assertMember(participantId, venueId);
    assertStillMember((await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1))[0]!);
    const token = newSecret();
    const createdAt = new Date();
    await inTransaction(this.db, async (tx) => {
      await tx
        .update(invites)
        .set({ revokedAt: createdAt })
        .where(and(eq(invites.participantId, participantId), eq(invites.venueId, venueId), isNull(invites.revokedAt)));
      await tx.insert(invites).values({ token, participantId, venueId, createdAt });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'invite.reissue',
        entityType: 'participant',
        entityId: participantId,
        after: { venueId },
      });
    });
    this.access.emit('inviteRevoked', participantId);
    return { participantId, token, url: this.inviteUrl(token), createdAt: createdAt.toISOString() };
  }

  async revokeInvites(user: AuthUser, participantId: string): Promise<void> {
    await this.permissions.assertParticipant(user, participantId);
    await inTransaction(this.db, async (tx) => {
      await tx
        .update(invites)
        .set({ revokedAt: new Date() })
        .where(and(eq(invites.participantId, participantId), isNull(invites.revokedAt)));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'invite.revoke',
        entityType: 'participant',
        entityId: participantId,
      });
    });
    this.access.emit('inviteRevoked', participantId);
  }

  /**
   * One card per member of the venue with an active link: name, reading, venue, weekly times and
   * the link. A member whose link was stopped gets no card until a new link is issued on purpose.
   */
  async inviteCards(user: AuthUser, venueId: string): Promise<InviteCard[]> {
    this.permissions.assertVenue(user, venueId);
    const venue = (await this.db.select().from(venues).where(eq(venues.id, venueId)).limit(1))[0]!;
    const weeklyTimes = await this.db
      .select({ weekday: schedules.weekday, startTime: schedules.startTime, endTime: schedules.endTime })
      .from(schedules)
      .where(and(eq(schedules.venueId, venueId), eq(schedules.active, true)))
      .orderBy(asc(schedules.weekday), asc(schedules.startTime));
    const rows = await this.db
      .select({ participant: participants, token: invites.token })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .innerJoin(invites, and(eq(invites.participantId, participants.id), eq(invites.venueId, venueId), isNull(invites.revokedAt)))
      .where(eq(venueMembers.venueId, venueId))
      .orderBy(asc(participants.kana), asc(participants.displayName));
    const line = (await this.db.select({ number: phoneLines.number }).from(phoneLines).where(eq(phoneLines.venueId, venueId)).limit(1))[0];
    // With a telephone number, every card names the person's keypad number (issued now for whoever has none).
    const keypadNumbers = line
      ? await inTransaction(this.db, async (tx) => {
          const now = new Date();
          const numbers = new Map<string, string>();
          for (const { participant: p } of rows)
            numbers.set(p.id, (await ensureKeypadNumber(tx, p.id, p.organisationId, now)).keypadNumber);
          return numbers;
        })
      : undefined;
    return rows.map(({ participant, token }) => ({
      participantId: participant.id,
      displayName: participant.displayName,
      kana: participant.kana,
      venueName: venue.name,
      weeklyTimes,
      url: this.inviteUrl(token),
      phone:
        line && keypadNumbers
          ? { number: line.number, display: formatPhoneNumber(line.number), keypadNumber: keypadNumbers.get(participant.id)! }
          : null,
    }));
  }

  inviteUrl(token: string): string {
    return `${this.publicUrl}/j/${token}`;
  }

  private async assertMember(participantId: string, venueId: string): Promise<void> {
    const member = (
      await this.db
        .select()
        .from(venueMembers)
        .where(and(eq(venueMembers.participantId, participantId), eq(venueMembers.venueId, venueId)))
        .limit(1)
    )[0];
    if (!member) throw new AppError('NOT_FOUND', 'This participant is not in this venue’s group');
  }
}
