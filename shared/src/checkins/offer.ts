import { z } from 'zod';
import { CheckinQuestion } from './questions';

/*
 * The check-in offer travels in the call's join answer (shared/src/call/schemas.ts), so it lives apart from
 * checkins/schemas.ts, which imports the attendance schemas, which import the call schemas: importing those
 * back from the call schemas would be a cycle. checkins/schemas.ts re-exports both names.
 */

export const CHECKIN_TIMINGS = ['after-join', 'before-leave'] as const;
export const CheckinTiming = z.enum(CHECKIN_TIMINGS);
export type CheckinTiming = z.infer<typeof CheckinTiming>;

/** What a home participant's screen needs to offer the check-in (sent with the join answer). */
export const CheckinOffer = z.object({
  /** False when the participant has not consented: they are not asked, and the screen says why. */
  consent: z.boolean(),
  timing: CheckinTiming,
  questions: z.array(CheckinQuestion),
  alreadyAnswered: z.boolean(),
  /** The 15-item questionnaire may be offered (none in the last six months, and consent given). */
  questionnaireDue: z.boolean(),
});
export type CheckinOffer = z.infer<typeof CheckinOffer>;
