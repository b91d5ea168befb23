import type { RequestOf, ResponseOf } from '../../../shared/src/call/events';
import { AppError } from '../errors';
import type { SessionService } from '../sessions/service';
import type { CallConnection } from './CallConnection';
import type { RoomRegistry } from './RoomRegistry';

/** Joins and ends calls: checks who may enter which session, then hands over to the Room. */
export class CallService {
  constructor(
    private readonly sessions: SessionService,
    private readonly rooms: RoomRegistry,
  ) {}

  async join(connection: CallConnection, request: RequestOf<'call:join'>): Promise<ResponseOf<'call:join'>> {
    connection.leave('replaced');
    const identity = this.sessions.resolveJoin(request.credentials);
    const room = await this.rooms.getOrCreate(identity.session.id);
    const { peer, others } = room.join(identity, request.clientId, connection.channel);
    connection.attach(room, peer);
    this.sessions.markLive(identity.session.id);
    return {
      self: peer.info(),
      session: { ...identity.session, status: 'live' },
      routerRtpCapabilities: room.rtpCapabilities as ResponseOf<'call:join'>['routerRtpCapabilities'],
      peers: others,
    };
  }

  /** Only the venue ends a session: it is marked ended, then every device is told and the room closes. */
  async endSession(connection: CallConnection): Promise<void> {
    const { room, peer } = connection.current();
    if (peer.role !== 'venue') throw new AppError('NOT_ALLOWED', 'Only the venue can end the session');
    this.sessions.markEnded(room.sessionId);
    room.endSession();
  }
}
