import type { NoticeOf } from '@shared/call/events';
import type { PeerChannel, PlainNotice } from '../../call/PeerChannel';

export interface PhoneChannelHandlers {
  consumerAdded(consumerId: string, ssrc: number): void;
  consumerClosed(consumerId: string): void;
  mutedByHost(): void;
}

/**
 * What the Room says to a phone peer, as it would to a browser: a phone accepts every consumer offered (the
 * bridge is always ready) and reacts to the few notices that matter on a telephone.
 */
export class PhoneChannel implements PeerChannel {
  connected = true;

  constructor(private readonly handlers: PhoneChannelHandlers) {}

  notify<E extends PlainNotice>(event: E, notice: NoticeOf<E>): void {
    if (event === 'call:consumerClosed') this.handlers.consumerClosed((notice as NoticeOf<'call:consumerClosed'>).consumerId);
    else if (event === 'host:mutedYou') this.handlers.mutedByHost();
  }

  offerConsumer(notice: NoticeOf<'call:newConsumer'>): Promise<void> {
    const ssrc = notice.rtpParameters.encodings?.[0]?.ssrc;
    if (notice.kind !== 'audio' || ssrc === undefined) return Promise.reject(new Error('A phone takes one audio stream per consumer'));
    this.handlers.consumerAdded(notice.consumerId, ssrc);
    return Promise.resolve();
  }
}
