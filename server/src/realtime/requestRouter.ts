import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { describeZodError, type Ack } from '../../../shared/src/ack';
import { callRequests, type CallRequestName, type CallRequests, type ResponseOf } from '../../../shared/src/call/events';
import { AppError } from '../errors';
import type { Logger } from '../logger';

export type RequestHandlers<Context> = {
  [E in CallRequestName]: (
    request: z.output<CallRequests[E]['request']>,
    context: Context,
  ) => Promise<ResponseOf<E>> | ResponseOf<E>;
};

type AckFn = (answer: Ack<unknown>) => void;

/**
 * Binds every request event to its handler. Payloads are validated with the shared zod schema;
 * known errors are answered with their code, anything else is logged and answered as INTERNAL.
 */
export function bindRequests<Context>(
  socket: Socket,
  handlers: RequestHandlers<Context>,
  context: Context,
  logger: Logger,
): void {
  for (const event of Object.keys(callRequests) as CallRequestName[]) {
    socket.on(event, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') {
        logger.warn({ event, socketId: socket.id }, 'request without acknowledgement callback ignored');
        return;
      }
      void answer(event, payload, handlers, context, logger).then((result) => (ack as AckFn)(result));
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    if (event in callRequests) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') {
      (ack as AckFn)({ ok: false, code: 'UNKNOWN_EVENT', message: `Unknown event: ${event.slice(0, 100)}` });
    }
  });
}

async function answer<Context>(
  event: CallRequestName,
  payload: unknown,
  handlers: RequestHandlers<Context>,
  context: Context,
  logger: Logger,
): Promise<Ack<unknown>> {
  const parsed = callRequests[event].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error);
    return { ok: false, code: 'INVALID_PAYLOAD', message, field };
  }
  try {
    const handler = handlers[event] as (request: unknown, context: Context) => Promise<unknown> | unknown;
    return { ok: true, data: await handler(parsed.data, context) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, field: error.field };
    if (isMediasoupInputError(error)) return { ok: false, code: 'MEDIA_ERROR', message: error.message };
    logger.error({ err: error, event }, 'request failed');
    return { ok: false, code: 'INTERNAL', message: 'Something went wrong on the server' };
  }
}

/** mediasoup throws TypeError (and UnsupportedError) for parameters it rejects: the client's fault, not ours. */
function isMediasoupInputError(error: unknown): error is Error {
  return error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError');
}
