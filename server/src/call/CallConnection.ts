import type { AuthUser } from '../auth/service';
import type { Caller } from '../realtime/requestRouter';
import { AppError } from '../errors';
import type { Peer } from './Peer';
import type { PeerChannel } from './PeerChannel';
import type { LeaveReason, Room } from './Room';

/** One device's signalling connection: which room and peer it is, if it has joined. */
export class CallConnection implements Caller {
  private membership: { room: Room; peer: Peer } | undefined;

  constructor(
    readonly channel: PeerChannel,
    /** The signed-in organiser or host using this device, if any. */
    readonly user: AuthUser | undefined,
  ) {}

  /** In a call now: joined, and neither the peer nor its room has been closed since. */
  get joined(): boolean {
    const membership = this.membership;
    return !!membership && !membership.peer.closed && !membership.room.closed;
  }

  /** The joined peer as `session/peer`: its request budgets follow it across reconnects. */
  get peerKey(): string | undefined {
    const membership = this.membership;
    return membership && this.joined ? `${membership.room.sessionId}/${membership.peer.id}` : undefined;
  }

  attach(room: Room, peer: Peer): void {
    this.membership = { room, peer };
  }

  /** The room and peer of this connection; NOT_JOINED before a join or after the peer was removed. */
  current(): { room: Room; peer: Peer } {
    const membership = this.membership;
    if (!membership || !this.joined) throw new AppError('NOT_JOINED', 'Join the call first');
    return membership;
  }

  leave(reason: LeaveReason): void {
    const membership = this.membership;
    this.membership = undefined;
    membership?.room.removePeer(membership.peer, reason);
  }
}
