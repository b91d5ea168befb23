import { inTransaction } from '../db/transaction';
import { and, eq, gt, isNull, notExists, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newSecret } from '../db/ids';
import { attendance, callConnections, checkins, schedules, sessionPrograms, sessions, venues } from '../db/schema';
import { addDays, japanDate, japanInstant, japanWeekday } from '@shared/japanTime';
import { holidayOf } from './holidays';

export const PLANNING_HORIZON_DAYS = 14;

/**
 * Creates the planned sessions of every active weekly schedule of a venue in use for the coming two weeks, so
 * that hosts and invite links always find "today's session". National holidays and 年末年始 are skipped unless the
 * venue meets on holidays. Idempotent: (schedule, start) is unique.
 */
export async function planUpcomingSessions(db: Db, now = new Date(), days = PLANNING_HORIZON_DAYS): Promise<number> {
  const active = await db
    .select({ schedule: schedules, meetsOnHolidays: venues.meetsOnHolidays })
    .from(schedules)
    .innerJoin(venues, eq(venues.id, schedules.venueId))
    .where(and(eq(schedules.active, true), isNull(schedules.endedAt), isNull(venues.archivedAt)));
  const today = japanDate(now);
  const todayWeekday = japanWeekday(now);
  let created = 0;
  await inTransaction(db, async (tx) => {
    for (const { schedule, meetsOnHolidays } of active) {
      for (let offset = (schedule.weekday - todayWeekday + 7) % 7; offset < days; offset += 7) {
        const date = addDays(today, offset);
        if (!meetsOnHolidays && holidayOf(date)) continue;
        const result = await tx
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
          .returning({ id: sessions.id });
        created += result.length;
      }
    }
  });
  return created;
}

/**
 * Removes a weekly time's coming sessions that nobody has used yet (no call, attendance, check-in, program or
 * cancellation), so that a paused, ended or moved weekly time stops showing them; the planner makes new ones.
 */
export async function dropUnusedComingSessions(tx: Db, scheduleId: string, now: Date): Promise<void> {
  const used = (table: typeof attendance | typeof checkins | typeof callConnections | typeof sessionPrograms) =>
    tx
      .select({ one: sql`1` })
      .from(table)
      .where(eq(table.sessionId, sessions.id));
  await tx
    .delete(sessions)
    .where(
      and(
        eq(sessions.scheduleId, scheduleId),
        eq(sessions.status, 'planned'),
        gt(sessions.startsAt, now),
        isNull(sessions.cancelledAt),
        notExists(used(attendance)),
        notExists(used(checkins)),
        notExists(used(callConnections)),
        notExists(used(sessionPrograms)),
      ),
    );
}
