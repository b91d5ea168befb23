import type { Server as HttpServer } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import { Server, type Namespace } from 'socket.io';
import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import { SESSION_COOKIE } from '../auth/plugin';
import type { AuthService, AuthUser } from '../auth/service';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/call/events';
import { STAFF_NAMESPACE } from '@shared/staffLive/events';
import { CallConnection } from '../call/CallConnection';
import type { Logger } from '../core/logger';
import { proxyTrust, type ProxyTrust } from '../http/proxyTrust';
import { createHandshakeCheck } from './handshake';
import { defaultRealtimeLimits, type RealtimeLimits } from './limits';
import { RequestLimiter, WindowLimiter } from './RequestLimiter';
import { bindRequests, socketBudgetKey, type RequestHandlers } from './requestRouter';
import { SocketChannel, type CallSocket } from './SocketChannel';
import type { RedisAdapter } from './redisAdapter';
import type { ConnectionRevocation } from './revocation';
import { SocketGuard } from './SocketGuard';
import { ThrottledLog } from './ThrottledLog';

export interface RealtimeOptions {
  /** config.publicUrl: pages on its origin (or on the request's own) may open a signalling connection. */
  publicUrl: string;
  /** config.trustProxy as a rule (http/proxyTrust.ts), the same the API uses. Default: no proxy. */
  trustProxy?: ProxyTrust;
  /** Tests change these (e.g. a short join window); production uses the defaults. */
  limits?: Partial<RealtimeLimits>;
  /** Closes or downgrades a connection whose sign-in or invite link is revoked. */
  revocation: Pick<ConnectionRevocation, 'track'>;
  /** Multi-node: the cluster's node origins, also allowed to open a signalling connection. */
  clusterOrigins?: () => ReadonlySet<string>;
  /** Multi-node: the Redis streams adapter (redisAdapter.ts), so that a broadcast to a staff room reaches every node. */
  adapter?: RedisAdapter['adapter'];
}

/** How long a dropped staff page's socket may come back with its rooms and the notices it missed meanwhile. */
export const STAFF_RECOVERY_MS = 2 * 60_000;

/**
 * socket.io's connection-state recovery is one switch for the whole server, and with it every `socket.emit` becomes a
 * broadcast through the namespace's adapter (kept for the recovery; with the streams adapter, written to Redis). So the
 * staff namespace alone gets an adapter that recovers (the streams adapter, or in memory on a single node), and the
 * call's namespace socket.io's plain in-memory adapter, which keeps and restores nothing: a call device joins again
 * after every reconnection, through the handshake checks and the sign-in lookup, and its notices never reach Redis.
 */
function adapterPerNamespace(staffAdapter: RedisAdapter['adapter'] | undefined): (nsp: Namespace) => Adapter {
  // socket.io calls it with `new`: a function, not an arrow, whose returned object is the adapter.
  return function adapterOf(nsp: Namespace) {
    if (nsp.name !== STAFF_NAMESPACE) return new Adapter(nsp);
    return staffAdapter ? staffAdapter(nsp) : new SessionAwareAdapter(nsp);
  };
}

/** A browser sends its socket.io CONNECT right after the handshake; a connection without one is closed after this. */
const CONNECT_TIMEOUT_MS = 5_000;

/** socket.io on the same HTTP server as the API; one CallConnection per socket. */
export function attachRealtime(
  httpServer: HttpServer,
  handlers: RequestHandlers<CallConnection>,
  auth: Pick<AuthService, 'userForToken'>,
  logger: Logger,
  options: RealtimeOptions,
): Server {
  const limits: RealtimeLimits = { ...defaultRealtimeLimits, ...options.limits };
  const log = new ThrottledLog(logger);
  const requests = new RequestLimiter();
  const messages = new WindowLimiter('socket-messages', limits.messagesPerSocket);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    adapter: adapterPerNamespace(options.adapter),
    // Staff pages only (adapterPerNamespace); the middlewares run again, and staffSockets.ts refuses a recovery whose
    // sign-in or venues changed meanwhile.
    connectionStateRecovery: { maxDisconnectionDuration: STAFF_RECOVERY_MS, skipMiddlewares: false },
    maxHttpBufferSize: limits.maxMessageBytes,
    connectTimeout: CONNECT_TIMEOUT_MS,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    allowRequest: createHandshakeCheck({
      publicUrl: options.publicUrl,
      clusterOrigins: options.clusterOrigins,
      trustProxy: options.trustProxy ?? proxyTrust(false),
      connections: new WindowLimiter('connections', limits.connectionsPerAddress),
      log,
    }),
  });
  io.engine.on('connection_error', (error: { code?: unknown; message?: unknown }) => {
    log.warn('connection-error', { code: error.code, message: error.message }, 'signalling connection refused');
  });
  // The sign-in is looked up (a database query) before the connection is accepted: the device's first requests
  // then find their handlers bound.
  const users = new WeakMap<CallSocket, AuthUser | undefined>();
  io.use((socket, next) => {
    const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
    auth.userForToken(cookies[SESSION_COOKIE]).then(
      (user) => {
        users.set(socket, user);
        next();
      },
      (error: unknown) => {
        log.error('internal', { err: error, socketId: socket.id }, 'sign-in lookup failed; refusing the socket');
        next(new Error('internal'));
      },
    );
  });
  io.on('connection', (socket) => {
    try {
      acceptSocket(socket, users.get(socket), { handlers, revocation: options.revocation, requests, messages, limits, log });
    } catch (error) {
      log.error('internal', { err: error, socketId: socket.id }, 'socket set-up failed; closing it');
      socket.disconnect(true);
    }
  });
  return io;
}

interface AcceptDeps {
  handlers: RequestHandlers<CallConnection>;
  revocation: Pick<ConnectionRevocation, 'track'>;
  requests: RequestLimiter;
  messages: WindowLimiter;
  limits: RealtimeLimits;
  log: ThrottledLog;
}

/** `user`: signed-in staff (the venue tablet) carry the session cookie; home participants have none. */
function acceptSocket(socket: CallSocket, user: AuthUser | undefined, deps: AcceptDeps): void {
  const { log } = deps;
  const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
  const connection = new CallConnection(new SocketChannel(socket), user);
  deps.revocation.track(socket, connection, cookies[SESSION_COOKIE]);
  const guard = new SocketGuard(socket, connection, { limits: deps.limits, messages: deps.messages, log });
  bindRequests(socket, deps.handlers, connection, { requests: deps.requests, guard, log });
  // A packet socket.io cannot decode closes the connection with an 'error' here (an event a client names
  // "error" never gets here: the router takes every message).
  socket.on('error', (error: unknown) => {
    const message = error instanceof Error ? error.message.slice(0, 200) : typeof error;
    log.warn('socket-error', { socketId: socket.id, message }, 'socket error');
  });
  socket.on('disconnect', () => {
    guard.dispose();
    // The socket's own counts cannot be used again (a peer's stay: they follow the person to the next socket).
    Promise.all([deps.requests.forget(socketBudgetKey(socket.id)), deps.messages.forget(socket.id)]).catch((error: unknown) =>
      log.error('internal', { err: error, socketId: socket.id }, 'forgetting a closed socket’s counts failed'),
    );
    try {
      connection.leave('disconnected');
    } catch (error) {
      log.error('internal', { err: error, socketId: socket.id }, 'leaving the call on disconnect failed');
    }
  });
  guard.start();
}
