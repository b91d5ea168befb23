import { inTransaction } from '../db/transaction';
import { and, eq, isNull, like, or } from 'drizzle-orm';
import { jsonWithoutFields } from '../db/dialect';
import type { z } from 'zod';
import { japanToday } from '@shared/japanTime';
import type { MoveParticipant, Participant, PauseParticipant } from '@shared/venues/schemas';
import { auditParticipantChange } from '../audit/service';
import type { AccessEvents } from '../auth/accessEvents';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { deleteWellbeingAnswers } from '../checkins/consent';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import type { LetterErasure } from '../letters/retention';
import { newId } from '../db/ids';
import {
  auditLog,
  invites,
  participantPauses,
  participantPhoneNumbers,
  participants,
  phoneKeypadNumbers,
  venueMembers,
  watchHandled,
} from '../db/schema';
import { assertStillMember, participantView } from './participants';
import { currentPause } from '../checkins/pauses';

type Tx = Db;

/** What an erased participant is called from then on, everywhere (past rosters, exports). */
export const ERASED_NAME = '（消去済み）';

/** The audit fields that name or reach a person: removed from their past audit entries when they are erased. */
const PERSONAL_AUDIT_FIELDS = ['displayName', 'kana', 'contact', 'notes'];

/**
 * People coming and going: a move to another venue, a pause (入院 …) and the return, leaving, and erasure on
 * request (APPI 利用停止・消去). Each change is audited without personal data; a stopped link ends open calls.
 */
export class ParticipantLifecycle {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    /** Told when a participant's links stop, so a device in the call with one leaves. */
    private readonly access: AccessEvents,
    /** Deletes a person's video messages and letter links with their erasure. */
    private readonly letters: LetterErasure,
  ) {}

  /** From one of their venues to another of the user's venues; the link moves with them, history stays. */
  async move(user: AuthUser, participantId: string, input: z.output<typeof MoveParticipant>): Promise<Participant> {
    const row = await this.activeRow(user, participantId);
    this.permissions.assertVenue(user, input.fromVenueId);
    if (!user.venueIds.includes(input.toVenueId)) throw new AppError('NOT_FOUND', 'No venue with this id', 'toVenueId');
    const memberOf = async (venueId: string) =>
      (
        await this.db
          .select()
          .from(venueMembers)
          .where(and(eq(venueMembers.participantId, participantId), eq(venueMembers.venueId, venueId)))
          .limit(1)
      )[0] !== undefined;
    if (!(await memberOf(input.fromVenueId)))
      throw new AppError('NOT_FOUND', 'This participant is not in this venue’s group', 'fromVenueId');
    if (await memberOf(input.toVenueId)) throw new AppError('CONFLICT', 'This participant is already in that venue’s group', 'toVenueId');
    await inTransaction(this.db, async (tx) => {
      await tx.delete(venueMembers).where(and(eq(venueMembers.participantId, participantId), eq(venueMembers.venueId, input.fromVenueId)));
      await tx.insert(venueMembers).values({ venueId: input.toVenueId, participantId });
      // Their card keeps working: the link now opens the new venue's gatherings.
      await tx
        .update(invites)
        .set({ venueId: input.toVenueId })
        .where(and(eq(invites.participantId, participantId), eq(invites.venueId, input.fromVenueId), isNull(invites.revokedAt)));
      await this.audit(tx, user, 'participant.move', participantId, input);
    });
    return await participantView(this.db, { ...row });
  }

  /** Paused until the end of `until` (or until they come back): on the rosters as お休み中, never counted absent. */
  async pause(user: AuthUser, participantId: string, input: z.output<typeof PauseParticipant>, now = new Date()): Promise<Participant> {
    const row = await this.activeRow(user, participantId);
    if (input.until !== undefined && input.until < japanToday(now))
      throw new AppError('INVALID_PAYLOAD', 'must not be in the past', 'until');
    if (await currentPause(this.db, participantId, now)) throw new AppError('CONFLICT', 'This participant is already paused');
    await inTransaction(this.db, async (tx) => {
      await tx.insert(participantPauses).values({ id: newId('pau'), participantId, startedAt: now, until: input.until ?? null });
      await this.audit(tx, user, 'participant.pause', participantId, { until: input.until ?? null });
    });
    return await participantView(this.db, row, now);
  }

  async resume(user: AuthUser, participantId: string, now = new Date()): Promise<Participant> {
    const row = await this.activeRow(user, participantId);
    const pause = await currentPause(this.db, participantId, now);
    if (!pause) throw new AppError('CONFLICT', 'This participant is not paused');
    await inTransaction(this.db, async (tx) => {
      await tx.update(participantPauses).set({ endedAt: now }).where(eq(participantPauses.id, pause.id));
      await this.audit(tx, user, 'participant.resume', participantId, {});
    });
    return await participantView(this.db, row, now);
  }

  /** They leave: links stop at once, off the rosters and the absence rule; their history stays. */
  async leave(user: AuthUser, participantId: string, now = new Date()): Promise<Participant> {
    const row = await this.activeRow(user, participantId);
    await inTransaction(this.db, async (tx) => {
      await this.stop(tx, participantId, now);
      await this.audit(tx, user, 'participant.leave', participantId, {});
    });
    this.access.emit('inviteRevoked', participantId);
    return await participantView(this.db, { ...row, leftAt: now }, now);
  }

  /**
   * APPI erasure: name, reading, contact, notes, sex and birth year, telephone numbers and keypad number, wellbeing answers (check-ins, questionnaires) and watch-over notes
   * about them are deleted, and their past audit entries lose the personal fields. Attendance stays, anonymous, so
   * past counts do not change. They leave too. A second erasure is a 409.
   */
  async erase(user: AuthUser, participantId: string, now = new Date()): Promise<Participant> {
    await this.permissions.assertParticipant(user, participantId);
    const row = (await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1))[0]!;
    if (row.erasedAt) throw new AppError('CONFLICT', 'This participant’s data has already been erased');
    const erased = {
      displayName: ERASED_NAME,
      kana: '',
      contact: null,
      notes: null,
      wellbeingConsentAt: null,
      sex: null,
      birthYear: null,
      leftAt: row.leftAt ?? now,
      erasedAt: now,
    };
    const removeLetterFiles = await inTransaction(this.db, async (tx) => {
      if (!row.leftAt) await this.stop(tx, participantId, now);
      await tx.update(participants).set(erased).where(eq(participants.id, participantId));
      const answers = await deleteWellbeingAnswers(tx, participantId);
      const watchNotes = (
        await tx.delete(watchHandled).where(eq(watchHandled.participantId, participantId)).returning({ id: watchHandled.id })
      ).length;
      const phoneNumbers = (
        await tx
          .delete(participantPhoneNumbers)
          .where(eq(participantPhoneNumbers.participantId, participantId))
          .returning({ id: participantPhoneNumbers.id })
      ).length;
      await tx.delete(phoneKeypadNumbers).where(eq(phoneKeypadNumbers.participantId, participantId));
      const letterMessages = await this.letters.eraseParticipant(tx, participantId);
      await scrubAudit(tx, participantId);
      await this.audit(tx, user, 'participant.erase', participantId, {
        deleted: { ...answers, watchNotes, phoneNumbers, letterMessages: letterMessages.count },
      });
      return letterMessages.removeFiles;
    });
    removeLetterFiles();
    this.access.emit('inviteRevoked', participantId);
    return await participantView(this.db, { ...row, ...erased }, now);
  }

  /** The participant, once the user may see them and they are still in a group. */
  private async activeRow(user: AuthUser, participantId: string) {
    await this.permissions.assertParticipant(user, participantId);
    const row = (await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1))[0]!;
    assertStillMember(row);
    return row;
  }

  /** Leaving: every link stops, a pause under way ends. */
  private async stop(tx: Tx, participantId: string, now: Date): Promise<void> {
    await tx.update(participants).set({ leftAt: now }).where(eq(participants.id, participantId));
    await tx
      .update(invites)
      .set({ revokedAt: now })
      .where(and(eq(invites.participantId, participantId), isNull(invites.revokedAt)));
    await tx
      .update(participantPauses)
      .set({ endedAt: now })
      .where(and(eq(participantPauses.participantId, participantId), isNull(participantPauses.endedAt)));
  }

  private async audit(tx: Tx, user: AuthUser, action: string, participantId: string, after: unknown): Promise<void> {
    await auditParticipantChange(tx, user, action, participantId, after);
  }
}

/** Removes names and contacts from the audit entries about the participant (their own, and their attendance's). */
async function scrubAudit(tx: Tx, participantId: string): Promise<void> {
  const about = or(
    and(eq(auditLog.entityType, 'participant'), eq(auditLog.entityId, participantId)),
    and(eq(auditLog.entityType, 'attendance'), like(auditLog.entityId, `%/${participantId}`)),
  );
  await tx
    .update(auditLog)
    .set({
      before: jsonWithoutFields(auditLog.before, PERSONAL_AUDIT_FIELDS),
      after: jsonWithoutFields(auditLog.after, PERSONAL_AUDIT_FIELDS),
    })
    .where(about);
}
