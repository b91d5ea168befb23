import { inTransaction } from '../db/transaction';
import { and, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateSchedule, Schedule, UpdateSchedule } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { systemClock, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { schedules } from '../db/schema';
import { dropUnusedComingSessions, planUpcomingSessions } from './planner';

type ScheduleRow = typeof schedules.$inferSelect;
type ScheduleTimes = Pick<ScheduleRow, 'venueId' | 'weekday' | 'startTime'>;

/** A venue's weekly times; each plans its coming sessions (planner.ts). Edited, paused and resumed, or ended. */
export class ScheduleService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Adds a weekly time and plans its coming sessions at once. The same weekday and start twice is a CONFLICT. */
  async addSchedule(user: AuthUser, venueId: string, input: z.output<typeof CreateSchedule>): Promise<Schedule> {
    this.permissions.assertVenue(user, venueId);
    await this.assertNoTwin({ venueId, weekday: input.weekday, startTime: input.startTime });
    const row: ScheduleRow = { id: newId('sch'), venueId, ...input, active: true, createdAt: this.clock.now(), endedAt: null };
    await inTransaction(this.db, async (tx) => {
      await tx.insert(schedules).values(row);
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'schedule.create',
        entityType: 'schedule',
        entityId: row.id,
        after: input,
      });
    });
    await planUpcomingSessions(this.db, this.clock.now());
    return toSchedule(row);
  }

  /**
   * New times or title, or a pause (`active: false`) or resumption: the coming sessions nobody has used yet are
   * removed and planned again from the new times. An ended weekly time cannot change (CONFLICT).
   */
  async updateSchedule(user: AuthUser, scheduleId: string, patch: z.output<typeof UpdateSchedule>): Promise<Schedule> {
    const before = await this.scheduleOf(user, scheduleId);
    if (before.endedAt) throw new AppError('CONFLICT', 'This weekly time has ended; add a new one instead', 'scheduleId');
    const after = { ...before, ...patch };
    if (after.startTime >= after.endTime) throw new AppError('INVALID_PAYLOAD', 'endTime: must be after startTime', 'endTime');
    if (after.active) await this.assertNoTwin(after, scheduleId);
    await inTransaction(this.db, async (tx) => {
      await tx.update(schedules).set(patch).where(eq(schedules.id, scheduleId));
      await dropUnusedComingSessions(tx, scheduleId, this.clock.now());
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: patch.active === false ? 'schedule.pause' : 'schedule.update',
        entityType: 'schedule',
        entityId: scheduleId,
        before: pick(before, Object.keys(patch) as (keyof ScheduleRow)[]),
        after: patch,
      });
    });
    await planUpcomingSessions(this.db, this.clock.now());
    return toSchedule(after);
  }

  /** Ends a weekly time for good: nothing more is planned, its unused coming sessions go; past ones stay. */
  async endSchedule(user: AuthUser, scheduleId: string): Promise<Schedule> {
    const before = await this.scheduleOf(user, scheduleId);
    if (before.endedAt) throw new AppError('CONFLICT', 'This weekly time has already ended', 'scheduleId');
    const endedAt = this.clock.now();
    await inTransaction(this.db, async (tx) => {
      await tx.update(schedules).set({ active: false, endedAt }).where(eq(schedules.id, scheduleId));
      await dropUnusedComingSessions(tx, scheduleId, endedAt);
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'schedule.end',
        entityType: 'schedule',
        entityId: scheduleId,
      });
    });
    return toSchedule({ ...before, active: false, endedAt });
  }

  private async scheduleOf(user: AuthUser, scheduleId: string): Promise<ScheduleRow> {
    const row = (await this.db.select().from(schedules).where(eq(schedules.id, scheduleId)).limit(1))[0];
    if (!row || !user.venueIds.includes(row.venueId)) throw new AppError('NOT_FOUND', 'No weekly time with this id', 'scheduleId');
    return row;
  }

  private async assertNoTwin(times: ScheduleTimes, exceptId = ''): Promise<void> {
    const same = (
      await this.db
        .select({ id: schedules.id })
        .from(schedules)
        .where(
          and(
            eq(schedules.venueId, times.venueId),
            eq(schedules.weekday, times.weekday),
            eq(schedules.startTime, times.startTime),
            eq(schedules.active, true),
            ne(schedules.id, exceptId),
          ),
        )
        .limit(1)
    )[0];
    if (same) throw new AppError('CONFLICT', 'This venue already meets on this weekday at this time', 'startTime');
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
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

function pick<T extends object>(row: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Partial<T>;
}
