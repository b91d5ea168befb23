import { inTransaction } from '../db/transaction';
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { AttendanceMode, CorrectAttendance, Roster, RosterEntry, WalkIn } from '@shared/attendance/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { attendance, callConnections, participants, venueMembers, venues } from '../db/schema';
import { AppError } from '../core/errors';
import type { SessionService } from '../sessions/service';
import { duringPause, pausesOf } from '../checkins/pauses';
import type { CallFactQueue } from './callFactQueue';
import type { StaffLiveChanges } from '../staffLive/changes';

type AttendanceRow = typeof attendance.$inferSelect;
type Tx = Db;

/**
 * One attendance row per participant per session. Hosts mark venue and phone attendance; online
 * attendance follows the call's connections. Every change a person makes is audited.
 */
export class AttendanceService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly sessions: SessionService,
    /**
     * The call's joins and leaves, queued (callFactQueue.ts): written before the roster is read or a host changes
     * a row, so the host sees who is connected and a tap lands after the joins and leaves that happened before it,
     * as if written at once.
     */
    private readonly callFacts: Pick<CallFactQueue, 'flush'>,
    /** Told after a host's change: staff pages show the session's attendance live. */
    private readonly live?: Pick<StaffLiveChanges, 'emit'>,
  ) {}

  async roster(user: AuthUser, sessionId: string): Promise<Roster> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    await this.callFacts.flush();
    const session = await this.sessions.getSession(sessionId);
    const people = await this.db
      .select({ participant: participants, row: attendance })
      .from(participants)
      .leftJoin(venueMembers, and(eq(venueMembers.participantId, participants.id), eq(venueMembers.venueId, venueId)))
      .leftJoin(attendance, and(eq(attendance.participantId, participants.id), eq(attendance.sessionId, sessionId)))
      // Someone who left is listed only where they attended.
      .where(or(and(eq(venueMembers.venueId, venueId), isNull(participants.leftAt)), eq(attendance.sessionId, sessionId)))
      .orderBy(asc(participants.kana), asc(participants.displayName));
    const paused = await this.pausedAt(
      people.map((p) => p.participant.id),
      session.startsAt,
    );
    const connected = new Set(
      (
        await this.db
          .select({ participantId: callConnections.participantId })
          .from(callConnections)
          .where(and(eq(callConnections.sessionId, sessionId), isNull(callConnections.leftAt)))
      ).map((c) => c.participantId),
    );
    return {
      session,
      entries: people.map(({ participant, row }) => toEntry(participant, row, connected.has(participant.id), paused.has(participant.id))),
    };
  }

  /** Marks how someone attended. Idempotent: a repeated tap leaves one row with that mode. */
  async mark(user: AuthUser, sessionId: string, participantId: string, mode: AttendanceMode): Promise<RosterEntry> {
    await this.assertRosterAccess(user, sessionId, participantId);
    await this.callFacts.flush();
    await inTransaction(this.db, async (tx) => {
      let before = await findRow(tx, sessionId, participantId);
      if (!before) {
        const inserted = await tx
          .insert(attendance)
          .values({ id: newId('att'), sessionId, participantId, mode })
          .onConflictDoNothing()
          .returning({ id: attendance.id });
        // On PostgreSQL a double tap runs side by side: the tap whose insert finds the other's row goes on from that row.
        if (inserted.length === 0) before = await findRow(tx, sessionId, participantId);
      }
      if (before?.mode === mode) return;
      if (before) await tx.update(attendance).set({ mode }).where(eq(attendance.id, before.id));
      await this.audit(tx, user, 'attendance.mark', sessionId, participantId, before, await findRow(tx, sessionId, participantId));
    });
    return await this.changed(sessionId, participantId);
  }

  /** Undoes a mark. Idempotent: unmarking someone not marked changes nothing. */
  async unmark(user: AuthUser, sessionId: string, participantId: string): Promise<RosterEntry> {
    await this.assertRosterAccess(user, sessionId, participantId);
    await this.callFacts.flush();
    await inTransaction(this.db, async (tx) => {
      const before = await findRow(tx, sessionId, participantId);
      if (!before) return;
      // Two undos side by side (PostgreSQL) both find the row: only the one that deletes it writes the audit entry.
      const deleted = await tx.delete(attendance).where(eq(attendance.id, before.id)).returning({ id: attendance.id });
      if (deleted.length === 0) return;
      await this.audit(tx, user, 'attendance.unmark', sessionId, participantId, before, null);
    });
    return await this.changed(sessionId, participantId);
  }

  async correct(user: AuthUser, sessionId: string, participantId: string, patch: z.output<typeof CorrectAttendance>): Promise<RosterEntry> {
    await this.assertRosterAccess(user, sessionId, participantId);
    await this.callFacts.flush();
    await inTransaction(this.db, async (tx) => {
      const before = await findRow(tx, sessionId, participantId);
      if (!before) throw new AppError('NOT_FOUND', 'This person has no attendance in this session; mark them first');
      const changes: Partial<AttendanceRow> = {};
      if (patch.mode !== undefined) changes.mode = patch.mode;
      if (patch.firstJoinAt !== undefined) changes.firstJoinAt = patch.firstJoinAt ? new Date(patch.firstJoinAt) : null;
      if (patch.lastLeaveAt !== undefined) changes.lastLeaveAt = patch.lastLeaveAt ? new Date(patch.lastLeaveAt) : null;
      if (patch.minutesConnected !== undefined) changes.minutesConnected = patch.minutesConnected;
      await tx.update(attendance).set(changes).where(eq(attendance.id, before.id));
      await this.audit(tx, user, 'attendance.correct', sessionId, participantId, before, await findRow(tx, sessionId, participantId));
    });
    return await this.changed(sessionId, participantId);
  }

  /** Someone new came today: they join the venue's group and are marked at once. */
  async walkIn(user: AuthUser, sessionId: string, input: z.output<typeof WalkIn>): Promise<RosterEntry> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    const venue = (await this.db.select({ organisationId: venues.organisationId }).from(venues).where(eq(venues.id, venueId)).limit(1))[0]!;
    const participantId = newId('par');
    await inTransaction(this.db, async (tx) => {
      await tx
        .insert(participants)
        .values({ id: participantId, organisationId: venue.organisationId, displayName: input.displayName, kana: input.kana });
      await tx.insert(venueMembers).values({ venueId, participantId });
      await tx.insert(attendance).values({ id: newId('att'), sessionId, participantId, mode: input.mode });
      await this.audit(tx, user, 'attendance.walk-in', sessionId, participantId, null, {
        displayName: input.displayName,
        kana: input.kana,
        mode: input.mode,
      });
    });
    return await this.changed(sessionId, participantId);
  }

  private async changed(sessionId: string, participantId: string): Promise<RosterEntry> {
    this.live?.emit('attendance', sessionId);
    return await this.entry(sessionId, participantId);
  }

  private async entry(sessionId: string, participantId: string): Promise<RosterEntry> {
    const participant = (await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1))[0]!;
    const row = await findRow(this.db, sessionId, participantId);
    const open = (
      await this.db
        .select({ id: callConnections.id })
        .from(callConnections)
        .where(
          and(eq(callConnections.sessionId, sessionId), eq(callConnections.participantId, participantId), isNull(callConnections.leftAt)),
        )
        .limit(1)
    )[0];
    const session = await this.sessions.getSession(sessionId);
    return toEntry(participant, row ?? null, Boolean(open), (await this.pausedAt([participantId], session.startsAt)).has(participantId));
  }

  /** Who among these people was paused when the session started (or is now, on its day). */
  private async pausedAt(participantIds: string[], sessionStartsAt: string, now = new Date()): Promise<Set<string>> {
    const start = new Date(sessionStartsAt);
    const onItsDay = Math.abs(now.getTime() - start.getTime()) < 86_400_000;
    const pauses = await pausesOf(this.db, participantIds);
    return new Set(
      participantIds.filter((id) => duringPause(pauses.get(id) ?? [], start) || (onItsDay && duringPause(pauses.get(id) ?? [], now))),
    );
  }

  private async assertRosterAccess(user: AuthUser, sessionId: string, participantId: string): Promise<void> {
    await this.permissions.assertSession(user, sessionId);
    await this.permissions.assertParticipant(user, participantId);
  }

  private async audit(
    tx: Tx,
    user: AuthUser,
    action: string,
    sessionId: string,
    participantId: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await writeAudit(tx, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action,
      entityType: 'attendance',
      entityId: `${sessionId}/${participantId}`,
      before,
      after,
    });
  }
}

async function findRow(db: Pick<Db, 'select'>, sessionId: string, participantId: string): Promise<AttendanceRow | undefined> {
  return (
    await db
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, sessionId), eq(attendance.participantId, participantId)))
      .limit(1)
  )[0];
}

function toEntry(
  participant: typeof participants.$inferSelect,
  row: AttendanceRow | null,
  connected: boolean,
  paused: boolean,
): RosterEntry {
  return {
    participantId: participant.id,
    displayName: participant.displayName,
    kana: participant.kana,
    mode: row?.mode ?? null,
    firstJoinAt: row?.firstJoinAt?.toISOString() ?? null,
    lastLeaveAt: row?.lastLeaveAt?.toISOString() ?? null,
    minutesConnected: row?.minutesConnected ?? 0,
    connected,
    wellbeingConsent: participant.wellbeingConsentAt !== null,
    paused,
  };
}
