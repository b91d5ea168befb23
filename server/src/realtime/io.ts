import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/call/events';
import { CallConnection } from '../call/CallConnection';
import type { CallService } from '../call/CallService';
import { createCallHandlers } from '../call/handlers';
import type { Logger } from '../logger';
import { bindRequests } from './requestRouter';
import { SocketChannel } from './SocketChannel';

/** socket.io on the same HTTP server as the API; one CallConnection per socket. */
export function attachRealtime(httpServer: HttpServer, call: CallService, logger: Logger): Server {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  const handlers = createCallHandlers(call);
  io.on('connection', (socket) => {
    const connection = new CallConnection(new SocketChannel(socket));
    bindRequests(socket, handlers, connection, logger.child({ socketId: socket.id }));
    socket.on('disconnect', () => connection.leave('disconnected'));
  });
  return io;
}
