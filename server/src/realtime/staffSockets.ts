import fastifyCookie from '@fastify/cookie';
import type { Namespace, Server } from 'socket.io';
import { STAFF_NAMESPACE, type StaffClientToServerEvents, type StaffServerToClientEvents } from '@shared/staffLive/events';
import type { AccessEvents } from '../auth/accessEvents';
import { SESSION_COOKIE } from '../auth/plugin';
import { sessionTokenHash, type AuthService, type AuthUser } from '../auth/service';
import type { StaffBroadcast } from '../staffLive/publisher';
import type { ThrottledLog } from './ThrottledLog';

interface StaffSocketData {
  user: AuthUser;
  tokenHash: string;
}

type StaffNamespace = Namespace<StaffClientToServerEvents, StaffServerToClientEvents, Record<never, never>, StaffSocketData>;

/** The room of a venue's staff pages (every node's sockets of it, through the adapter). */
export const venueStaffRoom = (venueId: string) => `venue:${venueId}`;

/**
 * The staff pages' live channel: a socket of the `/staff` namespace, behind the same handshake checks as the call's
 * (origin, connections per address: attachRealtime's allowRequest), opened only with a staff sign-in cookie. It joins
 * exactly the rooms of the venues the user may see (an organiser's: the organisation's; a host's: their own). Pages
 * only listen: a socket that sends anything is closed. A sign-in that ends or an account that changes closes its
 * sockets; the page connects again by itself and gets the rooms it may have now.
 */
export function attachStaffSockets(
  io: Server,
  auth: Pick<AuthService, 'userForToken'>,
  access: AccessEvents,
  log: ThrottledLog,
): StaffBroadcast {
  const nsp = io.of(STAFF_NAMESPACE) as unknown as StaffNamespace;
  nsp.use((socket, next) => {
    const token = fastifyCookie.parse(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    if (!token) return next(new Error('unauthorised'));
    auth.userForToken(token).then(
      (user) => {
        if (!user) return next(new Error('unauthorised'));
        socket.data = { user, tokenHash: sessionTokenHash(token) };
        next();
      },
      (error: unknown) => {
        log.error('internal', { err: error, socketId: socket.id }, 'staff sign-in lookup failed; refusing the socket');
        next(new Error('internal'));
      },
    );
  });
  nsp.on('connection', (socket) => {
    socket.onAny(() => {
      log.warn('staff-socket-message', { socketId: socket.id }, 'a staff page’s socket sent a message; closed');
      socket.disconnect(true);
    });
    void socket.join(socket.data.user.venueIds.map(venueStaffRoom));
  });
  const closeWhere = (affected: (data: StaffSocketData) => boolean) => {
    for (const socket of nsp.sockets.values()) if (affected(socket.data)) socket.disconnect(true);
  };
  access.on('sessionEnded', (tokenHash) => closeWhere((data) => data.tokenHash === tokenHash));
  access.on('userChanged', (userId) => closeWhere((data) => data.user.id === userId));
  return {
    toVenue(venueId, event, notice) {
      // Typed per event by StaffBroadcast; socket.io's emit overloads cannot follow a generic event name.
      (nsp.to(venueStaffRoom(venueId)).emit as (event: string, notice: unknown) => boolean)(event, notice);
    },
  };
}
