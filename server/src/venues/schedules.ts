import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateSchedule, Schedule } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { schedules } from '../db/schema';
import { planUpcomingSessions } from './planner';

type ScheduleRow = typeof schedules.$inferSelect;

/** A venue's weekly times; each plans its coming sessions (planner.ts). */
export class ScheduleService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

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
}

export function toSchedule(row: ScheduleRow): Schedule {
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
