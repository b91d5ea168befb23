import { and, asc, eq, gte, inArray, isNotNull, or } from 'drizzle-orm';
import type { ParticipantTrend } from '@shared/checkins/schemas';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { Db } from '../db/client';
import { attendance, checkins, participants, sessions, venueMembers } from '../db/schema';
import { addJapanMonths, japanDate } from '@shared/japanTime';
import { heldBefore } from './held';

export const TREND_MONTHS = 6;

/**
 * A participant's last six months, session by session, oldest first: every session held at a venue they belong
 * to, and any other session they attended; how they attended (null: absent) and their check-in (null: none).
 */
export async function participantTrend(
  db: Db,
  participantId: string,
  questions: CheckinQuestion[],
  now = new Date(),
): Promise<ParticipantTrend> {
  const venueIds = (
    await db.select({ venueId: venueMembers.venueId }).from(venueMembers).where(eq(venueMembers.participantId, participantId))
  ).map((m) => m.venueId);
  const rows = await db
    .select({ sessionId: sessions.id, startsAt: sessions.startsAt, mode: attendance.mode, answers: checkins.answers })
    .from(sessions)
    .leftJoin(attendance, and(eq(attendance.sessionId, sessions.id), eq(attendance.participantId, participantId)))
    .leftJoin(checkins, and(eq(checkins.sessionId, sessions.id), eq(checkins.participantId, participantId)))
    .where(
      and(
        gte(sessions.startsAt, addJapanMonths(now, -TREND_MONTHS)),
        or(isNotNull(attendance.id), isNotNull(checkins.id), and(inArray(sessions.venueId, venueIds), heldBefore(now))),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id));
  const person = (
    await db
      .select({ displayName: participants.displayName, kana: participants.kana })
      .from(participants)
      .where(eq(participants.id, participantId))
      .limit(1)
  )[0];
  return {
    participantId,
    displayName: person?.displayName ?? '',
    kana: person?.kana ?? '',
    questions,
    points: rows.map((r) => ({ sessionId: r.sessionId, date: japanDate(r.startsAt), mode: r.mode, answers: r.answers })),
  };
}
