import { asc, inArray } from 'drizzle-orm';
import { NO_SURVEY_ATTRIBUTES } from '@shared/venues/surveySchemas';
import type { Venue, VenueSurveyAttributes } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { schedules, venues } from '../db/schema';
import { toSchedule } from './schedules';
import { setSurveyAttributes, surveyAttributesOf, surveyColumns } from './surveyAttributes';

/** The organisation's venues, each with its weekly schedules. */
export class VenueService {
  constructor(private readonly db: Db) {}

  listVenues(user: AuthUser): Venue[] {
    if (user.venueIds.length === 0) return [];
    const rows = this.db.select().from(venues).where(inArray(venues.id, user.venueIds)).orderBy(asc(venues.name)).all();
    const scheduleRows = this.db
      .select()
      .from(schedules)
      .where(inArray(schedules.venueId, user.venueIds))
      .orderBy(asc(schedules.weekday), asc(schedules.startTime))
      .all();
    return rows.map((venue) => ({
      id: venue.id,
      name: venue.name,
      schedules: scheduleRows.filter((s) => s.venueId === venue.id).map(toSchedule),
      survey: surveyAttributesOf(venue),
    }));
  }

  createVenue(user: AuthUser, name: string, survey: VenueSurveyAttributes = NO_SURVEY_ATTRIBUTES): Venue {
    const id = newId('ven');
    this.db.transaction((tx) => {
      tx.insert(venues)
        .values({ id, organisationId: user.organisationId, name, ...surveyColumns(survey) })
        .run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.create',
        entityType: 'venue',
        entityId: id,
        after: { name, survey },
      });
    });
    user.venueIds.push(id);
    return { id, name, schedules: [], survey };
  }

  /** Only the national survey's attributes of a venue (the organiser's). */
  setSurveyAttributes(user: AuthUser, venueId: string, attributes: VenueSurveyAttributes): VenueSurveyAttributes {
    return setSurveyAttributes(this.db, user, venueId, attributes);
  }
}
