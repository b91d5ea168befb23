import type { CallNoticeName, NoticeOf } from '@shared/call/events';

export type PlainNotice = Exclude<CallNoticeName, 'call:newConsumer'>;

/** How a Room talks to one participant's device; the socket.io connection implements it. */
export interface PeerChannel {
  readonly connected: boolean;
  notify<E extends PlainNotice>(event: E, notice: NoticeOf<E>): void;
  /** Resolves once the device has set the consumer up and acknowledged it. */
  offerConsumer(notice: NoticeOf<'call:newConsumer'>): Promise<void>;
}
