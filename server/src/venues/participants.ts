import { inTransaction } from '../db/transaction';
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateParticipant, Participant, UpdateParticipant } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { deleteWellbeingAnswers } from '../checkins/consent';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId, newSecret } from '../db/ids';
import { invites, participants, venueMembers } from '../db/schema';
import { currentPause } from '../checkins/pauses';

type ParticipantRow = typeof participants.$inferSelect;

/** The people of a venue's group: added with a personal invite link, their details and wellbeing consent. */
export class ParticipantService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  async listParticipants(user: AuthUser, venueId: string): Promise<Participant[]> {
    this.permissions.assertVenue(user, venueId);
    const rows = await this.db
      .select({ participant: participants })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .where(eq(venueMembers.venueId, venueId))
      .orderBy(asc(participants.kana), asc(participants.displayName));
    return Promise.all(rows.map((r) => this.toParticipant(r.participant)));
  }

  /** Adds a participant to a venue's group and gives them a personal invite link. */
  async createParticipant(user: AuthUser, venueId: string, input: z.output<typeof CreateParticipant>): Promise<Participant> {
    this.permissions.assertVenue(user, venueId);
    const row: ParticipantRow = {
      id: newId('par'),
      organisationId: user.organisationId,
      displayName: input.displayName,
      kana: input.kana,
      contact: input.contact ?? null,
      notes: input.notes ?? null,
      wellbeingConsentAt: input.wellbeingConsent ? new Date() : null,
      createdAt: new Date(),
      leftAt: null,
      erasedAt: null,
      sex: input.sex ?? null,
      birthYear: input.birthYear ?? null,
    };
    await inTransaction(this.db, async (tx) => {
      await tx.insert(participants).values(row);
      await tx.insert(venueMembers).values({ venueId, participantId: row.id });
      await tx.insert(invites).values({ token: newSecret(), participantId: row.id, venueId });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'participant.create',
        entityType: 'participant',
        entityId: row.id,
        after: { displayName: row.displayName, kana: row.kana, venueId },
      });
    });
    return { ...(await this.toParticipant(row)), venueIds: [venueId] };
  }

  async updateParticipant(user: AuthUser, participantId: string, patch: z.output<typeof UpdateParticipant>): Promise<Participant> {
    await this.permissions.assertParticipant(user, participantId);
    const before = (await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1))[0]!;
    if (before.erasedAt) throw new AppError('CONFLICT', 'This participant’s data was erased on request');
    const { wellbeingConsent, ...fields } = patch;
    const changes: Partial<ParticipantRow> = { ...fields };
    if (wellbeingConsent !== undefined) changes.wellbeingConsentAt = wellbeingConsent ? (before.wellbeingConsentAt ?? new Date()) : null;
    await inTransaction(this.db, async (tx) => {
      await tx.update(participants).set(changes).where(eq(participants.id, participantId));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'participant.update',
        entityType: 'participant',
        entityId: participantId,
        before: pick(before, Object.keys(changes) as (keyof ParticipantRow)[]),
        after: changes,
      });
      // Withdrawn consent: their wellbeing answers go with it, in the same transaction; attendance stays.
      if (wellbeingConsent === false && before.wellbeingConsentAt !== null) {
        const deleted = await deleteWellbeingAnswers(tx, participantId);
        await writeAudit(tx, {
          organisationId: user.organisationId,
          actorUserId: user.id,
          action: 'consent.withdraw',
          entityType: 'participant',
          entityId: participantId,
          after: { deleted },
        });
      }
    });
    return await this.toParticipant({ ...before, ...changes });
  }

  private async toParticipant(row: ParticipantRow): Promise<Participant> {
    return await participantView(this.db, row);
  }
}

/** The participant as staff see them: details, venues and where they stand (active, paused, left, erased). */
export async function participantView(db: Pick<Db, 'select'>, row: ParticipantRow, now = new Date()): Promise<Participant> {
  const memberships = await db.select({ venueId: venueMembers.venueId }).from(venueMembers).where(eq(venueMembers.participantId, row.id));
  const pause = row.leftAt ? undefined : await currentPause(db, row.id, now);
  return {
    id: row.id,
    displayName: row.displayName,
    kana: row.kana,
    contact: row.contact,
    notes: row.notes,
    wellbeingConsentAt: row.wellbeingConsentAt?.toISOString() ?? null,
    venueIds: memberships.map((m) => m.venueId),
    status: row.erasedAt ? 'erased' : row.leftAt ? 'left' : pause ? 'paused' : 'active',
    pausedUntil: pause?.until ?? null,
    sex: row.sex,
    birthYear: row.birthYear,
  };
}

/** Refuses a change to someone who left or was erased (409, with the reason). */
export function assertStillMember(row: Pick<ParticipantRow, 'leftAt' | 'erasedAt'>): void {
  if (row.erasedAt) throw new AppError('CONFLICT', 'This participant’s data was erased on request');
  if (row.leftAt) throw new AppError('CONFLICT', 'This participant has left the group');
}

function pick<T extends object>(row: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Partial<T>;
}
