import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import { japanDate, japanInstant } from '@shared/japanTime';
import type { JoinCredentials, PeerRole, SessionSummary } from '@shared/call/schemas';
import type { InviteInfo } from '@shared/sessions/schemas';
import type { Db } from '../db/client';
import { invites, participants, sessions, venues } from '../db/schema';
import { AppError } from '../core/errors';

/** Who is joining a call, once their credentials have been checked. */
export interface CallIdentity {
  /** Stable per person and session: the peer id, and the key for "already joined". */
  peerId: string;
  role: PeerRole;
  displayName: string;
  participantId: string | null;
  session: SessionSummary;
}

type SessionRow = typeof sessions.$inferSelect;

export class SessionService {
  private readonly inviteByToken;
  private readonly sessionsBetween;
  private readonly setLive;
  constructor(private readonly db: Db) {
    this.inviteByToken = db
      .select({
        participantId: invites.participantId,
        venueId: invites.venueId,
        revokedAt: invites.revokedAt,
        displayName: participants.displayName,
        venueName: venues.name,
      })
      .from(invites)
      .innerJoin(participants, eq(participants.id, invites.participantId))
      .innerJoin(venues, eq(venues.id, invites.venueId))
      .where(eq(invites.token, sql.placeholder('token')))
      .prepare();
    this.sessionsBetween = db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.venueId, sql.placeholder('venueId')),
          gte(sessions.startsAt, sql.placeholder('from')),
          lt(sessions.startsAt, sql.placeholder('to')),
        ),
      )
      .orderBy(asc(sessions.startsAt))
      .prepare();
    this.setLive = db
      .update(sessions)
      .set({ status: 'live' })
      .where(and(eq(sessions.id, sql.placeholder('id')), eq(sessions.status, 'planned')))
      .prepare();
  }

  getSession(sessionId: string): SessionSummary {
    const row = this.db
      .select({ session: sessions, venueName: venues.name })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .where(eq(sessions.id, sessionId))
      .get();
    if (!row) throw new AppError('SESSION_NOT_FOUND', 'No session has this id');
    return toSummary(row.session, row.venueName);
  }

  getInviteInfo(token: string): InviteInfo {
    const invite = this.findValidInvite(token);
    const session = this.currentSessionOfVenue(invite.venueId);
    return {
      participantName: invite.displayName,
      venueName: invite.venueName,
      session: session ? toSummary(session, invite.venueName) : null,
    };
  }

  /** Checks join credentials and says who is joining which session. */
  resolveJoin(credentials: JoinCredentials): CallIdentity {
    if (credentials.role === 'venue') {
      const session = this.getSession(credentials.sessionId);
      assertNotEnded(session);
      return { peerId: 'venue', role: 'venue', displayName: session.venueName, participantId: null, session };
    }
    const invite = this.findValidInvite(credentials.token);
    const row = this.currentSessionOfVenue(invite.venueId);
    if (!row) {
      if (this.todaysSessions(invite.venueId).length > 0) throw new AppError('SESSION_ENDED', "Today's session has ended");
      throw new AppError('NO_ACTIVE_SESSION', 'This venue has no session planned or running');
    }
    const session = toSummary(row, invite.venueName);
    return {
      peerId: `p-${invite.participantId}`,
      role: 'home',
      displayName: invite.displayName,
      participantId: invite.participantId,
      session,
    };
  }

  /** Whether an invite link still opens calls (a stopped or replaced link does not). */
  isInviteValid(token: string): boolean {
    const invite = this.inviteByToken.get({ token });
    return invite !== undefined && invite.revokedAt === null;
  }

  markLive(sessionId: string): void {
    this.setLive.run({ id: sessionId });
  }

  markEnded(sessionId: string, now = new Date()): void {
    this.db
      .update(sessions)
      .set({ status: 'ended', endedAt: now })
      .where(and(eq(sessions.id, sessionId), ne(sessions.status, 'ended')))
      .run();
  }

  private findValidInvite(token: string) {
    const invite = this.inviteByToken.get({ token });
    if (!invite || invite.revokedAt) throw new AppError('INVALID_TOKEN', 'This invite link is unknown or no longer valid');
    return invite;
  }

  /** Today's sessions of the venue (Japan date), a live one first. */
  private todaysSessions(venueId: string, now = new Date()): SessionRow[] {
    const dayStart = japanInstant(japanDate(now), '00:00');
    const dayEnd = new Date(dayStart.getTime() + 24 * 60 * 60 * 1000);
    const rows = this.sessionsBetween.all({ venueId, from: dayStart.getTime(), to: dayEnd.getTime() });
    return rows.sort((a, b) => statusRank(a.status) - statusRank(b.status));
  }

  /** The session a home participant's link opens now: today's, not ended. */
  private currentSessionOfVenue(venueId: string): SessionRow | undefined {
    return this.todaysSessions(venueId).find((s) => s.status !== 'ended');
  }
}

const statusRank = (status: SessionRow['status']) => (status === 'live' ? 0 : status === 'planned' ? 1 : 2);

function assertNotEnded(session: SessionSummary): void {
  if (session.status === 'ended') throw new AppError('SESSION_ENDED', 'This session has ended');
}

function toSummary(row: SessionRow, venueName: string): SessionSummary {
  return {
    id: row.id,
    title: row.title,
    venueName,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
  };
}
