import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { AccessRevokedReason, PeerInfo, TransportDirection, TransportOptions } from '@shared/call/schemas';
import type { NoticeOf, RequestOf } from '@shared/call/events';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { CallIdentity } from '../sessions/service';
import { ForwardingPolicy, type GroupOf } from './ForwardingPolicy';
import { activeSpeakerIntervalMs, maxIncomingBitrate, mediaCodecs, voiceLevels, webRtcTransportOptions } from './mediaConfig';
import { Peer, type ConsumerAppData, type PeerKind, type ProducerAppData, type TransportAppData } from './Peer';
import { phoneConsumerCapabilities, phoneProducerParameters, type PhoneBridgeEndpoint } from './phoneMedia';
import type { PeerChannel, PlainNotice } from './PeerChannel';
import type { VoiceLevel } from './voices';
import type { PooledWorker } from './WorkerPool';

/** `removed`: by the host; `revoked`: the person's access ended (invite link stopped, sign-in gone). */
export type LeaveReason =
  'left' | 'disconnected' | 'replaced' | 'removed' | 'revoked' | 'session-ended' | 'media-server-restarted' | 'room-closed';

export interface RoomEvents {
  peerJoined: [peer: Peer];
  peerLeft: [peer: Peer, reason: LeaveReason];
  /** Multi-node: the session moves to another node (emitted just before `closed`). */
  movedAway: [];
  closed: [];
}

type ProduceRequest = RequestOf<'call:produce'>;
type RoomConsumer = types.Consumer<ConsumerAppData>;
const everyone = () => true;

/**
 * The call of one live session: it owns its router, active-speaker and audio-level observers and peers, and
 * closes everything it owns when closed. Created by RoomRegistry through `Room.create`.
 * It is the only one that speaks to the devices (`notify`, `broadcast`): features ask it, and never hold a
 * device's channel. Which consumers forward is its ForwardingPolicy's rule (which voices: the audio levels it
 * passes on); this is the media plumbing.
 */
export class Room extends EventEmitter<RoomEvents> {
  private readonly peers = new Map<string, Peer>();
  /** Each peer's device; kept here so that nobody else can reach it. */
  private readonly channels = new WeakMap<Peer, PeerChannel>();
  private readonly forwarding: ForwardingPolicy;
  /** Runs when the next voice's hangover ends (no level report may come: the observer says silence once). */
  private voiceExpiry: NodeJS.Timeout | undefined;
  private isClosed = false;

  private constructor(
    readonly sessionId: string,
    readonly workerIndex: number,
    private readonly webRtcServer: types.WebRtcServer,
    private readonly router: types.Router,
    private readonly speakerObserver: types.ActiveSpeakerObserver,
    private readonly levelObserver: types.AudioLevelObserver,
    private readonly logger: Logger,
  ) {
    super();
    this.forwarding = new ForwardingPolicy(logger, () => this.listPeers());
    // A router closes under us only when its worker died; the devices must join a new room.
    router.observer.once('close', () => this.abortForRejoin());
    speakerObserver.on('dominantspeaker', ({ producer }) => {
      const peerId = (producer.appData as ProducerAppData).peerId;
      this.broadcast('call:activeSpeaker', { peerId });
    });
    levelObserver.on('volumes', (volumes) =>
      this.hearLevels(volumes.map(({ producer, volume }) => ({ peerId: (producer.appData as ProducerAppData).peerId, volume }))),
    );
    levelObserver.on('silence', () => this.hearLevels([]));
  }

  static async create(sessionId: string, worker: PooledWorker, logger: Logger): Promise<Room> {
    const router = await worker.worker.createRouter({ mediaCodecs });
    const speakerObserver = await router.createActiveSpeakerObserver({ interval: activeSpeakerIntervalMs });
    const levelObserver = await router.createAudioLevelObserver({
      interval: voiceLevels.intervalMs,
      threshold: voiceLevels.thresholdDbov,
      maxEntries: voiceLevels.maxEntries,
    });
    return new Room(sessionId, worker.index, worker.webRtcServer, router, speakerObserver, levelObserver, logger.child({ sessionId }));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  getPeer(peerId: string): Peer | undefined {
    return this.peers.get(peerId);
  }

  listPeers(): Peer[] {
    return [...this.peers.values()];
  }

  /** Tells one peer's device; a peer that has left (or was replaced) hears nothing more. */
  notify<E extends PlainNotice>(peer: Peer, event: E, notice: NoticeOf<E>): void {
    if (this.peers.get(peer.id) === peer) this.channels.get(peer)?.notify(event, notice);
  }

  /** Tells every peer's device, or those `to` picks (e.g. only the venue's). */
  broadcast<E extends PlainNotice>(event: E, notice: NoticeOf<E>, to: (peer: Peer) => boolean = everyone): void {
    for (const peer of this.peers.values()) if (to(peer)) this.channels.get(peer)?.notify(event, notice);
  }

  /**
   * Adds a peer. The same person joining again from the same tab (or after their old connection
   * dropped) replaces their old peer; from a second live device they get ALREADY_JOINED.
   */
  join(identity: CallIdentity, clientId: string, channel: PeerChannel, kind: PeerKind = 'device'): { peer: Peer; others: PeerInfo[] } {
    if (this.isClosed) throw new Error('Room is closed');
    const existing = this.peers.get(identity.peerId);
    if (existing) {
      if (existing.clientId !== clientId && this.channels.get(existing)?.connected) {
        throw new AppError('ALREADY_JOINED', 'This link is already in the call on another device');
      }
      this.notify(existing, 'call:rejoin', { reason: 'replaced' });
      this.detachPeer(existing, 'replaced');
    }
    const peer = new Peer(identity, clientId, kind);
    const others = this.listPeers().map((p) => p.info());
    this.peers.set(peer.id, peer);
    this.channels.set(peer, channel);
    this.broadcast('call:peerJoined', peer.info(), (other) => other !== peer);
    this.emit('peerJoined', peer);
    this.logger.info({ peerId: peer.id, role: peer.role }, 'peer joined');
    return { peer, others };
  }

  async createTransport(peer: Peer, direction: TransportDirection, forceTcp = false): Promise<TransportOptions> {
    this.assertMember(peer);
    const transport = await this.router.createWebRtcTransport<TransportAppData>({
      ...webRtcTransportOptions,
      webRtcServer: this.webRtcServer,
      enableUdp: !forceTcp,
      appData: { direction },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate);
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') this.logger.warn({ peerId: peer.id, state }, 'transport DTLS state');
    });
    if (peer.closed) {
      transport.close();
      throw new AppError('NOT_JOINED', 'The peer left while its transport was being created');
    }
    peer.addTransport(transport);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await peer.getTransport(transportId).connect({ dtlsParameters });
  }

  async restartIce(peer: Peer, transportId: string): Promise<types.IceParameters> {
    return peer.getTransport(transportId).restartIce();
  }

  /** The peer's device can now receive: it gets consumers for everything already being sent. */
  async setReady(peer: Peer, rtpCapabilities: types.RtpCapabilities): Promise<void> {
    this.assertMember(peer);
    // Once per join: a second call:ready would make a second consumer of everything for this device.
    if (peer.ready) throw new AppError('CONFLICT', 'This device is already receiving; join again to start over');
    peer.rtpCapabilities = rtpCapabilities;
    const offers = this.listPeers()
      .filter((other) => other !== peer)
      .flatMap((other) => other.listProducers().map((producer) => this.consume(peer, producer)));
    await Promise.all(offers);
  }

  async produce(peer: Peer, request: ProduceRequest): Promise<string> {
    this.assertMember(peer);
    const transport = peer.getTransport(request.transportId, 'send');
    const producer = await transport.produce<ProducerAppData>({
      kind: request.kind,
      rtpParameters: request.rtpParameters,
      paused: request.paused ?? false,
      appData: { peerId: peer.id, source: request.source },
    });
    await this.addProducer(peer, producer);
    return producer.id;
  }

  /**
   * A telephone caller joins as a peer: the bridge's socket at `bridge.port` (on this machine) and the room are
   * joined by one PlainTransport on 127.0.0.1, which carries the caller's voice as an Opus producer (with the
   * audio-level extension, so the active speaker can be the phone) and a consumer of every other peer's audio,
   * now and later. `channel` gets what a device would (consumer offers, host:mutedYou …); it must accept offers.
   * `muted`: the voice joins paused (a caller whose microphone was off on the node their session moved from).
   */
  async addPhonePeer(
    identity: CallIdentity,
    channel: PeerChannel,
    bridge: PhoneBridgeEndpoint,
    { muted = false }: { muted?: boolean } = {},
  ): Promise<{ peer: Peer; producerId: string; sfuPort: number }> {
    const { peer } = this.join(identity, `phone:${identity.peerId}`, channel, 'phone');
    try {
      const transport = await this.router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false });
      if (peer.closed) {
        transport.close();
        throw new AppError('NOT_JOINED', 'The phone peer left while its transport was being created');
      }
      peer.setPlainTransport(transport);
      await transport.connect({ ip: '127.0.0.1', port: bridge.port });
      const producer = await transport.produce<ProducerAppData>({
        kind: 'audio',
        rtpParameters: phoneProducerParameters(bridge),
        paused: muted,
        appData: { peerId: peer.id, source: 'mic' },
      });
      await this.addProducer(peer, producer);
      await this.setReady(peer, phoneConsumerCapabilities(this.router.rtpCapabilities));
      return { peer, producerId: producer.id, sfuPort: transport.tuple.localPort };
    } catch (error) {
      this.removePeer(peer, 'left');
      throw error;
    }
  }

  /**
   * Registers a new producer: observed for the active speaker and the loudest voices, announced, and consumed by
   * every ready peer. A new microphone may mean there are now voices to choose from: every device's voices follow.
   */
  private async addProducer(peer: Peer, producer: types.Producer<ProducerAppData>): Promise<void> {
    peer.addProducer(producer);
    if (producer.kind === 'audio') {
      const observed = [this.speakerObserver, this.levelObserver].map((observer) =>
        observer.addProducer({ producerId: producer.id }).catch((error: unknown) => {
          this.logger.warn({ err: error, producerId: producer.id }, 'could not observe audio level');
        }),
      );
      await Promise.all(observed);
    }
    this.broadcast('call:peerUpdated', peer.info());
    for (const other of this.listPeers()) {
      if (other !== peer && other.ready) void this.consume(other, producer);
    }
    if (producer.kind === 'audio') void this.forwarding.applyVoices();
  }

  /**
   * The worker's audio levels (every voiceLevels.intervalMs while someone speaks; empty once for silence): a voice
   * named for the first time is resumed for the devices that now hear it on this very report, its consumers having
   * been created (paused) long before; a voice falls silent for them only after its hangover.
   */
  private hearLevels(levels: readonly VoiceLevel[]): void {
    if (this.isClosed) return;
    if (this.forwarding.hearLevels(levels, performance.now())) void this.forwarding.applyVoices();
    this.followVoiceExpiry();
  }

  private followVoiceExpiry(): void {
    clearTimeout(this.voiceExpiry);
    const at = this.forwarding.nextVoiceExpiryAt();
    if (at === null || this.isClosed) return;
    this.voiceExpiry = setTimeout(
      () => {
        if (this.isClosed) return;
        if (this.forwarding.expireVoices(performance.now())) void this.forwarding.applyVoices();
        this.followVoiceExpiry();
      },
      Math.max(0, at - performance.now()),
    );
    this.voiceExpiry.unref();
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const producer = peer.getProducer(producerId);
    if (paused) await producer.pause();
    else await producer.resume();
    this.broadcast('call:peerUpdated', peer.info());
  }

  closeProducer(peer: Peer, producerId: string): void {
    const producer = peer.getProducer(producerId);
    producer.close();
    this.broadcast('call:peerUpdated', peer.info());
    // One microphone fewer: there may be no voices left to choose from.
    if (producer.kind === 'audio') void this.forwarding.applyVoices();
  }

  async setPreferredLayers(peer: Peer, consumerId: string, spatialLayer: number, temporalLayer?: number): Promise<void> {
    const consumer = peer.getConsumer(consumerId);
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return;
    await consumer.setPreferredLayers({ spatialLayer, temporalLayer });
  }

  /**
   * Small groups: media flows only between peers of the same group (null: everyone together), for
   * the consumers there are and those created later (see ForwardingPolicy).
   */
  async setGroups(groupOf: GroupOf | null): Promise<void> {
    this.forwarding.setGroups(groupOf);
    await this.forwarding.applyToAll(this.listPeers());
  }

  /** Spotlight: the consumers of this peer's producers get the top priority (null: nobody's), and their voice is always heard. */
  async setSpotlight(peerId: string | null): Promise<void> {
    if (this.forwarding.setSpotlight(peerId)) await this.forwarding.applyToAll(this.listPeers());
  }

  /** The program's leader (null: the venue leads): every device hears their voice, however loud the others. */
  async setLeader(peerId: string | null): Promise<void> {
    if (this.forwarding.setLeader(peerId)) await this.forwarding.applyVoices();
  }

  /** The voices this peer's device hears now: 'all', or the ids of the peers it hears (the loudest, and those always heard). */
  voicesHeardBy(peer: Peer): ReadonlySet<string> | 'all' {
    return this.forwarding.voicesHeardBy(peer);
  }

  /**
   * The peers whose video this device shows (a gallery page and the spotlight); the video consumers
   * of everyone else are paused for it, by the server as for small groups. null: every video.
   */
  async setVisibleVideos(peer: Peer, peerIds: readonly string[] | null): Promise<void> {
    this.assertMember(peer);
    peer.setVisibleVideos(peerIds);
    await this.forwarding.applyTo(
      peer,
      peer.listConsumers().filter((consumer) => consumer.kind === 'video'),
    );
  }

  /** Pauses the live microphones of everyone not in `keep` and tells each muted device. Returns how many. */
  async muteAudioExcept(keep: ReadonlySet<string>): Promise<number> {
    let muted = 0;
    for (const peer of this.listPeers()) {
      const liveMics = peer.listProducers().filter((producer) => producer.kind === 'audio' && !producer.paused);
      if (keep.has(peer.id) || liveMics.length === 0) continue;
      try {
        await Promise.all(liveMics.map((producer) => producer.pause()));
      } catch (error) {
        if (!peer.closed) this.logger.warn({ err: error, peerId: peer.id }, 'could not mute');
        continue;
      }
      muted += 1;
      this.notify(peer, 'host:mutedYou', {});
      this.broadcast('call:peerUpdated', peer.info());
    }
    return muted;
  }

  /** Removes a peer and everything it owns; the room closes when its last peer has gone. */
  removePeer(peer: Peer, reason: LeaveReason): void {
    if (this.detachPeer(peer, reason) && this.peers.size === 0) this.close();
  }

  /** The person may no longer be here (link stopped, sign-in gone): their device is told, then their peer leaves. */
  revokePeer(peer: Peer, reason: AccessRevokedReason): void {
    if (this.peers.get(peer.id) !== peer) return;
    this.notify(peer, 'call:accessRevoked', { reason });
    this.removePeer(peer, 'revoked');
  }

  private detachPeer(peer: Peer, reason: LeaveReason): boolean {
    if (this.peers.get(peer.id) !== peer) return false;
    this.peers.delete(peer.id);
    peer.close();
    this.broadcast('call:peerLeft', { peerId: peer.id });
    this.emit('peerLeft', peer, reason);
    this.logger.info({ peerId: peer.id, reason }, 'peer left');
    // One voice fewer to choose from: the others' voices follow.
    if (!this.isClosed && this.peers.size > 0) void this.forwarding.applyVoices();
    return true;
  }

  /** The host ended the session: every device is told, then the room closes. */
  endSession(): void {
    if (this.isClosed) return;
    this.broadcast('call:sessionEnded', { sessionId: this.sessionId });
    this.close('session-ended');
  }

  /** The router is gone with its worker: every device is asked to join again (into a new room). */
  abortForRejoin(): void {
    if (this.isClosed) return;
    this.broadcast('call:rejoin', { reason: 'media-server-restarted' });
    this.close('media-server-restarted');
  }

  /** Multi-node: the session moves to another node (drain, lost lease); every device joins again through placement. */
  moveAway(): void {
    if (this.isClosed) return;
    this.broadcast('call:rejoin', { reason: 'node-moved' });
    this.emit('movedAway');
    this.close('room-closed');
  }

  /** Closes peers, then the router, then emits `closed`. Safe to call twice. */
  close(reason: LeaveReason = 'room-closed'): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.voiceExpiry);
    for (const peer of this.listPeers()) {
      this.peers.delete(peer.id);
      peer.close();
      this.emit('peerLeft', peer, reason);
    }
    this.router.close();
    this.logger.info('room closed');
    this.emit('closed');
  }

  /** Creates a paused consumer, offers it to the device and resumes it once acknowledged. Never rejects. */
  private async consume(consumerPeer: Peer, producer: types.Producer<ProducerAppData>): Promise<void> {
    try {
      await this.consumeOrThrow(consumerPeer, producer);
    } catch (error) {
      if (!consumerPeer.closed && !producer.closed) {
        this.logger.warn({ err: error, peerId: consumerPeer.id, producerId: producer.id }, 'could not consume');
      }
    }
  }

  private async consumeOrThrow(consumerPeer: Peer, producer: types.Producer<ProducerAppData>): Promise<void> {
    const rtpCapabilities = consumerPeer.rtpCapabilities;
    const transport = consumerPeer.receiveTransport();
    if (!rtpCapabilities || !transport || producer.closed) return;
    // A telephone hears; it has nothing to show video on.
    if (consumerPeer.kind === 'phone' && producer.kind !== 'audio') return;
    if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      this.logger.warn({ peerId: consumerPeer.id, producerId: producer.id }, 'device cannot consume this producer');
      return;
    }
    const consumer = await transport.consume<ConsumerAppData>({
      producerId: producer.id,
      rtpCapabilities,
      paused: true,
      appData: { producerPeerId: producer.appData.peerId, accepted: false },
    });
    consumerPeer.addConsumer(consumer);
    this.forwardConsumerEvents(consumerPeer, consumer);
    try {
      const channel = this.channels.get(consumerPeer);
      if (!channel) throw new Error('the peer has no device');
      await channel.offerConsumer({
        consumerId: consumer.id,
        producerId: producer.id,
        peerId: producer.appData.peerId,
        kind: consumer.kind,
        source: producer.appData.source,
        rtpParameters: consumer.rtpParameters,
        producerPaused: consumer.producerPaused,
      });
      consumer.appData.accepted = true;
      await this.forwarding.apply(consumerPeer, consumer);
    } catch (error) {
      this.logger.warn({ err: error, peerId: consumerPeer.id, consumerId: consumer.id }, 'consumer not accepted; closing it');
      consumer.close();
    }
  }

  private forwardConsumerEvents(peer: Peer, consumer: RoomConsumer): void {
    const consumerId = consumer.id;
    consumer.on('producerclose', () => {
      consumer.close();
      this.notify(peer, 'call:consumerClosed', { consumerId });
    });
    consumer.on('producerpause', () => this.notify(peer, 'call:consumerPaused', { consumerId }));
    consumer.on('producerresume', () => this.notify(peer, 'call:consumerResumed', { consumerId }));
    consumer.on('layerschange', (layers) =>
      this.notify(peer, 'call:consumerLayersChanged', { consumerId, spatialLayer: layers?.spatialLayer ?? null }),
    );
  }

  private assertMember(peer: Peer): void {
    if (peer.closed || this.peers.get(peer.id) !== peer) throw new AppError('NOT_JOINED', 'Join the call first');
  }
}
