import type { Server as HttpServer } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import { Server } from 'socket.io';
import { SESSION_COOKIE } from '../auth/plugin';
import type { AuthService } from '../auth/service';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/call/events';
import { CallConnection } from '../call/CallConnection';
import type { Logger } from '../logger';
import { bindRequests, type RequestHandlers } from './requestRouter';
import type { ConnectionRevocation } from './revocation';
import { SocketChannel } from './SocketChannel';

/** socket.io on the same HTTP server as the API; one CallConnection per socket. */
export function attachRealtime(httpServer: HttpServer, handlers: RequestHandlers<CallConnection>, auth: AuthService, logger: Logger, revocation: ConnectionRevocation): Server {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  io.on('connection', (socket) => {
    // Signed-in staff (the venue tablet) carry the session cookie; home participants have none.
    const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
    const user = auth.userForToken(cookies[SESSION_COOKIE]);
    const connection = new CallConnection(new SocketChannel(socket), user);
    revocation.track(socket, connection, cookies[SESSION_COOKIE]);
    bindRequests(socket, handlers, connection, logger.child({ socketId: socket.id }));
    socket.on('disconnect', () => connection.leave('disconnected'));
  });
  return io;
}
