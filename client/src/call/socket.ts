import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@shared/ack';
import type { CallRequestName, ClientToServerEvents, RequestOf, ResponseOf, ServerToClientEvents } from '@shared/call/events';
import { CallError } from '../lib/errors';

export type CallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const REQUEST_TIMEOUT_MS = 10_000;

/** The call socket on the page's own origin (`/socket.io`); it connects only when asked to. */
export function createSocket(): CallSocket {
  return io({
    autoConnect: false,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    randomizationFactor: 0.3,
  });
}

/** socket.io-client keeps the address in its Manager (`uri`, read at each (re)connection) without typing it as public. */
type Addressed = { uri: string; opts: { transports?: string[] } };
const entries = new WeakMap<CallSocket, { uri: string; transports: string[] | undefined }>();

/**
 * Multi-node: the session is served by another node (a join answered WRONG_NODE with its address). The same socket,
 * with its listeners, reconnects there; the `connect` that follows joins again. WebSocket only: no cross-origin
 * polling requests (the node accepts the page's origin as one of the cluster's). False: not an http(s) address.
 */
export function moveSocket(socket: CallSocket, nodeUrl: string): boolean {
  const target = parseUrl(nodeUrl);
  if (target?.protocol !== 'https:' && target?.protocol !== 'http:') return false;
  const manager = socket.io as unknown as Addressed;
  if (!entries.has(socket)) {
    entries.set(socket, { uri: manager.uri, transports: manager.opts.transports });
    // A moved socket that drops (its node died or restarts) comes back through the entry address (the page's own
    // origin: a load balancer or any live node), where the join is placed again.
    socket.io.on('reconnect_attempt', () => {
      const entry = entries.get(socket);
      if (entry) [manager.uri, manager.opts.transports] = [entry.uri, entry.transports];
    });
  }
  manager.uri = target.origin;
  manager.opts.transports = ['websocket'];
  socket.disconnect().connect();
  return true;
}

/** URL.canParse is too new for the older tablets (Safari 17). */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The address the socket (re)connects to now (tests and logs). */
export function socketAddress(socket: CallSocket): string {
  return (socket.io as unknown as Addressed).uri;
}

type AnyEmit = (event: string, payload: unknown) => Promise<Ack<unknown>>;

/**
 * Sends one request and returns its data, or throws a CallError with the server's code.
 * When the socket is not connected it fails at once (code TIMEOUT) instead of queueing the
 * request for a later connection, where it would be stale.
 */
export async function request<E extends CallRequestName>(
  socket: CallSocket,
  event: E,
  payload: RequestOf<E>,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): Promise<ResponseOf<E>> {
  if (!socket.connected) throw new CallError('TIMEOUT', `${event}: not connected`);
  // socket.io's variadic typing cannot follow a generic event name; the mapped types above keep it honest.
  const timed = socket.timeout(timeoutMs);
  const emit = timed.emitWithAck.bind(timed) as unknown as AnyEmit;
  let answer: Ack<unknown>;
  try {
    answer = await emit(event, payload);
  } catch {
    throw new CallError('TIMEOUT', `${event}: no answer within ${timeoutMs} ms`);
  }
  if (answer && typeof answer === 'object' && answer.ok === true) return answer.data as ResponseOf<E>;
  if (answer && typeof answer === 'object' && answer.ok === false) {
    throw new CallError(answer.code, answer.message, answer.field, answer.nodeUrl);
  }
  throw new CallError('INTERNAL', `${event}: malformed answer`);
}
