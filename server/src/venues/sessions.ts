import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, japanInstant } from '@shared/japanTime';
import type { CreateSession, SessionListItem } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newSecret } from '../db/ids';
import { sessions, venues } from '../db/schema';

/** A venue's sessions: listed by Japan dates, or one added outside the weekly schedule. */
export class VenueSessionService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  listSessions(user: AuthUser, venueId: string, from?: string, to?: string): SessionListItem[] {
    this.permissions.assertVenue(user, venueId);
    const conditions = [eq(sessions.venueId, venueId)];
    if (from) conditions.push(gte(sessions.startsAt, japanInstant(from, '00:00')));
    if (to) conditions.push(lt(sessions.startsAt, japanInstant(addDays(to, 1), '00:00')));
    const rows = this.db
      .select({ session: sessions, venueName: venues.name })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .where(and(...conditions))
      .orderBy(asc(sessions.startsAt))
      .all();
    return rows.map(({ session, venueName }) => toSessionItem(session, venueName));
  }

  createSession(user: AuthUser, venueId: string, input: z.output<typeof CreateSession>): SessionListItem {
    this.permissions.assertVenue(user, venueId);
    const venue = this.db.select().from(venues).where(eq(venues.id, venueId)).get()!;
    const row = {
      id: newSecret(),
      venueId,
      title: input.title,
      startsAt: japanInstant(input.date, input.startTime),
      endsAt: japanInstant(input.date, input.endTime),
      status: 'planned' as const,
    };
    this.db.transaction((tx) => {
      tx.insert(sessions).values(row).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'session.create',
        entityType: 'session',
        entityId: row.id,
        after: input,
      });
    });
    return toSessionItem({ ...row, scheduleId: null, endedAt: null, createdAt: new Date() }, venue.name);
  }
}

export function toSessionItem(row: typeof sessions.$inferSelect, venueName: string): SessionListItem {
  return {
    id: row.id,
    venueId: row.venueId,
    venueName,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
  };
}
