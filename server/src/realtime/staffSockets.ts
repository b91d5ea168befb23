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

const VENUE_ROOM = 'venue:';
/** The room of a venue's staff pages (every node's sockets of it, through the adapter). */
export const venueStaffRoom = (venueId: string) => `${VENUE_ROOM}${venueId}`;

/**
 * The staff pages' live channel: a socket of the `/staff` namespace, behind the same handshake checks as the call's
 * (origin, connections per address: attachRealtime's allowRequest), opened only with a staff sign-in cookie. It joins
 * exactly the rooms of the venues the user may see (an organiser's: the organisation's; a host's: their own). Pages
 * only listen: a socket that sends anything is closed. A sign-in that ends or an account that changes closes its
 * sockets; the page connects again by itself and gets the rooms it may have now. A socket that merely dropped (a
 * network blip, its node gone) comes back within STAFF_RECOVERY_MS with its rooms and the notices sent meanwhile
 * (socket.io's connection-state recovery, across nodes with the streams adapter), unless its access changed meanwhile.
 */
export function attachStaffSockets(
  io: Server,
  auth: Pick<AuthService, 'userForToken' | 'userForSession'>,
  access: AccessEvents,
  log: ThrottledLog,
): StaffBroadcast {
  const nsp = io.of(STAFF_NAMESPACE) as unknown as StaffNamespace;
  refuseStaleRecoveries(nsp, auth);
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

/**
 * socket.io hands a recovered socket the notices it missed as soon as the adapter restores its session, before any
 * middleware runs; so the session is checked here first. A sign-in that ended, or a room of a venue the user may no
 * longer see, and the socket is not recovered: it connects as new (refused without a sign-in, else today's state
 * is loaded again with the rooms it may have now).
 */
function refuseStaleRecoveries(nsp: StaffNamespace, auth: Pick<AuthService, 'userForSession'>): void {
  const adapter = nsp.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    const { tokenHash } = (session.data ?? {}) as Partial<StaffSocketData>;
    const user = typeof tokenHash === 'string' ? await auth.userForSession(tokenHash) : undefined;
    const mayJoin = new Set(user?.venueIds.map(venueStaffRoom));
    if (!user || session.rooms.some((room) => room.startsWith(VENUE_ROOM) && !mayJoin.has(room)))
      throw new Error('access changed while disconnected: not recovered');
    return session;
  };
}
