import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newSecret } from '../db/ids';
import { schedules, sessions, venues } from '../db/schema';
import { addDays, japanDate, japanInstant, japanWeekday } from '@shared/japanTime';
import { holidayOf } from './holidays';

export const PLANNING_HORIZON_DAYS = 14;

/**
 * Creates the planned sessions of every active weekly schedule of a venue in use for the coming two weeks, so
 * that hosts and invite links always find "today's session". National holidays and 年末年始 are skipped unless the
 * venue meets on holidays. Idempotent: (schedule, start) is unique.
 */
export function planUpcomingSessions(db: Db, now = new Date(), days = PLANNING_HORIZON_DAYS): number {
  const active = db
    .select({ schedule: schedules, meetsOnHolidays: venues.meetsOnHolidays })
    .from(schedules)
    .innerJoin(venues, eq(venues.id, schedules.venueId))
    .where(and(eq(schedules.active, true), isNull(schedules.endedAt), isNull(venues.archivedAt)))
    .all();
  const today = japanDate(now);
  const todayWeekday = japanWeekday(now);
  let created = 0;
  db.transaction((tx) => {
    for (const { schedule, meetsOnHolidays } of active) {
      for (let offset = (schedule.weekday - todayWeekday + 7) % 7; offset < days; offset += 7) {
        const date = addDays(today, offset);
        if (!meetsOnHolidays && holidayOf(date)) continue;
        const result = tx
          .insert(sessions)
          .values({
            id: newSecret(),
            venueId: schedule.venueId,
            scheduleId: schedule.id,
            title: schedule.title,
            startsAt: japanInstant(date, schedule.startTime),
            endsAt: japanInstant(date, schedule.endTime),
          })
          .onConflictDoNothing()
          .run();
        created += result.changes;
      }
    }
  });
  return created;
}

/**
 * Removes a weekly time's coming sessions that nobody has used yet (no call, attendance, check-in, program or
 * cancellation), so that a paused, ended or moved weekly time stops showing them; the planner makes new ones.
 */
export function dropUnusedComingSessions(tx: Pick<Db, 'run'>, scheduleId: string, now: Date): void {
  tx.run(sql`DELETE FROM sessions WHERE schedule_id = ${scheduleId} AND status = 'planned' AND starts_at > ${now.getTime()}
    AND cancelled_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM attendance WHERE session_id = sessions.id)
    AND NOT EXISTS (SELECT 1 FROM checkins WHERE session_id = sessions.id)
    AND NOT EXISTS (SELECT 1 FROM call_connections WHERE session_id = sessions.id)
    AND NOT EXISTS (SELECT 1 FROM session_programs WHERE session_id = sessions.id)`);
}
