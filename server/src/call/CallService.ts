import type { RequestOf, ResponseOf } from '@shared/call/events';
import type { CheckinOffer } from '@shared/checkins/schemas';
import type { LiveState } from '@shared/program/live';
import type { Permissions } from '../auth/permissions';
import { AppError } from '../core/errors';
import type { SessionService } from '../sessions/service';
import type { CallConnection } from './CallConnection';
import type { Room } from './Room';
import type { RoomRegistry } from './RoomRegistry';

/** Where the check-in offered with a home participant's join answer comes from (CheckinService). */
export interface CheckinOffers {
  offer(sessionId: string, participantId: string): Promise<CheckinOffer>;
}

/** The session's live program (LiveSessions): shown in the join answer, gone when the session ends. */
export interface LivePrograms {
  /** Waits (bounded) for a moved session's saved program to be read on its first joins. */
  joinView(room: Room, peerId: string): Promise<LiveState>;
  /** Throws REMOVED for someone the host removed from this session (and tells the host). */
  assertMayJoin(sessionId: string, peerId: string): void;
  dispose(sessionId: string): void;
}

/** Joins and ends calls: checks who may enter which session, then hands over to the Room. */
export class CallService {
  constructor(
    private readonly sessions: SessionService,
    private readonly rooms: RoomRegistry,
    private readonly permissions: Permissions,
    private readonly checkins: CheckinOffers,
    private readonly live: LivePrograms,
  ) {}

  /**
   * From the lobby: the same checks as a join (who may enter which session), then the room's router capabilities,
   * so that the page has its mediasoup Device ready when 参加する is pressed. Nothing is joined and no room is made.
   */
  async prepare(connection: CallConnection, request: RequestOf<'call:prepare'>): Promise<ResponseOf<'call:prepare'>> {
    if (request.credentials.role === 'venue') await this.assertMayHost(connection, request.credentials.sessionId);
    const identity = await this.sessions.resolveJoin(request.credentials);
    this.live.assertMayJoin(identity.session.id, identity.peerId);
    const routerRtpCapabilities = await this.rooms.rtpCapabilities(identity.session.id);
    connection.markPrepared();
    return { routerRtpCapabilities };
  }

  async join(connection: CallConnection, request: RequestOf<'call:join'>): Promise<ResponseOf<'call:join'>> {
    connection.leave('replaced');
    if (request.credentials.role === 'venue') await this.assertMayHost(connection, request.credentials.sessionId);
    const identity = await this.sessions.resolveJoin(request.credentials);
    this.live.assertMayJoin(identity.session.id, identity.peerId);
    // Before entering the room: nothing is left half-joined if this fails.
    const checkin = identity.participantId ? await this.checkins.offer(identity.session.id, identity.participantId) : null;
    const room = await this.rooms.getOrCreate(identity.session.id);
    const { peer, others } = connection.enter(room, identity, request.clientId, request.credentials);
    await this.assertStillAllowed(connection, request.credentials);
    // Both transports now, in one go: the device creates its side of them from this answer without asking again.
    const [send, recv] = await Promise.all([
      room.createTransport(peer, 'send', request.forceTcp),
      room.createTransport(peer, 'recv', request.forceTcp),
    ]);
    await this.sessions.markLive(identity.session.id);
    return {
      self: peer.info(),
      session: { ...identity.session, status: 'live' },
      routerRtpCapabilities: room.rtpCapabilities,
      transports: { send, recv },
      peers: others,
      checkin,
      live: await this.live.joinView(room, peer.id),
    };
  }

  /** The venue tablet must be signed in as a host of the venue, or an organiser of its organisation. */
  private async assertMayHost(connection: CallConnection, sessionId: string): Promise<void> {
    if (!connection.user) throw new AppError('UNAUTHENTICATED', 'Sign in as the host to open the venue page');
    await this.permissions.assertSession(connection.user, sessionId);
  }

  /**
   * Access checked again once in the room: a sign-out or a stopped link while the room was being created
   * could not reach this connection yet (realtime/revocation.ts acts only on devices already in the call).
   */
  private async assertStillAllowed(connection: CallConnection, credentials: RequestOf<'call:join'>['credentials']): Promise<void> {
    const allowed =
      credentials.role === 'venue'
        ? connection.user !== undefined && (await this.permissions.maySeeSession(connection.user, credentials.sessionId))
        : await this.sessions.isInviteValid(credentials.token);
    if (allowed) return;
    connection.leave('revoked');
    if (credentials.role === 'venue') throw new AppError('UNAUTHENTICATED', 'The sign-in ended while joining; sign in again');
    throw new AppError('INVALID_TOKEN', 'This invite link is unknown or no longer valid');
  }

  /** The device leaves the call on purpose (退出). */
  leave(connection: CallConnection): ResponseOf<'call:leave'> {
    connection.leave('left');
    return {};
  }

  /**
   * Sessions still live a set time after their planned end (a host who never pressed 「集まりを終える」, a server
   * restarted meanwhile) end as if the host had ended them: marked ended, every device told, the room closed (so
   * the connection stretches close). Returns their ids.
   */
  async endOverdueSessions(): Promise<string[]> {
    const overdue = await this.sessions.overdueLiveSessions();
    for (const sessionId of overdue) {
      await this.sessions.markEnded(sessionId);
      const room = await this.rooms.find(sessionId);
      room?.endSession();
      this.live.dispose(sessionId);
    }
    return overdue;
  }

  /** Only the venue ends a session: it is marked ended, then every device is told and the room closes. */
  async endSession(connection: CallConnection): Promise<ResponseOf<'call:endSession'>> {
    const { room, peer } = connection.current();
    if (peer.role !== 'venue') throw new AppError('NOT_ALLOWED', 'Only the venue can end the session');
    await this.sessions.markEnded(room.sessionId);
    room.endSession();
    this.live.dispose(room.sessionId);
    return {};
  }
}
