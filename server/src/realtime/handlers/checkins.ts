import type { CheckinCallActions } from '../../checkins/callActions';
import type { HandlersOf } from './types';

/** A home participant's own check-in and frailty questionnaire. */
export function checkinHandlers(checkins: CheckinCallActions): HandlersOf<`checkin:${string}`> {
  return {
    'checkin:submit': (req, conn) => checkins.submit(conn, req),
    'checkin:submitQuestionnaire': (req, conn) => checkins.submitQuestionnaire(conn, req),
  };
}
