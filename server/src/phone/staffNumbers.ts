import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { formatPhoneNumber, PHONE_NUMBERS_PER_PARTICIPANT } from '@shared/phone/numbers';
import { type AddPhoneNumber, type OrganisationPhoneLine, type ParticipantPhone, type VenuePhoneLine } from '@shared/phone/schemas';
import { auditParticipantChange, writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { systemClock, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { participantPhoneNumbers, participants, phoneLines } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { ensureKeypadNumber, issueKeypadNumber, keypadNumberOf } from './keypadNumbers';
type AddInput = z.output<typeof AddPhoneNumber>;

/**
 * Staff's side of the telephone data: a participant's numbers and keypad number (organisers, and hosts of the
 * participant's venues; every read and change audited without the numbers themselves), and a venue's number.
 */
export class PhoneNumberService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Their numbers and keypad number (issued now if they had none: a card can be printed at once). */
  async participantPhone(user: AuthUser, participantId: string): Promise<ParticipantPhone> {
    const row = await this.participantRow(user, participantId);
    return inTransaction(this.db, async (tx) => {
      const view = await this.view(tx, participantId, row.organisationId, !row.leftAt);
      await this.audit(tx, user, 'phone.read', participantId, { numbers: view.numbers.length });
      return view;
    });
  }

  async addNumber(user: AuthUser, participantId: string, input: AddInput): Promise<ParticipantPhone> {
    const row = await this.activeRow(user, participantId);
    return inTransaction(this.db, async (tx) => {
      const existing = await this.numbers(tx, participantId);
      if (existing.some((n) => n.number === input.number))
        throw new AppError('INVALID_PAYLOAD', 'This number is already registered', 'number');
      if (existing.length >= PHONE_NUMBERS_PER_PARTICIPANT)
        throw new AppError('INVALID_PAYLOAD', `At most ${PHONE_NUMBERS_PER_PARTICIPANT} numbers per person`, 'number');
      const id = newId('tel');
      await tx
        .insert(participantPhoneNumbers)
        .values({ id, participantId, organisationId: row.organisationId, number: input.number, label: input.label });
      await this.audit(tx, user, 'phone.number.add', participantId, { numberId: id, label: input.label });
      return this.view(tx, participantId, row.organisationId, true);
    });
  }

  /** Removing stays possible after they left (less personal data is always allowed). */
  async removeNumber(user: AuthUser, participantId: string, numberId: string): Promise<ParticipantPhone> {
    const row = await this.participantRow(user, participantId);
    return inTransaction(this.db, async (tx) => {
      const removed = await tx
        .delete(participantPhoneNumbers)
        .where(and(eq(participantPhoneNumbers.id, numberId), eq(participantPhoneNumbers.participantId, participantId)))
        .returning({ id: participantPhoneNumbers.id });
      if (removed.length === 0) throw new AppError('NOT_FOUND', 'No such number for this participant');
      await this.audit(tx, user, 'phone.number.remove', participantId, { numberId });
      return this.view(tx, participantId, row.organisationId, !row.leftAt);
    });
  }

  /** A new keypad number (a lost card): the old one stops at once. */
  async reissueKeypadNumber(user: AuthUser, participantId: string): Promise<ParticipantPhone> {
    const row = await this.activeRow(user, participantId);
    return inTransaction(this.db, async (tx) => {
      await issueKeypadNumber(tx, participantId, row.organisationId, this.clock.now());
      await this.audit(tx, user, 'phone.keypad.reissue', participantId, {});
      return this.view(tx, participantId, row.organisationId, true);
    });
  }

  async venuePhoneLine(user: AuthUser, venueId: string): Promise<VenuePhoneLine> {
    this.permissions.assertVenue(user, venueId);
    const [line] = await this.db.select({ number: phoneLines.number }).from(phoneLines).where(eq(phoneLines.venueId, venueId)).limit(1);
    return lineView(venueId, line?.number ?? null);
  }

  /** The number people dial for this venue; null removes it. A number belongs to one venue of one organisation. */
  async setVenuePhoneLine(user: AuthUser, venueId: string, number: string | null): Promise<VenuePhoneLine> {
    this.permissions.assertVenue(user, venueId);
    await inTransaction(this.db, async (tx) => {
      const [owner] = number ? await tx.select().from(phoneLines).where(eq(phoneLines.number, number)).limit(1) : [];
      if (owner && owner.venueId !== venueId) throw new AppError('CONFLICT', 'This number is already in use for another venue', 'number');
      const [before] = await tx.select({ number: phoneLines.number }).from(phoneLines).where(eq(phoneLines.venueId, venueId)).limit(1);
      if (before?.number === number) return;
      await tx.delete(phoneLines).where(eq(phoneLines.venueId, venueId));
      if (number) await tx.insert(phoneLines).values({ number, organisationId: user.organisationId, venueId });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.phoneLine.set',
        entityType: 'venue',
        entityId: venueId,
        before: { number: before?.number ?? null },
        after: { number },
      });
    });
    return lineView(venueId, number);
  }

  async organisationPhoneLine(user: AuthUser): Promise<OrganisationPhoneLine> {
    const [line] = await this.db
      .select({ number: phoneLines.number })
      .from(phoneLines)
      .where(and(eq(phoneLines.organisationId, user.organisationId), isNull(phoneLines.venueId)))
      .limit(1);
    return { number: line?.number ?? null, display: line ? formatPhoneNumber(line.number) : null };
  }

  /** One number for the whole organisation (the keypad number picks the person, their venue the gathering); null removes it. */
  async setOrganisationPhoneLine(user: AuthUser, number: string | null): Promise<OrganisationPhoneLine> {
    const ownLine = and(eq(phoneLines.organisationId, user.organisationId), isNull(phoneLines.venueId));
    await inTransaction(this.db, async (tx) => {
      const [owner] = number ? await tx.select().from(phoneLines).where(eq(phoneLines.number, number)).limit(1) : [];
      if (owner && !(owner.organisationId === user.organisationId && owner.venueId === null))
        throw new AppError('CONFLICT', 'This number is already in use for a venue', 'number');
      const [before] = await tx.select({ number: phoneLines.number }).from(phoneLines).where(ownLine).limit(1);
      if (before?.number === number) return;
      await tx.delete(phoneLines).where(ownLine);
      if (number) await tx.insert(phoneLines).values({ number, organisationId: user.organisationId, venueId: null });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'organisation.phoneLine.set',
        entityType: 'organisation',
        entityId: user.organisationId,
        before: { number: before?.number ?? null },
        after: { number },
      });
    });
    return this.organisationPhoneLine(user);
  }

  private async participantRow(user: AuthUser, participantId: string) {
    await this.permissions.assertParticipant(user, participantId);
    const [row] = await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1);
    return row!;
  }

  /** Numbers and keypad numbers are for people still in a group. */
  private async activeRow(user: AuthUser, participantId: string) {
    const row = await this.participantRow(user, participantId);
    if (row.erasedAt) throw new AppError('CONFLICT', 'This participant’s data was erased on request');
    if (row.leftAt) throw new AppError('CONFLICT', 'This participant has left the group');
    return row;
  }

  private async numbers(tx: Pick<Db, 'select'>, participantId: string) {
    return await tx
      .select()
      .from(participantPhoneNumbers)
      .where(eq(participantPhoneNumbers.participantId, participantId))
      .orderBy(asc(participantPhoneNumbers.createdAt), asc(participantPhoneNumbers.id));
  }

  private async view(tx: Db, participantId: string, organisationId: string, issue: boolean): Promise<ParticipantPhone> {
    const keypad = issue
      ? await ensureKeypadNumber(tx, participantId, organisationId, this.clock.now())
      : await keypadNumberOf(tx, participantId);
    return {
      participantId,
      numbers: (await this.numbers(tx, participantId)).map((n) => ({
        id: n.id,
        number: n.number,
        display: formatPhoneNumber(n.number),
        label: n.label,
      })),
      keypadNumber: keypad?.keypadNumber ?? null,
      keypadNumberIssuedAt: keypad?.issuedAt.toISOString() ?? null,
    };
  }

  private async audit(tx: Db, user: AuthUser, action: string, participantId: string, after: unknown): Promise<void> {
    await auditParticipantChange(tx, user, action, participantId, after);
  }
}

function lineView(venueId: string, number: string | null): VenuePhoneLine {
  return { venueId, number, display: number ? formatPhoneNumber(number) : null };
}
