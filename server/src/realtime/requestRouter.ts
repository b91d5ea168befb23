import type { Socket } from 'socket.io';
import { describeZodError, type Ack } from '@shared/ack';
import { budgetOfRequest, requestBudgets, type BudgetName } from '@shared/call/budgets';
import { callRequests, type CallRequestName, type ResponseOf, type ValidRequestOf } from '@shared/call/events';
import { AppError, WrongNodeError } from '../core/errors';
import type { RequestLimiter } from './RequestLimiter';
import type { SocketGuard } from './SocketGuard';
import type { ThrottledLog } from './ThrottledLog';

export type RequestHandlers<Context> = {
  [E in CallRequestName]: (request: ValidRequestOf<E>, context: Context) => Promise<ResponseOf<E>> | ResponseOf<E>;
};

/** What the router needs of a connection: whether it is in a call, and whose budgets it spends. */
export interface Caller {
  readonly inCall: boolean;
  /** The joined peer (session and peer id), so a reconnect does not reset its budgets; undefined before a join. */
  readonly peerKey: string | undefined;
}

export interface RouterDeps {
  requests: RequestLimiter;
  guard: SocketGuard;
  log: ThrottledLog;
}

type AckFn = (answer: Ack<unknown>) => void;
type ErrorAnswer = Extract<Ack<unknown>, { ok: false }>;

const MAX_MESSAGE_CHARS = 300;

/**
 * Every incoming message of the socket, whatever its name (a number, `toString`, `__proto__` …), argument count,
 * types or size, goes through here and nowhere else (socket.io middleware that never passes the message on):
 * the socket's message budget → the event name (an own key of the request table) → an acknowledgement callback →
 * the request's budget (before any validation) → exactly one payload → the zod schema → the handler.
 * A message that brought a callback is always answered (an error with its code and message); one without is dropped
 * and logged at a throttled rate. Nothing here throws into socket.io: every step is inside a promise whose
 * failure is logged.
 */
export function bindRequests<Context extends Caller>(
  socket: Socket,
  handlers: RequestHandlers<Context>,
  context: Context,
  deps: RouterDeps,
): void {
  const { guard, log } = deps;
  const socketId = socket.id;

  const reply = (ack: AckFn | undefined, answer: Ack<unknown>): void => {
    if (!ack) return;
    try {
      ack(answer);
    } catch (error) {
      log.error('ack-failed', { err: error, socketId }, 'acknowledgement could not be sent');
    }
  };

  const receive = async (packet: readonly unknown[]): Promise<void> => {
    const { name, args, ack } = splitPacket(packet);
    if (!(await guard.admitMessage())) return;
    const event = requestName(name);
    if (!event) {
      log.warn('unknown-event', { socketId, event: describeName(name) }, 'unknown event');
      reply(ack, { ok: false, code: 'UNKNOWN_EVENT', message: `Unknown event: ${describeName(name)}` });
      return guard.strike();
    }
    if (!ack) {
      log.warn('no-acknowledgement', { socketId, event }, 'request without acknowledgement callback dropped');
      return guard.strike();
    }
    const budget = budgetOfRequest[event];
    const retryAfterMs = await deps.requests.admit(budget, context.peerKey ?? socketBudgetKey(socketId));
    if (retryAfterMs !== undefined) {
      log.warn('rate-limited', { socketId, peer: context.peerKey, event }, 'request over its budget refused');
      return reply(ack, rateLimited(budget, retryAfterMs));
    }
    const answer = args.length === 1 ? await handle(event, args[0], handlers, context, log) : wrongArgumentCount(event, args.length);
    reply(ack, answer);
    // Answered first, then counted: the strike that closes a socket comes after its answer.
    if (!answer.ok && answer.code === 'INVALID_PAYLOAD') guard.strike();
  };

  socket.use((packet) => {
    receive(packet).catch((error: unknown) => log.error('internal', { err: error, socketId }, 'message handling failed'));
  });
}

/** Whose budgets a socket spends before it joins (afterwards: its peer's). */
export function socketBudgetKey(socketId: string): string {
  return `socket:${socketId}`;
}

/** socket.io appends the acknowledgement callback (a function: nothing else in a message can be one). */
function splitPacket(packet: readonly unknown[]): { name: unknown; args: unknown[]; ack: AckFn | undefined } {
  const [name, ...args] = packet;
  const last = args.at(-1);
  if (typeof last !== 'function') return { name, args, ack: undefined };
  args.pop();
  return { name, args, ack: last as AckFn };
}

function requestName(name: unknown): CallRequestName | undefined {
  return typeof name === 'string' && Object.hasOwn(callRequests, name) ? (name as CallRequestName) : undefined;
}

/** A short, safe description of whatever came as the event name. */
function describeName(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  if (typeof name === 'number') return String(name);
  return `(${typeof name})`;
}

function wrongArgumentCount(event: CallRequestName, count: number): ErrorAnswer {
  return {
    ok: false,
    code: 'INVALID_PAYLOAD',
    message: `${event} takes one payload and an acknowledgement callback; it came with ${count} arguments before the callback`,
  };
}

function rateLimited(budget: BudgetName, retryAfterMs: number): ErrorAnswer {
  const { label } = requestBudgets[budget];
  return { ok: false, code: 'RATE_LIMITED', message: `Too many ${label}: try again in ${Math.ceil(retryAfterMs / 1000)} s` };
}

async function handle<Context>(
  event: CallRequestName,
  payload: unknown,
  handlers: RequestHandlers<Context>,
  context: Context,
  log: ThrottledLog,
): Promise<Ack<unknown>> {
  const parsed = callRequests[event].request.safeParse(payload);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error);
    return { ok: false, code: 'INVALID_PAYLOAD', message: clip(message), field: clip(field) };
  }
  try {
    const handler = handlers[event] as (request: unknown, context: Context) => unknown;
    return { ok: true, data: await handler(parsed.data, context) };
  } catch (error) {
    if (error instanceof WrongNodeError) return { ok: false, code: error.code, message: error.message, nodeUrl: error.nodeUrl };
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, field: error.field };
    if (isMediasoupInputError(error)) return { ok: false, code: 'MEDIA_ERROR', message: clip(error.message) };
    log.error('request-failed', { err: error, event }, 'request failed');
    return { ok: false, code: 'INTERNAL', message: 'Something went wrong on the server' };
  }
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** mediasoup throws TypeError (and UnsupportedError) for parameters it rejects: the client's fault, not ours. */
function isMediasoupInputError(error: unknown): error is Error {
  return error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError');
}
