import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { InstantRange } from '@shared/japanTime';
import type { VenueActivity, VenueOperator, VenuePlace } from '@shared/venues/surveyCategories';
import { heldBefore } from '../checkins/held';
import type { Db } from '../db/client';
import { byCodePoint } from '../db/dialect';
import { attendance, participants, sessions, venues } from '../db/schema';
import type { AttendanceFact } from './figures';

/** The survey's reads, on an export's read snapshot (`snapshot.db`, see reports/snapshot.ts), through drizzle. */
export type SurveyReader = ReturnType<typeof surveyReader>;

export interface SurveyVenue {
  id: string;
  name: string;
  operator: VenueOperator | null;
  place: VenuePlace | null;
  activities: VenueActivity[];
  mainActivity: VenueActivity | null;
}

export function surveyReader(db: Db) {
  return {
    /** The venues with their survey attributes, by name. */
    async venues(venueIds: readonly string[]): Promise<SurveyVenue[]> {
      if (venueIds.length === 0) return [];
      return await db
        .select({
          id: venues.id,
          name: venues.name,
          operator: venues.surveyOperator,
          place: venues.surveyPlace,
          activities: venues.surveyActivities,
          mainActivity: venues.surveyMainActivity,
        })
        .from(venues)
        .where(inArray(venues.id, [...venueIds]))
        .orderBy(asc(byCodePoint(venues.name)), asc(byCodePoint(venues.id)));
    },

    /** Sessions of the venue that started in `range` and were held by `now` (heldBefore: the one definition), oldest first. */
    async heldSessions(venueId: string, range: InstantRange, now: Date): Promise<{ id: string; startsAt: Date }[]> {
      return await db
        .select({ id: sessions.id, startsAt: sessions.startsAt })
        .from(sessions)
        .where(
          and(
            eq(sessions.venueId, venueId),
            gte(sessions.startsAt, new Date(range.fromMs)),
            lt(sessions.startsAt, new Date(range.toMs)),
            heldBefore(now),
          ),
        )
        .orderBy(asc(sessions.startsAt), asc(byCodePoint(sessions.id)));
    },

    /** The venue's attendance rows of sessions that started in `range`, with each person's sex and birth year. */
    async attendance(venueId: string, range: InstantRange): Promise<AttendanceFact[]> {
      return await db
        .select({
          sessionId: attendance.sessionId,
          participantId: attendance.participantId,
          mode: attendance.mode,
          sex: participants.sex,
          birthYear: participants.birthYear,
        })
        .from(attendance)
        .innerJoin(sessions, eq(sessions.id, attendance.sessionId))
        .innerJoin(participants, eq(participants.id, attendance.participantId))
        .where(
          and(eq(sessions.venueId, venueId), gte(sessions.startsAt, new Date(range.fromMs)), lt(sessions.startsAt, new Date(range.toMs))),
        );
    },
  };
}
