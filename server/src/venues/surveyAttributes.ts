import { inTransaction } from '../db/transaction';
import { eq } from 'drizzle-orm';
import type { VenueSurveyAttributes } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { venues } from '../db/schema';

type VenueRow = typeof venues.$inferSelect;

/** A venue's survey attributes as the API shows them. */
export function surveyAttributesOf(row: VenueRow): VenueSurveyAttributes {
  return {
    operator: row.surveyOperator,
    place: row.surveyPlace,
    activities: row.surveyActivities,
    mainActivity: row.surveyMainActivity,
  };
}

/** The venue columns that hold `attributes`. */
export function surveyColumns(attributes: VenueSurveyAttributes) {
  return {
    surveyOperator: attributes.operator,
    surveyPlace: attributes.place,
    surveyActivities: attributes.activities,
    surveyMainActivity: attributes.mainActivity,
  };
}

/**
 * PUT /api/venues/:venueId/survey-attributes: replaces the venue's survey attributes (nothing else of the venue),
 * audited with before and after. Another organisation's venue is 404.
 */
export async function setSurveyAttributes(
  db: Db,
  user: AuthUser,
  venueId: string,
  attributes: VenueSurveyAttributes,
): Promise<VenueSurveyAttributes> {
  if (!user.venueIds.includes(venueId)) throw new AppError('NOT_FOUND', 'No venue with this id');
  await inTransaction(db, async (tx) => {
    const before = (await tx.select().from(venues).where(eq(venues.id, venueId)).limit(1))[0];
    if (!before) throw new AppError('NOT_FOUND', 'No venue with this id');
    await tx.update(venues).set(surveyColumns(attributes)).where(eq(venues.id, venueId));
    await writeAudit(tx, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'venue.surveyAttributes',
      entityType: 'venue',
      entityId: venueId,
      before: surveyAttributesOf(before),
      after: attributes,
    });
  });
  return attributes;
}
