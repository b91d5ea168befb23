import { z } from 'zod';
import { CalendarMonth, EntityId } from '../common';
import { japanMonth } from '../japanTime';
import { LIST_LIMITS } from '../limits';

/** Comma-separated venue ids (`venueIds=a,b`); empty or absent: every venue of the organiser. */
const SurveyVenueIds = z
  .string()
  .max(LIST_LIMITS.venueIdsChars)
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(EntityId).max(LIST_LIMITS.venueIds, `at most ${LIST_LIMITS.venueIds} venues`));

/**
 * The national survey's report (通いの場): `month` is the survey month, a Japan month not after this one; the
 * report covers that month and its fiscal year from April to that month.
 */
export const SurveyQuery = z.object({
  month: CalendarMonth.refine((month) => month <= japanMonth(new Date()), 'must not be in the future'),
  venueIds: SurveyVenueIds.optional(),
});
export type SurveyQuery = z.output<typeof SurveyQuery>;
