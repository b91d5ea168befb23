import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { sessions } from '../db/schema';

/**
 * A session that took place, for the watch-over list and trends: it was ended, or its planned end has passed
 * with somebody's attendance recorded (a session whose host never pressed 「集まりを終える」). A session still
 * under way is not counted yet, so nobody is "absent" from a gathering they may still join. A cancelled session
 * (お休み) is never held: it counts neither as held nor as anybody's absence. The one definition (the watch-over
 * rule, trends and the survey use it).
 */
export function heldBefore(now: Date) {
  return and(
    isNull(sessions.cancelledAt),
    or(
      eq(sessions.status, 'ended'),
      and(lte(sessions.endsAt, now), sql`exists (select 1 from attendance x where x.session_id = ${sessions.id})`),
    ),
  )!;
}
