import { inTransaction } from '../db/transaction';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, japanInstant } from '@shared/japanTime';
import type { CreateSession, SessionListItem } from '@shared/venues/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { systemClock, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newSecret } from '../db/ids';
import { sessions, venues } from '../db/schema';

type SessionRow = typeof sessions.$inferSelect;

/** A venue's sessions: listed by Japan dates, one added outside the weekly schedule, or one cancelled (お休み). */
export class VenueSessionService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly clock: Clock = systemClock,
  ) {}

  async listSessions(user: AuthUser, venueId: string, from?: string, to?: string): Promise<SessionListItem[]> {
    this.permissions.assertVenue(user, venueId);
    const conditions = [eq(sessions.venueId, venueId)];
    if (from) conditions.push(gte(sessions.startsAt, japanInstant(from, '00:00')));
    if (to) conditions.push(lt(sessions.startsAt, japanInstant(addDays(to, 1), '00:00')));
    const rows = await this.db
      .select({ session: sessions, venueName: venues.name })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .where(and(...conditions))
      .orderBy(asc(sessions.startsAt));
    return rows.map(({ session, venueName }) => toSessionItem(session, venueName));
  }

  async createSession(user: AuthUser, venueId: string, input: z.output<typeof CreateSession>): Promise<SessionListItem> {
    this.permissions.assertVenue(user, venueId);
    const venue = (await this.db.select().from(venues).where(eq(venues.id, venueId)).limit(1))[0]!;
    const row = {
      id: newSecret(),
      venueId,
      title: input.title,
      startsAt: japanInstant(input.date, input.startTime),
      endsAt: japanInstant(input.date, input.endTime),
      status: 'planned' as const,
    };
    await inTransaction(this.db, async (tx) => {
      await tx.insert(sessions).values(row);
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'session.create',
        entityType: 'session',
        entityId: row.id,
        after: input,
      });
    });
    return toSessionItem(
      { ...row, scheduleId: null, endedAt: null, createdAt: new Date(), cancelledAt: null, cancelReason: null },
      venue.name,
    );
  }

  /**
   * お休み (typhoon, …) with a reason everyone sees: nobody can join, it is not held, nobody is absent. Only a session
   * still to come: one under way or past is a CONFLICT. Cancelling again changes the reason.
   */
  async cancelSession(user: AuthUser, sessionId: string, reason: string): Promise<SessionListItem> {
    const { session, venueName } = await this.sessionOf(user, sessionId);
    if (session.status !== 'planned' || this.clock.now() >= session.endsAt) {
      throw new AppError('CONFLICT', 'This session is under way or already over; only a coming session can be cancelled', 'sessionId');
    }
    const changes = { cancelledAt: session.cancelledAt ?? this.clock.now(), cancelReason: reason };
    await inTransaction(this.db, async (tx) => {
      await tx.update(sessions).set(changes).where(eq(sessions.id, sessionId));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'session.cancel',
        entityType: 'session',
        entityId: sessionId,
        after: { reason },
      });
    });
    return toSessionItem({ ...session, ...changes }, venueName);
  }

  /** Takes a cancellation back, before the session's start (after it, a CONFLICT). */
  async uncancelSession(user: AuthUser, sessionId: string): Promise<SessionListItem> {
    const { session, venueName } = await this.sessionOf(user, sessionId);
    if (!session.cancelledAt) throw new AppError('CONFLICT', 'This session is not cancelled', 'sessionId');
    if (this.clock.now() >= session.startsAt)
      throw new AppError('CONFLICT', 'This session’s start has passed; it stays cancelled', 'sessionId');
    await inTransaction(this.db, async (tx) => {
      await tx.update(sessions).set({ cancelledAt: null, cancelReason: null }).where(eq(sessions.id, sessionId));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'session.uncancel',
        entityType: 'session',
        entityId: sessionId,
        before: { reason: session.cancelReason },
      });
    });
    return toSessionItem({ ...session, cancelledAt: null, cancelReason: null }, venueName);
  }

  private async sessionOf(user: AuthUser, sessionId: string): Promise<{ session: SessionRow; venueName: string }> {
    await this.permissions.assertSession(user, sessionId);
    return (
      await this.db
        .select({ session: sessions, venueName: venues.name })
        .from(sessions)
        .innerJoin(venues, eq(venues.id, sessions.venueId))
        .where(eq(sessions.id, sessionId))
        .limit(1)
    )[0]!;
  }
}

export function toSessionItem(row: SessionRow, venueName: string): SessionListItem {
  return {
    id: row.id,
    venueId: row.venueId,
    venueName,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
  };
}
