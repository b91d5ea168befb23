import { z } from 'zod';
import { japanToday } from '../japanTime';
import { FIRST_BIRTH_YEAR, PARTICIPANT_SEXES, VENUE_ACTIVITIES, VENUE_OPERATORS, VENUE_PLACES } from './surveyCategories';

/**
 * The survey's attributes of a venue (通いの場の類型化 Ver.1.0): who runs it, where, its activities (several) and
 * the main one, which must be one of them. Null / empty: not said yet.
 */
export const VenueSurveyAttributes = z
  .object({
    operator: z.enum(VENUE_OPERATORS).nullable(),
    place: z.enum(VENUE_PLACES).nullable(),
    activities: z
      .array(z.enum(VENUE_ACTIVITIES))
      .max(VENUE_ACTIVITIES.length)
      .refine((list) => new Set(list).size === list.length, 'each activity at most once'),
    mainActivity: z.enum(VENUE_ACTIVITIES).nullable(),
  })
  .refine((a) => a.mainActivity === null || a.activities.includes(a.mainActivity), {
    message: 'must be one of activities',
    path: ['mainActivity'],
  });
export type VenueSurveyAttributes = z.infer<typeof VenueSurveyAttributes>;

export const NO_SURVEY_ATTRIBUTES: VenueSurveyAttributes = Object.freeze({
  operator: null,
  place: null,
  activities: [],
  mainActivity: null,
});

/** Optional, only for the survey's counts by sex. */
export const ParticipantSex = z.enum(PARTICIPANT_SEXES);

/** Optional, only for the survey's counts by age band: 1900 to this year in Japan. */
export const BirthYear = z
  .number()
  .int()
  .min(FIRST_BIRTH_YEAR)
  .refine((year) => year <= Number(japanToday().slice(0, 4)), 'must not be after this year');
