import type { types } from 'mediasoup';
import type { MediaSource, PeerInfo, TransportDirection } from '@shared/call/schemas';
import { AppError } from '../core/errors';
import type { CallIdentity } from '../sessions/service';

export interface TransportAppData extends types.AppData {
  direction: TransportDirection;
}
export interface ProducerAppData extends types.AppData {
  peerId: string;
  source: MediaSource;
}
export interface ConsumerAppData extends types.AppData {
  /** Whose media this consumer carries. */
  producerPeerId: string;
  /** The device has set the consumer up; until then it stays paused. */
  accepted: boolean;
}

/** `device`: a browser on socket.io, with WebRTC transports; `phone`: a telephone caller through the bridge (a PlainTransport). */
export type PeerKind = 'device' | 'phone';

/**
 * One participant's device in a room: its transports, producers and consumers. A Peer never touches
 * the router, nor speaks to its device: the Room creates media objects and hands them over, and sends the notices.
 */
export class Peer {
  readonly id: string;
  readonly displayName: string;
  readonly role: CallIdentity['role'];
  readonly participantId: string | null;
  readonly joinedAt = new Date();
  rtpCapabilities: types.RtpCapabilities | undefined;
  /** The peers whose video this device shows (null: everyone's, until the device says). */
  private visibleVideos: ReadonlySet<string> | null = null;
  private readonly transports = new Map<string, types.WebRtcTransport<TransportAppData>>();
  private readonly producers = new Map<string, types.Producer<ProducerAppData>>();
  private readonly consumers = new Map<string, types.Consumer<ConsumerAppData>>();
  /** A phone peer's one transport, both ways, to the telephone bridge on this machine. */
  private plainTransport: types.PlainTransport | undefined;
  private isClosed = false;

  constructor(
    identity: CallIdentity,
    readonly clientId: string,
    readonly kind: PeerKind = 'device',
  ) {
    this.id = identity.peerId;
    this.displayName = identity.displayName;
    this.role = identity.role;
    this.participantId = identity.participantId;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get ready(): boolean {
    return this.rtpCapabilities !== undefined && !this.isClosed;
  }

  info(): PeerInfo {
    return {
      id: this.id,
      displayName: this.displayName,
      role: this.role,
      audioMuted: !this.hasLiveProducer('audio'),
      videoMuted: !this.hasLiveProducer('video'),
      ...(this.kind === 'phone' ? { phone: true as const } : {}),
    };
  }

  /** Which peers' videos the device shows now (null: all of them). */
  setVisibleVideos(peerIds: readonly string[] | null): void {
    this.visibleVideos = peerIds === null ? null : new Set(peerIds);
  }

  showsVideoOf(peerId: string): boolean {
    return this.visibleVideos === null || this.visibleVideos.has(peerId);
  }

  /** A device has one transport per direction: a new one replaces (closes) the old, so a peer never piles them up. */
  addTransport(transport: types.WebRtcTransport<TransportAppData>): void {
    for (const old of this.transports.values()) if (old.appData.direction === transport.appData.direction) old.close();
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
  }

  getTransport(transportId: string, direction?: TransportDirection): types.WebRtcTransport<TransportAppData> {
    const transport = this.transports.get(transportId);
    if (!transport || (direction && transport.appData.direction !== direction)) {
      throw new AppError('TRANSPORT_NOT_FOUND', `No ${direction ?? ''} transport ${transportId} for this peer`.replace('  ', ' '));
    }
    return transport;
  }

  /** A phone peer's transport to the bridge; it both produces and receives. */
  setPlainTransport(transport: types.PlainTransport): void {
    this.plainTransport?.close();
    this.plainTransport = transport;
    transport.observer.once('close', () => {
      if (this.plainTransport === transport) this.plainTransport = undefined;
    });
  }

  receiveTransport(): types.Transport | undefined {
    if (this.plainTransport) return this.plainTransport;
    for (const transport of this.transports.values()) if (transport.appData.direction === 'recv') return transport;
    return undefined;
  }

  /** A device sends one producer per source: a new one replaces (closes) the old, so a peer never piles them up. */
  addProducer(producer: types.Producer<ProducerAppData>): void {
    for (const old of this.producers.values()) if (old.appData.source === producer.appData.source) old.close();
    this.producers.set(producer.id, producer);
    producer.observer.once('close', () => this.producers.delete(producer.id));
  }

  getProducer(producerId: string): types.Producer<ProducerAppData> {
    const producer = this.producers.get(producerId);
    if (!producer) throw new AppError('PRODUCER_NOT_FOUND', `No producer ${producerId} for this peer`);
    return producer;
  }

  listProducers(): types.Producer<ProducerAppData>[] {
    return [...this.producers.values()];
  }

  addConsumer(consumer: types.Consumer<ConsumerAppData>): void {
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.consumers.delete(consumer.id));
  }

  getConsumer(consumerId: string): types.Consumer<ConsumerAppData> {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new AppError('CONSUMER_NOT_FOUND', `No consumer ${consumerId} for this peer`);
    return consumer;
  }

  listConsumers(): types.Consumer<ConsumerAppData>[] {
    return [...this.consumers.values()];
  }

  get counts(): { transports: number; producers: number; consumers: number } {
    return {
      transports: this.transports.size + (this.plainTransport ? 1 : 0),
      producers: this.producers.size,
      consumers: this.consumers.size,
    };
  }

  /** Closing the transports closes their producers and consumers too. Safe to call twice. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const transport of this.transports.values()) transport.close();
    this.plainTransport?.close();
  }

  private hasLiveProducer(kind: types.MediaKind): boolean {
    for (const producer of this.producers.values()) if (producer.kind === kind && !producer.paused) return true;
    return false;
  }
}
