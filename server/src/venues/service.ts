import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateParticipant,
  CreateSchedule,
  CreateSession,
  Invite,
  InviteCard,
  Participant,
  Schedule,
  SessionListItem,
  UpdateParticipant,
  Venue,
} from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import { deleteWellbeingAnswers } from '../checkins/consent';
import type { AccessEvents } from '../auth/accessEvents';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId, newSecret } from '../db/ids';
import { invites, participants, schedules, sessions, venueMembers, venues } from '../db/schema';
import { AppError } from '../core/errors';
import { addDays, japanInstant } from '@shared/japanTime';
import { planUpcomingSessions } from './planner';

type ParticipantRow = typeof participants.$inferSelect;
type ScheduleRow = typeof schedules.$inferSelect;

/** Venues, their weekly schedules and sessions, their participants and the participants' invite links. */
export class VenueService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly publicUrl: string,
    /** Told when a link stops working, so a device in the call with it leaves. */
    private readonly access: AccessEvents,
  ) {}

  listVenues(user: AuthUser): Venue[] {
    if (user.venueIds.length === 0) return [];
    const rows = this.db.select().from(venues).where(inArray(venues.id, user.venueIds)).orderBy(asc(venues.name)).all();
    const scheduleRows = this.db
      .select()
      .from(schedules)
      .where(inArray(schedules.venueId, user.venueIds))
      .orderBy(asc(schedules.weekday), asc(schedules.startTime))
      .all();
    return rows.map((venue) => ({
      id: venue.id,
      name: venue.name,
      schedules: scheduleRows.filter((s) => s.venueId === venue.id).map(toSchedule),
    }));
  }

  createVenue(user: AuthUser, name: string): Venue {
    const id = newId('ven');
    this.db.transaction((tx) => {
      tx.insert(venues).values({ id, organisationId: user.organisationId, name }).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.create',
        entityType: 'venue',
        entityId: id,
        after: { name },
      });
    });
    user.venueIds.push(id);
    return { id, name, schedules: [] };
  }

  /** Adds a weekly time and plans its coming sessions at once. The same weekday and start twice is a CONFLICT. */
  addSchedule(user: AuthUser, venueId: string, input: z.output<typeof CreateSchedule>): Schedule {
    this.permissions.assertVenue(user, venueId);
    const same = this.db
      .select({ id: schedules.id })
      .from(schedules)
      .where(
        and(
          eq(schedules.venueId, venueId),
          eq(schedules.weekday, input.weekday),
          eq(schedules.startTime, input.startTime),
          eq(schedules.active, true),
        ),
      )
      .get();
    if (same) throw new AppError('CONFLICT', 'This venue already meets on this weekday at this time', 'startTime');
    const row: ScheduleRow = { id: newId('sch'), venueId, ...input, active: true, createdAt: new Date() };
    this.db.transaction((tx) => {
      tx.insert(schedules).values(row).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'schedule.create',
        entityType: 'schedule',
        entityId: row.id,
        after: input,
      });
    });
    planUpcomingSessions(this.db);
    return toSchedule(row);
  }

  listParticipants(user: AuthUser, venueId: string): Participant[] {
    this.permissions.assertVenue(user, venueId);
    const rows = this.db
      .select({ participant: participants })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .where(eq(venueMembers.venueId, venueId))
      .orderBy(asc(participants.kana), asc(participants.displayName))
      .all();
    return rows.map((r) => this.toParticipant(r.participant));
  }

  /** Adds a participant to a venue's group and gives them a personal invite link. */
  createParticipant(user: AuthUser, venueId: string, input: z.output<typeof CreateParticipant>): Participant {
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
    };
    this.db.transaction((tx) => {
      tx.insert(participants).values(row).run();
      tx.insert(venueMembers).values({ venueId, participantId: row.id }).run();
      tx.insert(invites).values({ token: newSecret(), participantId: row.id, venueId }).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'participant.create',
        entityType: 'participant',
        entityId: row.id,
        after: { displayName: row.displayName, kana: row.kana, venueId },
      });
    });
    return { ...this.toParticipant(row), venueIds: [venueId] };
  }

  updateParticipant(user: AuthUser, participantId: string, patch: z.output<typeof UpdateParticipant>): Participant {
    this.permissions.assertParticipant(user, participantId);
    const before = this.db.select().from(participants).where(eq(participants.id, participantId)).get()!;
    const { wellbeingConsent, ...fields } = patch;
    const changes: Partial<ParticipantRow> = { ...fields };
    if (wellbeingConsent !== undefined) changes.wellbeingConsentAt = wellbeingConsent ? (before.wellbeingConsentAt ?? new Date()) : null;
    this.db.transaction((tx) => {
      tx.update(participants).set(changes).where(eq(participants.id, participantId)).run();
      writeAudit(tx, {
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
        const deleted = deleteWellbeingAnswers(tx, participantId);
        writeAudit(tx, {
          organisationId: user.organisationId,
          actorUserId: user.id,
          action: 'consent.withdraw',
          entityType: 'participant',
          entityId: participantId,
          after: { deleted },
        });
      }
    });
    return this.toParticipant({ ...before, ...changes });
  }

  /** Revokes the participant's current link for the venue and issues a new one (for a lost card). */
  reissueInvite(user: AuthUser, participantId: string, venueId: string): Invite {
    this.permissions.assertParticipant(user, participantId);
    this.permissions.assertVenue(user, venueId);
    this.assertMember(participantId, venueId);
    const token = newSecret();
    const createdAt = new Date();
    this.db.transaction((tx) => {
      tx.update(invites)
        .set({ revokedAt: createdAt })
        .where(and(eq(invites.participantId, participantId), eq(invites.venueId, venueId), isNull(invites.revokedAt)))
        .run();
      tx.insert(invites).values({ token, participantId, venueId, createdAt }).run();
      writeAudit(tx, {
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

  revokeInvites(user: AuthUser, participantId: string): void {
    this.permissions.assertParticipant(user, participantId);
    this.db.transaction((tx) => {
      tx.update(invites)
        .set({ revokedAt: new Date() })
        .where(and(eq(invites.participantId, participantId), isNull(invites.revokedAt)))
        .run();
      writeAudit(tx, {
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
  inviteCards(user: AuthUser, venueId: string): InviteCard[] {
    this.permissions.assertVenue(user, venueId);
    const venue = this.db.select().from(venues).where(eq(venues.id, venueId)).get()!;
    const weeklyTimes = this.db
      .select({ weekday: schedules.weekday, startTime: schedules.startTime, endTime: schedules.endTime })
      .from(schedules)
      .where(and(eq(schedules.venueId, venueId), eq(schedules.active, true)))
      .orderBy(asc(schedules.weekday), asc(schedules.startTime))
      .all();
    const rows = this.db
      .select({ participant: participants, token: invites.token })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .innerJoin(invites, and(eq(invites.participantId, participants.id), eq(invites.venueId, venueId), isNull(invites.revokedAt)))
      .where(eq(venueMembers.venueId, venueId))
      .orderBy(asc(participants.kana), asc(participants.displayName))
      .all();
    return rows.map(({ participant, token }) => ({
      participantId: participant.id,
      displayName: participant.displayName,
      kana: participant.kana,
      venueName: venue.name,
      weeklyTimes,
      url: this.inviteUrl(token),
    }));
  }

  listSessions(user: AuthUser, venueId: string, from?: string, to?: string): SessionListItem[] {
    this.permissions.assertVenue(user, venueId);
    const conditions = [eq(sessions.venueId, venueId)];
    if (from) conditions.push(gte(sessions.startsAt, japanInstant(from, '00:00')));
    if (to) conditions.push(lt(sessions.startsAt, japanInstant(addDays(to, 1), '00:00')));
    const rows = this.db
      .select({ session: sessions, venueName: venues.name })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .where(and(...conditions))
      .orderBy(asc(sessions.startsAt))
      .all();
    return rows.map(({ session, venueName }) => toSessionItem(session, venueName));
  }

  createSession(user: AuthUser, venueId: string, input: z.output<typeof CreateSession>): SessionListItem {
    this.permissions.assertVenue(user, venueId);
    const venue = this.db.select().from(venues).where(eq(venues.id, venueId)).get()!;
    const row = {
      id: newSecret(),
      venueId,
      title: input.title,
      startsAt: japanInstant(input.date, input.startTime),
      endsAt: japanInstant(input.date, input.endTime),
      status: 'planned' as const,
    };
    this.db.transaction((tx) => {
      tx.insert(sessions).values(row).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'session.create',
        entityType: 'session',
        entityId: row.id,
        after: input,
      });
    });
    return toSessionItem({ ...row, scheduleId: null, endedAt: null, createdAt: new Date() }, venue.name);
  }

  inviteUrl(token: string): string {
    return `${this.publicUrl}/j/${token}`;
  }

  private assertMember(participantId: string, venueId: string): void {
    const member = this.db
      .select()
      .from(venueMembers)
      .where(and(eq(venueMembers.participantId, participantId), eq(venueMembers.venueId, venueId)))
      .get();
    if (!member) throw new AppError('NOT_FOUND', 'This participant is not in this venue’s group');
  }

  private toParticipant(row: ParticipantRow): Participant {
    const memberships = this.db
      .select({ venueId: venueMembers.venueId })
      .from(venueMembers)
      .where(eq(venueMembers.participantId, row.id))
      .all();
    return {
      id: row.id,
      displayName: row.displayName,
      kana: row.kana,
      contact: row.contact,
      notes: row.notes,
      wellbeingConsentAt: row.wellbeingConsentAt?.toISOString() ?? null,
      venueIds: memberships.map((m) => m.venueId),
    };
  }
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    venueId: row.venueId,
    weekday: row.weekday,
    startTime: row.startTime,
    endTime: row.endTime,
    title: row.title,
    active: row.active,
  };
}

export function toSessionItem(row: typeof sessions.$inferSelect, venueName: string): SessionListItem {
  return {
    id: row.id,
    venueId: row.venueId,
    venueName,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
  };
}

function pick<T extends object>(row: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Partial<T>;
}
