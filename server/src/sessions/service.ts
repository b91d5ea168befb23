import { and, asc, eq, gte, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { addDays, japanDate, japanInstant } from '@shared/japanTime';
import type { JoinCredentials, PeerRole, SessionSummary } from '@shared/call/schemas';
import type { InviteDay, InviteInfo } from '@shared/sessions/schemas';
import type { Db } from '../db/client';
import { msAsTime } from '../db/dialect';
import { invites, participants, sessions, venues } from '../db/schema';
import { systemClock, type Clock } from '../core/clock';
import { PRODUCTION_SESSION_DAY, type SessionDaySettings } from '../core/config';
import { AppError } from '../core/errors';
import { autoEndAt, japanClockTime, joinClosesAt, joinOpensAt } from './sessionDay';

/** Production's day of a session (without the demo and without settings). */
export const DEFAULT_SESSION_DAY: SessionDaySettings = PRODUCTION_SESSION_DAY;

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
  /** The join path's statements, prepared once (drizzle's .prepare(), awaited on both databases): every join runs them. */
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
    private readonly day: SessionDaySettings = DEFAULT_SESSION_DAY,
  ) {
    this.statements = prepareJoinStatements(db);
  }

  async getSession(sessionId: string): Promise<SessionSummary> {
    const row = await this.sessionRow(sessionId);
    return toSummary(row.session, row.venueName);
  }

  async getInviteInfo(token: string): Promise<InviteInfo> {
    const invite = await this.findValidInvite(token);
    const { day, row } = await this.todayOfVenue(invite.venueId);
    const next = row && day !== 'finished' && day !== 'cancelled' ? undefined : await this.nextSessionAfterToday(invite.venueId);
    return {
      participantName: invite.displayName,
      venueName: invite.venueName,
      session: row ? toSummary(row, invite.venueName) : null,
      day,
      joinOpensAt: row ? joinOpensAt(row, this.day).toISOString() : null,
      cancelReason: day === 'cancelled' ? (row?.cancelReason ?? null) : null,
      next: next ? { startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() } : null,
    };
  }

  /** Checks join credentials and says who is joining which session. */
  async resolveJoin(credentials: JoinCredentials): Promise<CallIdentity> {
    if (credentials.role === 'venue') {
      const row = await this.sessionRow(credentials.sessionId);
      if (row.session.cancelledAt) throw new AppError('SESSION_CANCELLED', `This session was cancelled: ${row.session.cancelReason ?? ''}`);
      const session = toSummary(row.session, row.venueName);
      assertNotEnded(session);
      if (this.clock.now() >= autoEndAt(row.session, this.day)) throw new AppError('SESSION_ENDED', 'This session is over');
      return { peerId: 'venue', role: 'venue', displayName: session.venueName, participantId: null, session };
    }
    const invite = await this.findValidInvite(credentials.token);
    return await this.joinToday({ participantId: invite.participantId, displayName: invite.displayName }, invite.venueId, invite.venueName);
  }

  /**
   * The same day rules as an invite link for someone found another way (the telephone: caller ID or keypad number):
   * today's joinable session of the venue, or the AppError a link would get. The peer id differs from the link's
   * (`tel-…`), so a phone call and a screen of the same person do not replace each other.
   */
  async joinByPhone(participant: { participantId: string; displayName: string }, venueId: string): Promise<CallIdentity> {
    const venue = (await this.db.select({ name: venues.name }).from(venues).where(eq(venues.id, venueId)).limit(1))[0];
    if (!venue) throw new AppError('NOT_FOUND', 'No venue with this id');
    return { ...(await this.joinToday(participant, venueId, venue.name)), peerId: `tel-${participant.participantId}` };
  }

  /** Where today stands at the venue (as an invite link's lobby says it): a phone prompt names the next time. */
  async venueDay(venueId: string): Promise<{ day: InviteDay; joinOpensAt: Date | null; next: Date | null }> {
    const { day, row } = await this.todayOfVenue(venueId);
    const next = row && day !== 'finished' && day !== 'cancelled' ? undefined : await this.nextSessionAfterToday(venueId);
    return { day, joinOpensAt: row ? joinOpensAt(row, this.day) : null, next: next?.startsAt ?? null };
  }

  private async joinToday(
    person: { participantId: string; displayName: string },
    venueId: string,
    venueName: string,
  ): Promise<CallIdentity> {
    const { day, row } = await this.todayOfVenue(venueId);
    if (day === 'none' || !row) throw new AppError('NO_ACTIVE_SESSION', 'This venue has no session planned or running');
    if (day === 'finished') throw new AppError('SESSION_ENDED', "Today's session has ended");
    if (day === 'cancelled') throw new AppError('SESSION_CANCELLED', `Today's session is cancelled: ${row.cancelReason ?? ''}`);
    if (day === 'upcoming') {
      const opens = joinOpensAt(row, this.day);
      throw new AppError('NOT_YET_OPEN', `You can join from ${japanClockTime(opens)} (Japan time), ${opens.toISOString()}`);
    }
    const session = toSummary(row, venueName);
    return {
      peerId: `p-${person.participantId}`,
      role: 'home',
      displayName: person.displayName,
      participantId: person.participantId,
      session,
    };
  }

  /** Whether an invite link still opens calls (a stopped or replaced link does not). */
  async isInviteValid(token: string): Promise<boolean> {
    const invite = await this.inviteByToken(token);
    return invite !== undefined && invite.revokedAt === null;
  }

  async markLive(sessionId: string): Promise<void> {
    await this.statements.setLive.execute({ id: sessionId });
  }

  /** Live sessions whose planned end was long enough ago: the server ends them (CallService.endOverdueSessions). */
  async overdueLiveSessions(): Promise<string[]> {
    const now = this.clock.now();
    const latestEnd = new Date(now.getTime() - this.day.autoEndMinutes * 60_000);
    return (
      await this.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.status, 'live'), lte(sessions.endsAt, latestEnd)))
    ).map((r) => r.id);
  }

  async markEnded(sessionId: string, now = this.clock.now()): Promise<void> {
    await this.db
      .update(sessions)
      .set({ status: 'ended', endedAt: now })
      .where(and(eq(sessions.id, sessionId), ne(sessions.status, 'ended')));
  }

  private async inviteByToken(token: string) {
    const [invite] = await this.statements.inviteByToken.execute({ token });
    return invite;
  }

  private async sessionsBetween(venueId: string, from: Date, to: Date): Promise<SessionRow[]> {
    return await this.statements.sessionsBetween.execute({ venueId, fromMs: from.getTime(), toMs: to.getTime() });
  }

  private async findValidInvite(token: string) {
    const invite = await this.inviteByToken(token);
    if (!invite || invite.revokedAt) throw new AppError('INVALID_TOKEN', 'This invite link is unknown or no longer valid');
    return invite;
  }

  private async sessionRow(sessionId: string) {
    const [row] = await this.statements.sessionRow.execute({ sessionId });
    if (!row) throw new AppError('SESSION_NOT_FOUND', 'No session has this id');
    return row;
  }

  /** Today's sessions of the venue (Japan date), in order of their start. */
  private async todaysSessions(venueId: string): Promise<SessionRow[]> {
    const dayStart = japanInstant(japanDate(this.clock.now()), '00:00');
    const dayEnd = new Date(dayStart.getTime() + 24 * 60 * 60 * 1000);
    return this.sessionsBetween(venueId, dayStart, dayEnd);
  }

  /**
   * Where today stands at the venue for a home participant, and the session it is about: a live or joinable one
   * first, then the next still to open, then a cancelled one, then the last that finished.
   */
  private async todayOfVenue(venueId: string): Promise<{ day: InviteDay; row: SessionRow | undefined }> {
    const now = this.clock.now();
    const today = await this.todaysSessions(venueId);
    const over = (s: SessionRow) => s.status === 'ended' || now >= joinClosesAt(s, this.day);
    const usable = today.filter((s) => !s.cancelledAt && !over(s));
    const live = usable.find((s) => s.status === 'live');
    const open = live ?? usable.find((s) => now >= joinOpensAt(s, this.day));
    if (open) return { day: 'open', row: open };
    if (usable[0]) return { day: 'upcoming', row: usable[0] };
    const cancelled = today.find((s) => s.cancelledAt && !over(s));
    if (cancelled) return { day: 'cancelled', row: cancelled };
    const finished = today.filter((s) => !s.cancelledAt).at(-1);
    if (finished) return { day: 'finished', row: finished };
    const cancelledEarlier = today.find((s) => s.cancelledAt);
    if (cancelledEarlier) return { day: 'cancelled', row: cancelledEarlier };
    return { day: 'none', row: undefined };
  }

  /** The venue's first gathering after today that is not cancelled. */
  private async nextSessionAfterToday(venueId: string): Promise<SessionRow | undefined> {
    const tomorrow = japanInstant(addDays(japanDate(this.clock.now()), 1), '00:00');
    return (
      await this.db
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.venueId, venueId), gte(sessions.startsAt, tomorrow), isNull(sessions.cancelledAt), ne(sessions.status, 'ended')),
        )
        .orderBy(asc(sessions.startsAt))
        .limit(1)
    )[0];
  }
}

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

/** Times go in as milliseconds (msAsTime): a placeholder's value is bound as it is, without the column's conversion. */
function prepareJoinStatements(db: Db) {
  return {
    inviteByToken: db
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
      .limit(1)
      .prepare(),
    sessionsBetween: db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.venueId, sql.placeholder('venueId')),
          gte(sessions.startsAt, msAsTime(sql.placeholder('fromMs'))),
          lt(sessions.startsAt, msAsTime(sql.placeholder('toMs'))),
        ),
      )
      .orderBy(asc(sessions.startsAt))
      .prepare(),
    sessionRow: db
      .select({ session: sessions, venueName: venues.name })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .where(eq(sessions.id, sql.placeholder('sessionId')))
      .limit(1)
      .prepare(),
    setLive: db
      .update(sessions)
      .set({ status: 'live' })
      .where(and(eq(sessions.id, sql.placeholder('id')), eq(sessions.status, 'planned')))
      .prepare(),
  };
}
