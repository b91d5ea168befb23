import { inTransaction } from '../db/transaction';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { NO_SURVEY_ATTRIBUTES } from '@shared/venues/surveySchemas';
import type { UpdateVenue, Venue, VenueSurveyAttributes } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { systemClock, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { schedules, venues } from '../db/schema';
import { dropUnusedComingSessions, planUpcomingSessions } from './planner';
import { toSchedule } from './schedules';
import { setSurveyAttributes, surveyAttributesOf, surveyColumns } from './surveyAttributes';

type VenueRow = typeof venues.$inferSelect;

/** The organisation's venues in use, each with its weekly schedules; edited, or archived (off the lists, data kept). */
export class VenueService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly clock: Clock = systemClock,
  ) {}

  async listVenues(user: AuthUser): Promise<Venue[]> {
    if (user.venueIds.length === 0) return [];
    const rows = await this.db
      .select()
      .from(venues)
      .where(and(inArray(venues.id, user.venueIds), isNull(venues.archivedAt)))
      .orderBy(asc(venues.name));
    return Promise.all(rows.map((venue) => this.toVenue(venue)));
  }

  async createVenue(user: AuthUser, name: string, survey: VenueSurveyAttributes = NO_SURVEY_ATTRIBUTES): Promise<Venue> {
    const id = newId('ven');
    await inTransaction(this.db, async (tx) => {
      await tx.insert(venues).values({ id, organisationId: user.organisationId, name, ...surveyColumns(survey) });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.create',
        entityType: 'venue',
        entityId: id,
        after: { name, survey },
      });
    });
    user.venueIds.push(id);
    return { id, name, schedules: [], meetsOnHolidays: false, survey };
  }

  /** A new name, or whether it meets on holidays (its coming sessions are then planned again). */
  async updateVenue(user: AuthUser, venueId: string, patch: z.output<typeof UpdateVenue>): Promise<Venue> {
    const before = await this.venueInUse(user, venueId);
    const holidaysChanged = patch.meetsOnHolidays !== undefined && patch.meetsOnHolidays !== before.meetsOnHolidays;
    await inTransaction(this.db, async (tx) => {
      await tx.update(venues).set(patch).where(eq(venues.id, venueId));
      if (holidaysChanged) {
        const scheduleIds = await tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.venueId, venueId));
        for (const { id } of scheduleIds) await dropUnusedComingSessions(tx, id, this.clock.now());
      }
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.update',
        entityType: 'venue',
        entityId: venueId,
        before: { name: before.name, meetsOnHolidays: before.meetsOnHolidays },
        after: patch,
      });
    });
    if (holidaysChanged) await planUpcomingSessions(this.db, this.clock.now());
    return await this.toVenue({ ...before, ...patch });
  }

  /** Off the lists and the planner; its sessions, people, links and attendance stay (reports do not change). */
  async archiveVenue(user: AuthUser, venueId: string): Promise<void> {
    await this.venueInUse(user, venueId);
    const now = this.clock.now();
    await inTransaction(this.db, async (tx) => {
      await tx.update(venues).set({ archivedAt: now }).where(eq(venues.id, venueId));
      const scheduleIds = await tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.venueId, venueId));
      for (const { id } of scheduleIds) await dropUnusedComingSessions(tx, id, now);
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.archive',
        entityType: 'venue',
        entityId: venueId,
      });
    });
  }

  /** Only the national survey's attributes of a venue (the organiser's). */
  async setSurveyAttributes(user: AuthUser, venueId: string, attributes: VenueSurveyAttributes): Promise<VenueSurveyAttributes> {
    await this.venueInUse(user, venueId);
    return await setSurveyAttributes(this.db, user, venueId, attributes);
  }

  private async venueInUse(user: AuthUser, venueId: string): Promise<VenueRow> {
    this.permissions.assertVenue(user, venueId);
    const row = (await this.db.select().from(venues).where(eq(venues.id, venueId)).limit(1))[0];
    if (!row || row.archivedAt) throw new AppError('NOT_FOUND', 'No venue with this id (it may be archived)', 'venueId');
    return row;
  }

  private async toVenue(venue: VenueRow): Promise<Venue> {
    const scheduleRows = await this.db
      .select()
      .from(schedules)
      .where(and(eq(schedules.venueId, venue.id), isNull(schedules.endedAt)))
      .orderBy(asc(schedules.weekday), asc(schedules.startTime));
    return {
      id: venue.id,
      name: venue.name,
      schedules: scheduleRows.map(toSchedule),
      meetsOnHolidays: venue.meetsOnHolidays,
      survey: surveyAttributesOf(venue),
    };
  }
}
