import type { Consumer, RtpParameters, Transport } from 'mediasoup-client/types';
import type { Ack } from '@shared/ack';
import type { NoticeOf } from '@shared/call/events';
import type { MediaSource, PeerInfo } from '@shared/call/schemas';
import { request } from '../socket';
import { temporalLayerFor } from '../layers';
import type { RemotePeer, SpatialLayer } from '../types';
import type { CallContext } from './context';
import { remotePeerView, type ReceivedMedia } from './views';
import { VisibleVideos } from './visibleVideos';

const DEFAULT_LAYER: SpatialLayer = 1;

interface ConsumerRecord extends ReceivedMedia {
  peerId: string;
  source: MediaSource;
  /** The layer last asked for (null: ask again). */
  requestedLayer: SpatialLayer | null;
}

interface PeerRecord {
  info: PeerInfo;
  view: RemotePeer | null;
}

type ConsumerAck = (answer: Ack<object>) => void;

/**
 * The other people in the call and what we receive from them: consumers grouped into one view
 * (and one MediaStream) per peer, who is speaking, the simulcast layer each screen wants and whose
 * videos it shows (the server pauses the others).
 */
export class RemotePeers {
  private readonly consumers = new Map<string, ConsumerRecord>();
  private readonly peers = new Map<string, PeerRecord>();
  private speakerId: string | null = null;
  private desiredLayers: Readonly<Record<string, SpatialLayer>> = {};
  private readonly visibleVideos: VisibleVideos;

  constructor(private readonly ctx: CallContext) {
    this.visibleVideos = new VisibleVideos({
      send: (peerIds) => request(ctx.socket, 'call:setVisibleVideos', { peerIds }),
      canSend: () => ctx.socket.connected,
      failed: (error) => ctx.log('setVisibleVideos failed', error),
    });
  }

  get activeSpeakerId(): string | null {
    return this.speakerId;
  }

  /** The peers in the order they were first seen; unchanged peers keep their view object. */
  views(previous: readonly RemotePeer[] | undefined): readonly RemotePeer[] {
    const views = [...this.peers.values()].map((record) => this.viewOf(record));
    const unchanged = previous?.length === views.length && previous.every((p, i) => p === views[i]);
    return unchanged ? previous : views;
  }

  /**
   * The peers already in the room when we joined. We are a peer there now: the videos we show are
   * told before `call:ready`, so the consumers offered then start paused when off screen.
   */
  addPresent(peers: readonly PeerInfo[]): void {
    for (const info of peers) if (!this.peers.has(info.id)) this.peers.set(info.id, { info, view: null });
    this.visibleVideos.flush();
  }

  /** A peer joined, or what we know about them changed (name, mute). */
  upsertPeer(info: PeerInfo): void {
    this.recordOf(info.id).info = info;
    this.ctx.changed();
  }

  removePeer(peerId: string): void {
    for (const [id, record] of this.consumers) {
      if (record.peerId !== peerId) continue;
      record.consumer.close();
      this.consumers.delete(id);
    }
    this.peers.delete(peerId);
    if (this.speakerId === peerId) this.speakerId = null;
    this.ctx.changed();
  }

  setActiveSpeaker(peerId: string | null): void {
    this.speakerId = peerId;
    this.ctx.changed();
  }

  /**
   * Accepts a consumer the server offers on `transport`. The server resumes it only after our
   * acknowledgement, so the answer says whether we could take it.
   */
  async consume(notice: NoticeOf<'call:newConsumer'>, transport: Transport | null, ack: ConsumerAck): Promise<void> {
    const generation = this.ctx.generation();
    if (this.ctx.isStale(generation) || !transport || transport.closed) {
      ack({ ok: false, code: 'NOT_JOINED', message: 'no receive transport' });
      return;
    }
    try {
      const consumer = await transport.consume({
        id: notice.consumerId,
        producerId: notice.producerId,
        kind: notice.kind,
        rtpParameters: notice.rtpParameters as unknown as RtpParameters,
        // One stream id per peer lets the browser keep lips and voice in sync.
        streamId: `${notice.peerId}-av`,
        appData: { peerId: notice.peerId, source: notice.source },
      });
      if (this.ctx.isStale(generation) || transport.closed) {
        consumer.close();
        ack({ ok: false, code: 'NOT_JOINED', message: 'rejoining' });
        return;
      }
      const record = this.addConsumer(consumer, notice);
      ack({ ok: true, data: {} });
      this.applyLayer(record);
    } catch (error) {
      this.ctx.log('consume failed', error);
      ack({ ok: false, code: 'CANNOT_CONSUME', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** A remote camera is being received: a video consumer whose producer is not paused. */
  receivesVideo(): boolean {
    for (const record of this.consumers.values())
      if (record.consumer.kind === 'video' && !record.consumer.closed && !record.paused) return true;
    return false;
  }

  closeConsumer(consumerId: string): void {
    const record = this.consumers.get(consumerId);
    if (!record) return;
    this.consumers.delete(consumerId);
    record.consumer.close();
    this.ctx.changed();
  }

  /** The remote producer was paused (true) or resumed (false). */
  setConsumerPaused(consumerId: string, paused: boolean): void {
    this.updateConsumer(consumerId, (record) => (record.paused = paused));
  }

  setConsumerLayer(consumerId: string, spatialLayer: number | null): void {
    this.updateConsumer(consumerId, (record) => (record.layer = spatialLayer));
  }

  /** The simulcast layer wanted for each peer's video (by peer id); others get layer 1. */
  setDesiredLayers(byPeer: Readonly<Record<string, SpatialLayer>>): void {
    this.desiredLayers = { ...byPeer };
    this.applyLayers();
  }

  /**
   * The peers whose video the screen shows now (a gallery page and the spotlight); the server pauses
   * every other video for us (audio is not affected). null: every video. Sent only when it changed,
   * and again after each rejoin; before the first call the server sends every video.
   */
  showVideosOf(peerIds: readonly string[] | null): void {
    this.visibleVideos.set(peerIds);
  }

  /** Asks the server for the wanted layer of every video consumer and the videos shown (after a join, or a change). */
  applyLayers(): void {
    this.visibleVideos.flush();
    for (const record of this.consumers.values()) this.applyLayer(record);
  }

  /** Forgets every peer and closes every consumer here (leaving, or before a rejoin). */
  clear(): void {
    for (const record of this.consumers.values()) record.consumer.close();
    this.consumers.clear();
    this.peers.clear();
    this.speakerId = null;
    this.visibleVideos.forget();
  }

  private addConsumer(consumer: Consumer, notice: NoticeOf<'call:newConsumer'>): ConsumerRecord {
    const record: ConsumerRecord = {
      consumer,
      peerId: notice.peerId,
      source: notice.source,
      paused: notice.producerPaused,
      layer: null,
      requestedLayer: null,
    };
    this.consumers.set(consumer.id, record);
    consumer.on('transportclose', () => {
      if (this.consumers.get(consumer.id) === record) this.consumers.delete(consumer.id);
    });
    this.recordOf(notice.peerId);
    this.ctx.changed();
    return record;
  }

  private updateConsumer(consumerId: string, update: (record: ConsumerRecord) => void): void {
    const record = this.consumers.get(consumerId);
    if (!record) return;
    update(record);
    this.ctx.changed();
  }

  private applyLayer(record: ConsumerRecord): void {
    if (record.consumer.kind !== 'video' || record.consumer.closed || !this.ctx.socket.connected) return;
    const want = this.desiredLayers[record.peerId] ?? DEFAULT_LAYER;
    if (record.requestedLayer === want) return;
    record.requestedLayer = want;
    const consumerId = record.consumer.id;
    const temporalLayer = temporalLayerFor(want);
    request(this.ctx.socket, 'call:setPreferredLayers', { consumerId, spatialLayer: want, temporalLayer }).catch((e: unknown) => {
      record.requestedLayer = null;
      this.ctx.log('setPreferredLayers failed', e);
    });
  }

  /** A peer's record; one with a placeholder name when a consumer or update comes before its join notice. */
  private recordOf(peerId: string): PeerRecord {
    let record = this.peers.get(peerId);
    if (!record) {
      record = { info: { id: peerId, displayName: '', role: 'home', audioMuted: false, videoMuted: false }, view: null };
      this.peers.set(peerId, record);
    }
    return record;
  }

  private viewOf(record: PeerRecord): RemotePeer {
    let audio: ConsumerRecord | null = null;
    let video: ConsumerRecord | null = null;
    for (const c of this.consumers.values()) {
      if (c.peerId !== record.info.id || c.consumer.closed) continue;
      if (c.consumer.kind === 'audio') audio ??= c;
      else video ??= c;
    }
    record.view = remotePeerView(record.info, audio, video, record.view);
    return record.view;
  }
}
