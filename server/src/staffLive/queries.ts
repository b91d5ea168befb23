import { and, count, countDistinct, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { SessionAttendanceCounts, StaffTrouble } from '@shared/staffLive/schemas';
import type { Db } from '../db/client';
import { attendance, callConnections, checkins, participants, sessions, venues } from '../db/schema';

const troubleColumns = {
  sessionId: checkins.sessionId,
  venueId: sessions.venueId,
  venueName: venues.name,
  sessionTitle: sessions.title,
  participantId: checkins.participantId,
  displayName: participants.displayName,
  trouble: checkins.trouble,
  troubleHandledAt: checkins.troubleHandledAt,
  updatedAt: checkins.updatedAt,
};

function troubleQuery(db: Db) {
  return db
    .select(troubleColumns)
    .from(checkins)
    .innerJoin(sessions, eq(sessions.id, checkins.sessionId))
    .innerJoin(venues, eq(venues.id, sessions.venueId))
    .innerJoin(participants, eq(participants.id, checkins.participantId));
}

type TroubleRow = Awaited<ReturnType<ReturnType<typeof troubleQuery>['execute']>>[number];

function toTrouble(row: TroubleRow): StaffTrouble {
  return {
    sessionId: row.sessionId,
    venueId: row.venueId,
    venueName: row.venueName,
    sessionTitle: row.sessionTitle,
    participantId: row.participantId,
    displayName: row.displayName,
    // A request withdrawn (the person answered again without it) is as good as handled for the banner.
    handled: !row.trouble || row.troubleHandledAt !== null,
    requestedAt: row.updatedAt.toISOString(),
  };
}

/** The 困りごと state of one person's check-in in one session (undefined: no check-in). */
export async function troubleOf(db: Db, sessionId: string, participantId: string): Promise<StaffTrouble | undefined> {
  const [row] = await troubleQuery(db)
    .where(and(eq(checkins.sessionId, sessionId), eq(checkins.participantId, participantId)))
    .limit(1);
  return row && toTrouble(row);
}

/** Requests nobody has handled yet, in these venues' sessions starting in [fromMs, toMs). */
export async function openTroubles(db: Db, venueIds: string[], range: { fromMs: number; toMs: number }): Promise<StaffTrouble[]> {
  if (venueIds.length === 0) return [];
  const rows = await troubleQuery(db).where(
    and(
      inArray(sessions.venueId, venueIds),
      gte(sessions.startsAt, new Date(range.fromMs)),
      lt(sessions.startsAt, new Date(range.toMs)),
      eq(checkins.trouble, true),
      isNull(checkins.troubleHandledAt),
    ),
  );
  return rows.map(toTrouble).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** These venues' sessions starting in [fromMs, toMs), not cancelled. */
export async function sessionsIn(db: Db, venueIds: string[], range: { fromMs: number; toMs: number }) {
  if (venueIds.length === 0) return [];
  return await db
    .select({ id: sessions.id, venueId: sessions.venueId })
    .from(sessions)
    .where(
      and(
        inArray(sessions.venueId, venueIds),
        gte(sessions.startsAt, new Date(range.fromMs)),
        lt(sessions.startsAt, new Date(range.toMs)),
        isNull(sessions.cancelledAt),
      ),
    );
}

/** Each session's attendance rows by mode, and the people connected to its call now. */
export async function attendanceCounts(db: Db, list: { id: string; venueId: string }[]): Promise<SessionAttendanceCounts[]> {
  if (list.length === 0) return [];
  const ids = list.map((s) => s.id);
  const byMode = await db
    .select({ sessionId: attendance.sessionId, mode: attendance.mode, n: count() })
    .from(attendance)
    .where(inArray(attendance.sessionId, ids))
    .groupBy(attendance.sessionId, attendance.mode);
  const connected = await db
    .select({ sessionId: callConnections.sessionId, n: countDistinct(callConnections.participantId) })
    .from(callConnections)
    .where(and(inArray(callConnections.sessionId, ids), isNull(callConnections.leftAt)))
    .groupBy(callConnections.sessionId);
  return list.map(({ id, venueId }) => {
    const of = (mode: string) => byMode.find((r) => r.sessionId === id && r.mode === mode)?.n ?? 0;
    const connectedNow = connected.find((r) => r.sessionId === id)?.n ?? 0;
    return { sessionId: id, venueId, venue: of('venue'), online: of('online'), phone: of('phone'), connectedNow };
  });
}
