import type { CheckinCallActions } from '../../checkins/callActions';
import type { HandlersOf } from './types';

/** A home participant's own check-in and frailty questionnaire. */
export function checkinHandlers(checkins: CheckinCallActions): HandlersOf<`checkin:${string}`> {
  return {
    'checkin:submit': async (req, conn) => await checkins.submit(conn, req),
    'checkin:submitQuestionnaire': async (req, conn) => await checkins.submitQuestionnaire(conn, req),
  };
}
