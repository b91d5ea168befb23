import type { Socket } from 'socket.io';
import type { ClientToServerEvents, NoticeOf, ServerToClientEvents } from '@shared/call/events';
import type { PeerChannel, PlainNotice } from '../call/PeerChannel';

export type CallSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const CONSUMER_ACK_TIMEOUT_MS = 10_000;

export class SocketChannel implements PeerChannel {
  constructor(private readonly socket: CallSocket) {}

  get connected(): boolean {
    return this.socket.connected;
  }

  notify<E extends PlainNotice>(event: E, notice: NoticeOf<E>): void {
    (this.socket.emit as (event: string, notice: unknown) => boolean)(event, notice);
  }

  async offerConsumer(notice: NoticeOf<'call:newConsumer'>): Promise<void> {
    // The device's answer is whatever it sent: read it as unknown.
    const answer: unknown = await this.socket.timeout(CONSUMER_ACK_TIMEOUT_MS).emitWithAck('call:newConsumer', notice);
    if (!isAccepted(answer)) throw new Error('device did not accept the consumer');
  }
}

function isAccepted(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && Object.hasOwn(answer, 'ok') && (answer as { ok: unknown }).ok === true;
}
