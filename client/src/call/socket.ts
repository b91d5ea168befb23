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
    throw new CallError(answer.code, answer.message, answer.field);
  }
  throw new CallError('INTERNAL', `${event}: malformed answer`);
}
