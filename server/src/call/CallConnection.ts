import type { AccessRevokedReason, JoinCredentials, PeerInfo } from '@shared/call/schemas';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { CallIdentity } from '../sessions/service';
import type { Peer } from './Peer';
import type { PeerChannel } from './PeerChannel';
import type { LeaveReason, Room } from './Room';

interface Membership {
  room: Room;
  peer: Peer;
  /** What the device joined with: the venue's session, or a participant's invite link. */
  credentials: JoinCredentials;
}

/**
 * A part this device takes in a session without being in the call (a caption writer's page): it keeps the socket
 * open like a join does, and ends when the device leaves or disconnects.
 */
export interface SessionAttachment {
  readonly sessionId: string;
  end(): void;
}

/**
 * One device's signalling connection: who is signed in on it, and which room and peer it is once it has joined.
 * Its channel goes to the Room on joining; nothing else speaks to the device. (realtime/requestRouter's `Caller`:
 * `inCall` and `peerKey`.)
 */
export class CallConnection {
  private membership: Membership | undefined;
  private signedIn: AuthUser | undefined;
  private lobby = false;
  private attachment: SessionAttachment | undefined;

  constructor(
    /** How the server speaks to this device (the Room's, once joined; a writer page's captions otherwise). */
    readonly channel: PeerChannel,
    /** The signed-in organiser or host using this device, if any. */
    user: AuthUser | undefined,
  ) {
    this.signedIn = user;
  }

  /** The signed-in organiser or host using this device, as of the last change of access. */
  get user(): AuthUser | undefined {
    return this.signedIn;
  }

  /** The sign-in ended or changed (see realtime/revocation.ts): later joins are checked against this. */
  setUser(user: AuthUser | undefined): void {
    this.signedIn = user;
  }

  /** Enters the room as this device: the room keeps the channel, this connection its room and peer. */
  enter(room: Room, identity: CallIdentity, clientId: string, credentials: JoinCredentials): { peer: Peer; others: PeerInfo[] } {
    const joined = room.join(identity, clientId, this.channel);
    this.membership = { room, peer: joined.peer, credentials };
    return joined;
  }

  /** The room, peer and credentials while this device is in the call; undefined otherwise. */
  joined(): Membership | undefined {
    const membership = this.membership;
    return membership && !membership.peer.closed && !membership.room.closed ? membership : undefined;
  }

  /** Asked `call:prepare` with valid credentials: a page in its lobby, about to join (the socket may wait longer). */
  get prepared(): boolean {
    return this.lobby;
  }

  markPrepared(): void {
    this.lobby = true;
  }

  /** In a call now: joined, and neither the peer nor its room has been closed since. */
  get inCall(): boolean {
    return this.joined() !== undefined;
  }

  /** The joined peer as `session/peer`: its request budgets follow it across reconnects. */
  get peerKey(): string | undefined {
    const membership = this.joined();
    return membership && `${membership.room.sessionId}/${membership.peer.id}`;
  }

  /** The room and peer of this connection; NOT_JOINED before a join or after the peer was removed. */
  current(): { room: Room; peer: Peer } {
    const membership = this.joined();
    if (!membership) throw new AppError('NOT_JOINED', 'Join the call first');
    return membership;
  }

  /** Takes a part in a session outside the call (ending the one it had). */
  attach(attachment: SessionAttachment): void {
    this.detach();
    this.attachment = attachment;
  }

  /** The part this device takes outside the call, if any. */
  get attached(): SessionAttachment | undefined {
    return this.attachment;
  }

  detach(): void {
    const attachment = this.attachment;
    this.attachment = undefined;
    attachment?.end();
  }

  leave(reason: LeaveReason): void {
    this.detach();
    const membership = this.membership;
    this.membership = undefined;
    membership?.room.removePeer(membership.peer, reason);
  }

  /** This device may no longer be in the call: the room tells it and removes its peer; later requests get NOT_JOINED. */
  revoke(reason: AccessRevokedReason): void {
    const membership = this.membership;
    this.membership = undefined;
    membership?.room.revokePeer(membership.peer, reason);
  }
}
