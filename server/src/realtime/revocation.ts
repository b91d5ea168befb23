import type { Socket } from 'socket.io';
import type { AccessEvents } from '../auth/accessEvents';
import type { Permissions } from '../auth/permissions';
import { sessionTokenHash, type AuthService } from '../auth/service';
import type { CallConnection } from '../call/CallConnection';
import type { Logger } from '../core/logger';

/** Whether an invite link still opens calls (SessionService). */
export interface InviteCheck {
  isInviteValid(token: string): Promise<boolean>;
}

/**
 * Makes a change of access reach the open connections at once. Each socket's connection is registered
 * with the hash of the sign-in token it connected with; when a service says a sign-in ended, an account
 * changed or an invite link was stopped, the affected connections are checked again against the
 * database: a venue device whose sign-in is gone (or no longer covers its venue) and a participant whose
 * link no longer works are told and leave the call, and the connection keeps the new, smaller access.
 */
export class ConnectionRevocation {
  /** Each open connection and the hash of its sign-in token (undefined: connected without one). */
  private readonly connections = new Map<CallConnection, string | undefined>();

  constructor(
    private readonly events: AccessEvents,
    private readonly auth: AuthService,
    private readonly permissions: Permissions,
    private readonly invites: InviteCheck,
    private readonly logger: Logger,
  ) {
    events.on('sessionEnded', (tokenHash) => this.safely('sessionEnded', () => this.recheckSignIns((_, hash) => hash === tokenHash)));
    events.on('userChanged', (userId) =>
      this.safely('userChanged', () => this.recheckSignIns((connection) => connection.user?.id === userId)),
    );
    events.on('inviteRevoked', (participantId) => this.safely('inviteRevoked', () => this.recheckInvites(participantId)));
  }

  /** Follows a socket's connection until the socket disconnects. */
  track(socket: Socket, connection: CallConnection, sessionToken: string | undefined): void {
    this.connections.set(connection, sessionToken ? sessionTokenHash(sessionToken) : undefined);
    socket.once('disconnect', () => this.connections.delete(connection));
  }

  get trackedCount(): number {
    return this.connections.size;
  }

  private async recheckSignIns(affected: (connection: CallConnection, tokenHash: string) => boolean): Promise<void> {
    for (const [connection, tokenHash] of this.connections) {
      if (tokenHash !== undefined && affected(connection, tokenHash)) await this.recheckSignIn(connection, tokenHash);
    }
  }

  private async recheckSignIn(connection: CallConnection, tokenHash: string): Promise<void> {
    const user = await this.auth.userForSession(tokenHash);
    connection.setUser(user);
    const joined = connection.joined();
    if (!joined || joined.peer.role !== 'venue') return;
    if (!user) connection.revoke('signed-out');
    else if (!(await this.permissions.maySeeSession(user, joined.room.sessionId))) connection.revoke('venue-access-removed');
  }

  private async recheckInvites(participantId: string): Promise<void> {
    for (const connection of this.connections.keys()) {
      const joined = connection.joined();
      if (!joined || joined.peer.participantId !== participantId || joined.credentials.role !== 'home') continue;
      if (!(await this.invites.isInviteValid(joined.credentials.token))) connection.revoke('invite-revoked');
    }
  }

  /** The change itself is committed already: a failure here is logged, never thrown back into the service. */
  private safely(event: string, act: () => void | Promise<void>): void {
    const failed = (error: unknown) => this.logger.error({ err: error, event }, 'could not apply a change of access to open connections');
    try {
      this.events.track(Promise.resolve(act()).catch(failed));
    } catch (error) {
      failed(error);
    }
  }
}
