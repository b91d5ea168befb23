import type { Ack } from '@shared/ack';
import type { CallNoticeName, NoticeOf } from '@shared/call/events';
import type { CallSocket } from '../socket';

type PlainNotice = Exclude<CallNoticeName, 'call:newConsumer'>;

/** One handler per server notice; `call:newConsumer` alone answers with an acknowledgement. */
export type NoticeHandlers = { [E in PlainNotice]: (notice: NoticeOf<E>) => void } & {
  'call:newConsumer': (notice: NoticeOf<'call:newConsumer'>, ack: (answer: Ack<object>) => void) => void;
};

type AnyListener = (...args: unknown[]) => void;

/**
 * Subscribes `handlers` to the server's notices. While `isLive()` is false (not in a call, or
 * released) notices are ignored and a consumer offer is declined, so the server does not wait.
 */
export function listenToNotices(socket: CallSocket, isLive: () => boolean, handlers: NoticeHandlers): void {
  // socket.io's typing cannot follow a loop over event names; NoticeHandlers keeps each pair honest.
  const on = socket.on.bind(socket) as unknown as (event: string, listener: AnyListener) => void;
  for (const [event, handler] of Object.entries(handlers) as [CallNoticeName, AnyListener][]) {
    on(event, (...args) => {
      if (isLive()) handler(...args);
      else if (event === 'call:newConsumer') declineConsumer(args[1]);
    });
  }
}

function declineConsumer(ack: unknown): void {
  if (typeof ack === 'function')
    (ack as (answer: Ack<object>) => void)({ ok: false, code: 'NOT_JOINED', message: 'not in a call' } satisfies Ack<object>);
}
