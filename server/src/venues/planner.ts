import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newSecret } from '../db/ids';
import { schedules, sessions } from '../db/schema';
import { addDays, japanDate, japanInstant, japanWeekday } from '@shared/japanTime';

export const PLANNING_HORIZON_DAYS = 14;

/**
 * Creates the planned sessions of every active weekly schedule for the coming two weeks, so that
 * hosts and invite links always find "today's session". Idempotent: (schedule, start) is unique.
 */
export function planUpcomingSessions(db: Db, now = new Date(), days = PLANNING_HORIZON_DAYS): number {
  const active = db.select().from(schedules).where(eq(schedules.active, true)).all();
  const today = japanDate(now);
  const todayWeekday = japanWeekday(now);
  let created = 0;
  db.transaction((tx) => {
    for (const schedule of active) {
      for (let offset = (schedule.weekday - todayWeekday + 7) % 7; offset < days; offset += 7) {
        const date = addDays(today, offset);
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
