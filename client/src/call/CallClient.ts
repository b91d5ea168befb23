import type { Device } from 'mediasoup-client';
import type {
  Consumer,
  ConnectionState,
  DtlsParameters,
  IceCandidate,
  IceParameters,
  Producer,
  RtpCapabilities,
  RtpParameters,
  Transport,
} from 'mediasoup-client/types';
import type { Ack } from '../../../shared/src/ack';
import type { NoticeOf } from '../../../shared/src/call/events';
import type { JoinCredentials, PeerInfo, SessionSummary } from '../../../shared/src/call/schemas';
import { CallError, toCallError, type ClientErrorCode } from '../lib/errors';
import { createSocket, request, type CallSocket } from '../lib/socket';
import { acquireMedia, cameraConstraints, micConstraints, type VideoProfile } from './media';
import { cameraProducerOptions, micProducerOptions, type ProducerAppData } from './produceOptions';
import type {
  CallErrorInfo,
  CallSnapshot,
  CallStatus,
  EndReason,
  LocalSource,
  LocalSourceState,
  MediaProblem,
  RemotePeer,
  SpatialLayer,
} from './types';

/** Join answers that no retry can fix: the page explains them and offers a button. */
const FATAL_JOIN_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  'INVALID_TOKEN',
  'SESSION_NOT_FOUND',
  'SESSION_ENDED',
  'NO_ACTIVE_SESSION',
  'ALREADY_JOINED',
  'NOT_ALLOWED',
  'UNSUPPORTED_BROWSER',
  'INVALID_PAYLOAD',
]);

const DEFAULT_LAYER: SpatialLayer = 1;
const RECOVERED_NOTICE_MS = 4_000;
/** A transport that is `disconnected` often comes back by itself; wait this long before an ICE restart. */
const DISCONNECTED_GRACE_MS = 2_000;
const MAX_ICE_RESTARTS = 5;

export interface DevicePrefs {
  cameraId?: string | null;
  micId?: string | null;
  speakerId?: string | null;
}

export interface CallClientOptions {
  credentials: JoinCredentials;
  /** Camera resolution and bitrates: `venue` sends 1280x720, `home` 640x360. Default: from the role. */
  profile?: VideoProfile;
  /** The tab's client id, read at every join. */
  getClientId: () => string;
  /** Injected for tests; by default a same-origin socket. */
  socket?: CallSocket;
  /** Remembered device choices (the venue tablet keeps them between gatherings). */
  devicePrefs?: DevicePrefs;
  onDevicePrefsChange?: (prefs: DevicePrefs) => void;
  log?: (message: string, detail?: unknown) => void;
}

type Phase = 'idle' | 'joining' | 'joined' | 'ended' | 'error';

interface ConsumerRecord {
  consumer: Consumer;
  peerId: string;
  source: 'mic' | 'camera';
  paused: boolean;
  layer: number | null;
  requestedLayer: SpatialLayer | null;
}

interface PeerRecord {
  info: PeerInfo;
  view: RemotePeer | null;
}

interface IceRestartState {
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

interface MutableLocal {
  track: MediaStreamTrack | null;
  enabled: boolean;
  acquiring: boolean;
  problem: MediaProblem | null;
  deviceId: string | null;
}

const SOURCES: readonly LocalSource[] = ['mic', 'camera'];

/** mediasoup-client is the largest dependency: loaded on its own, while the lobby is on screen. */
let mediasoupModule: Promise<typeof import('mediasoup-client')> | null = null;
function loadMediasoup(): Promise<typeof import('mediasoup-client')> {
  mediasoupModule ??= import('mediasoup-client');
  return mediasoupModule;
}

/**
 * One participant's side of a call: the mediasoup Device, the send and receive transports,
 * the local producers and the remote consumers. No React in here; pages read `getSnapshot()`
 * through `subscribe()` (made for `useSyncExternalStore`).
 *
 * It reconnects by itself: a socket reconnect or a `call:rejoin` notice means a full rejoin
 * (same client id, same local tracks); a transport whose ICE breaks while the socket is fine
 * gets an ICE restart, with backoff, and a full rejoin if that does not help.
 */
export class CallClient {
  readonly socket: CallSocket;
  readonly profile: VideoProfile;
  private readonly options: CallClientOptions;
  private readonly log: (message: string, detail?: unknown) => void;

  private listeners = new Set<() => void>();
  private snapshot: CallSnapshot;

  private phase: Phase = 'idle';
  private wantJoined = false;
  private destroyed = false;
  /** Incremented by every (re)join; async work of an older join sees it changed and stops. */
  private generation = 0;
  private hadConnected = false;
  private recovered = false;
  private recoveredTimer: ReturnType<typeof setTimeout> | null = null;
  private error: CallErrorInfo | null = null;
  private endReason: EndReason | null = null;
  private rejoinAttempt = 0;
  private rejoinTimer: ReturnType<typeof setTimeout> | null = null;
  private forceTcp = false;

  private _device: Device | null = null;
  private deviceCapsKey = '';
  private _sendTransport: Transport | null = null;
  private _recvTransport: Transport | null = null;
  private readonly _producers = new Map<LocalSource, Producer<ProducerAppData>>();
  private readonly _consumers = new Map<string, ConsumerRecord>();
  private readonly iceRestarts = new Map<string, IceRestartState>();
  private readonly mediaTrouble = new Set<string>();

  private self: PeerInfo | null = null;
  private session: SessionSummary | null = null;
  private readonly peers = new Map<string, PeerRecord>();
  private activeSpeakerId: string | null = null;
  private desiredLayers: Readonly<Record<string, SpatialLayer>> = {};

  private readonly local: Record<LocalSource, MutableLocal>;
  private mediaChecked = false;
  private speakerId: string | null;
  /** Producer work (produce, pause, resume, replace) runs one step at a time, in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: CallClientOptions) {
    this.options = options;
    this.profile = options.profile ?? (options.credentials.role === 'venue' ? 'venue' : 'home');
    this.log = options.log ?? ((message, detail) => console.info(`[kayoi] ${message}`, detail ?? ''));
    this.socket = options.socket ?? createSocket();
    const prefs = options.devicePrefs ?? {};
    this.local = {
      mic: { track: null, enabled: true, acquiring: false, problem: null, deviceId: prefs.micId ?? null },
      camera: { track: null, enabled: true, acquiring: false, problem: null, deviceId: prefs.cameraId ?? null },
    };
    this.speakerId = prefs.speakerId ?? null;
    this.snapshot = this.buildSnapshot();
    this.listenToSocket();
    if (typeof navigator !== 'undefined' && navigator.mediaDevices) {
      navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    }
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  // ---------------------------------------------------------------------------------------------
  // Store (for useSyncExternalStore)

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): CallSnapshot => this.snapshot;

  private emit(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of [...this.listeners]) listener();
  }

  private status(): CallStatus {
    switch (this.phase) {
      case 'idle':
        return 'idle';
      case 'joining':
        return this.hadConnected ? 'reconnecting' : 'connecting';
      case 'joined':
        return this.mediaTrouble.size > 0 ? 'reconnecting' : 'connected';
      case 'ended':
        return 'ended';
      case 'error':
        return 'error';
    }
  }

  private buildSnapshot(): CallSnapshot {
    const previous = this.snapshot as CallSnapshot | undefined;
    const status = this.status();
    if (previous?.status === 'reconnecting' && status === 'connected') this.flagRecovered();
    if (status !== 'connected') this.recovered = false;

    const peers: RemotePeer[] = [];
    for (const record of this.peers.values()) peers.push(this.peerView(record));
    const samePeers =
      previous !== undefined &&
      previous.peers.length === peers.length &&
      previous.peers.every((p, i) => p === peers[i]);

    return {
      status,
      recovered: this.recovered,
      error: this.error,
      endReason: this.endReason,
      self: this.self,
      session: this.session,
      peers: samePeers ? previous.peers : peers,
      activeSpeakerId: this.activeSpeakerId,
      mic: this.localView('mic', previous?.mic),
      camera: this.localView('camera', previous?.camera),
      mediaChecked: this.mediaChecked,
      speakerId: this.speakerId,
    };
  }

  private localView(source: LocalSource, previous: LocalSourceState | undefined): LocalSourceState {
    const l = this.local[source];
    const producer = this._producers.get(source);
    const next: LocalSourceState = {
      track: l.track,
      enabled: l.enabled,
      acquiring: l.acquiring,
      problem: l.problem,
      deviceId: l.deviceId,
      sending: !!producer && !producer.closed,
    };
    if (
      previous &&
      previous.track === next.track &&
      previous.enabled === next.enabled &&
      previous.acquiring === next.acquiring &&
      previous.problem === next.problem &&
      previous.deviceId === next.deviceId &&
      previous.sending === next.sending
    ) {
      return previous;
    }
    return next;
  }

  /** Keeps a peer's view object (and its MediaStream) as long as nothing about it changed. */
  private peerView(record: PeerRecord): RemotePeer {
    let audio: ConsumerRecord | null = null;
    let video: ConsumerRecord | null = null;
    for (const c of this._consumers.values()) {
      if (c.peerId !== record.info.id || c.consumer.closed) continue;
      if (c.consumer.kind === 'audio') audio ??= c;
      else video ??= c;
    }
    const audioTrack = audio?.consumer.track ?? null;
    const videoTrack = video?.consumer.track ?? null;
    const videoActive = !!video && !video.paused;
    const videoLayer = video?.layer ?? null;
    const old = record.view;
    const { info } = record;
    if (
      old &&
      old.displayName === info.displayName &&
      old.role === info.role &&
      old.audioMuted === info.audioMuted &&
      old.videoMuted === info.videoMuted &&
      old.audioTrack === audioTrack &&
      old.videoTrack === videoTrack &&
      old.videoActive === videoActive &&
      old.videoLayer === videoLayer
    ) {
      return old;
    }
    const tracksChanged = !old || old.audioTrack !== audioTrack || old.videoTrack !== videoTrack;
    const tracks = [audioTrack, videoTrack].filter((t): t is MediaStreamTrack => t !== null);
    const stream = tracksChanged ? (tracks.length > 0 ? new MediaStream(tracks) : null) : old.stream;
    const view: RemotePeer = {
      id: info.id,
      displayName: info.displayName,
      role: info.role,
      audioMuted: info.audioMuted,
      videoMuted: info.videoMuted,
      stream,
      audioTrack,
      videoTrack,
      videoActive,
      videoLayer,
    };
    record.view = view;
    return view;
  }

  private flagRecovered(): void {
    this.recovered = true;
    if (this.recoveredTimer) clearTimeout(this.recoveredTimer);
    this.recoveredTimer = setTimeout(() => {
      this.recoveredTimer = null;
      this.recovered = false;
      this.emit();
    }, RECOVERED_NOTICE_MS);
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  get device(): Device | null {
    return this._device;
  }
  get sendTransport(): Transport | null {
    return this._sendTransport;
  }
  get recvTransport(): Transport | null {
    return this._recvTransport;
  }
  get producers(): ReadonlyMap<LocalSource, Producer> {
    return this._producers;
  }
  get consumers(): ReadonlyMap<string, Consumer> {
    return new Map([...this._consumers].map(([id, c]) => [id, c.consumer]));
  }

  /**
   * Asks for the microphone and camera (those still missing; the camera only if it is on). Never throws: what
   * cannot be had is in `snapshot.mic.problem` / `snapshot.camera.problem`. Tracks that arrive
   * after joining are produced at once (microphone first).
   */
  async startLocalMedia(): Promise<void> {
    void loadMediasoup().catch(() => (mediasoupModule = null)); // fetch it early; joining needs it
    // The microphone is opened even while muted (unmuting is then instant); the camera only when on.
    const wanted = SOURCES.filter((s) => {
      const l = this.local[s];
      return (s === 'mic' || l.enabled) && !l.acquiring && (!l.track || l.track.readyState === 'ended');
    });
    if (wanted.length === 0) {
      if (!this.mediaChecked) {
        this.mediaChecked = true;
        this.emit();
      }
      return;
    }
    for (const s of wanted) this.local[s].acquiring = true;
    this.emit();
    const result = await acquireMedia({
      ...(wanted.includes('mic') ? { mic: micConstraints(this.local.mic.deviceId) } : {}),
      ...(wanted.includes('camera')
        ? { camera: cameraConstraints(this.profile, this.local.camera.deviceId) }
        : {}),
    });
    for (const s of wanted) {
      const l = this.local[s];
      l.acquiring = false;
      const track = result.tracks[s];
      if (track && (this.destroyed || (s === 'camera' && !l.enabled))) track.stop(); // turned off meanwhile
      else if (track) this.adoptTrack(s, track);
      else l.problem = result.problems[s] ?? 'failed';
    }
    this.mediaChecked = true;
    this.emit();
  }

  /** Connects and joins; gets any missing microphone/camera on the way (without waiting for it). */
  join(): void {
    if (this.destroyed) throw new Error('CallClient destroyed');
    if (this.wantJoined && (this.phase === 'joining' || this.phase === 'joined')) return;
    this.wantJoined = true;
    this.error = null;
    this.endReason = null;
    this.hadConnected = false;
    this.rejoinAttempt = 0;
    this.phase = 'joining';
    this.emit();
    void this.startLocalMedia();
    if (this.socket.connected) void this.runJoin('initial');
    else this.socket.connect();
  }

  /** Leaves the call (the session goes on for the others). Stops the camera and microphone. */
  async leave(): Promise<void> {
    if (this.phase === 'joined' && this.socket.connected) {
      await request(this.socket, 'call:leave', {}, 3_000).catch((e: unknown) => this.log('leave failed', e));
    }
    this.finish('ended', 'left');
  }

  /** Venue only: ends the gathering for everyone. Throws a CallError (e.g. NOT_ALLOWED). */
  async endSession(): Promise<void> {
    await request(this.socket, 'call:endSession', {});
    this.finish('ended', 'session-ended');
  }

  /** On → off; off (or missing: then it asks for the microphone again) → on. */
  toggleMic(): Promise<void> {
    const mic = this.local.mic;
    return this.setMicEnabled(!(mic.enabled && mic.track));
  }

  toggleCamera(): Promise<void> {
    const camera = this.local.camera;
    return this.setCameraEnabled(!(camera.enabled && camera.track));
  }

  /** Mute/unmute: the track is disabled and the producer paused, here and on the server. */
  async setMicEnabled(on: boolean): Promise<void> {
    const mic = this.local.mic;
    mic.enabled = on;
    this.emit();
    if (!mic.track) {
      if (on) await this.acquireSource('mic');
      return;
    }
    mic.track.enabled = on;
    await this.enqueue(() => this.syncProducerPause('mic'));
  }

  /**
   * Camera off pauses the producer and stops the camera itself (its light goes out);
   * camera on opens the camera again and resumes (or produces) it.
   */
  async setCameraEnabled(on: boolean): Promise<void> {
    const camera = this.local.camera;
    camera.enabled = on;
    this.emit();
    if (on) {
      if (!camera.track) await this.acquireSource('camera');
      else await this.enqueue(() => this.syncProducerPause('camera'));
      return;
    }
    const track = camera.track;
    camera.track = null;
    track?.stop();
    this.emit();
    await this.enqueue(async () => {
      await this.syncProducerPause('camera');
      const producer = this._producers.get('camera');
      if (producer && !producer.closed) await producer.replaceTrack({ track: null }).catch(() => undefined);
    });
  }

  /** Switches to another camera; the running producer gets the new track (`replaceTrack`). */
  async selectCamera(deviceId: string): Promise<boolean> {
    this.local.camera.deviceId = deviceId;
    this.savePrefs();
    this.emit();
    if (!this.local.camera.enabled) return true;
    return this.acquireSource('camera', true);
  }

  /** Switches to another microphone (echo cancellation and noise suppression stay on). */
  async selectMicrophone(deviceId: string): Promise<boolean> {
    this.local.mic.deviceId = deviceId;
    this.savePrefs();
    this.emit();
    return this.acquireSource('mic', true);
  }

  /** Chooses the speaker for remote audio; the `<audio>` elements apply it with `setSinkId`. */
  selectSpeaker(deviceId: string): void {
    this.speakerId = deviceId;
    this.savePrefs();
    this.emit();
  }

  /**
   * The simulcast layer wanted for each peer's video (by peer id): 2 for a large tile,
   * 1 in a gallery, 0 in a crowded one. Peers not listed get layer 1.
   */
  setDesiredLayers(byPeer: Readonly<Record<string, SpatialLayer>>): void {
    this.desiredLayers = { ...byPeer };
    for (const record of this._consumers.values()) this.applyLayer(record);
  }

  async getStats(): Promise<{ send: RTCStatsReport | null; recv: RTCStatsReport | null }> {
    const send = this._sendTransport && !this._sendTransport.closed ? await this._sendTransport.getStats() : null;
    const recv = this._recvTransport && !this._recvTransport.closed ? await this._recvTransport.getStats() : null;
    return { send, recv };
  }

  /** Plain numbers from `getStats()`, handy for end-to-end tests (serialisable). */
  async getStatsSummary(): Promise<StatsSummary> {
    const { send, recv } = await this.getStats();
    const summary: StatsSummary = {
      sendState: this._sendTransport?.connectionState ?? null,
      recvState: this._recvTransport?.connectionState ?? null,
      outbound: { audio: { bytes: 0, packets: 0 }, video: { bytes: 0, packets: 0 } },
      inbound: { audio: { bytes: 0, packets: 0 }, video: { bytes: 0, packets: 0 } },
    };
    send?.forEach((s: { type?: string; kind?: string; bytesSent?: number; packetsSent?: number }) => {
      if (s.type !== 'outbound-rtp' || (s.kind !== 'audio' && s.kind !== 'video')) return;
      summary.outbound[s.kind].bytes += s.bytesSent ?? 0;
      summary.outbound[s.kind].packets += s.packetsSent ?? 0;
    });
    recv?.forEach((s: { type?: string; kind?: string; bytesReceived?: number; packetsReceived?: number }) => {
      if (s.type !== 'inbound-rtp' || (s.kind !== 'audio' && s.kind !== 'video')) return;
      summary.inbound[s.kind].bytes += s.bytesReceived ?? 0;
      summary.inbound[s.kind].packets += s.packetsReceived ?? 0;
    });
    return summary;
  }

  /** Leaves quietly and releases everything (page unmount). */
  destroy(): void {
    if (this.destroyed) return;
    if (this.phase === 'joined' && this.socket.connected) this.socket.emit('call:leave', {}, () => undefined);
    this.finish(this.phase === 'error' ? 'error' : 'ended', this.endReason ?? 'left');
    this.destroyed = true;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    if (typeof navigator !== 'undefined' && navigator.mediaDevices) {
      navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    }
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    if (this.recoveredTimer) clearTimeout(this.recoveredTimer);
    this.listeners.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Joining and rejoining

  private isStale(generation: number): boolean {
    return generation !== this.generation || !this.wantJoined || this.destroyed;
  }

  private async runJoin(reason: string): Promise<void> {
    const generation = ++this.generation;
    this.log(`join (${reason})`);
    this.clearRejoinTimer();
    this.teardownCall();
    this.phase = 'joining';
    this.emit();
    try {
      const joined = await request(this.socket, 'call:join', {
        credentials: this.options.credentials,
        clientId: this.options.getClientId(),
      });
      if (this.isStale(generation)) return;
      this.self = joined.self;
      this.session = joined.session;
      for (const info of joined.peers) {
        if (info.id !== joined.self.id && !this.peers.has(info.id)) this.peers.set(info.id, { info, view: null });
      }
      this.emit();

      const device = await this.loadDevice(joined.routerRtpCapabilities as unknown as RtpCapabilities);
      if (this.isStale(generation)) return;

      const forceTcp = this.forceTcp || undefined;
      const sendOptions = await request(this.socket, 'call:createTransport', { direction: 'send', forceTcp });
      if (this.isStale(generation)) return;
      this._sendTransport = this.setupTransport(device.createSendTransport(toTransportOptions(sendOptions)), generation);
      const recvOptions = await request(this.socket, 'call:createTransport', { direction: 'recv', forceTcp });
      if (this.isStale(generation)) return;
      this._recvTransport = this.setupTransport(device.createRecvTransport(toTransportOptions(recvOptions)), generation);

      // Audio first, then the camera; whatever is not allowed yet is produced when it arrives.
      await this.enqueue(() => this.ensureProducers(generation));
      if (this.isStale(generation)) return;

      await request(this.socket, 'call:ready', { rtpCapabilities: device.rtpCapabilities });
      if (this.isStale(generation)) return;
      this.phase = 'joined';
      this.hadConnected = true;
      this.rejoinAttempt = 0;
      this.emit();
      for (const record of this._consumers.values()) this.applyLayer(record);
    } catch (error) {
      if (this.isStale(generation)) return;
      const err = toCallError(error);
      this.log(`join failed: ${err.code}`, err.message);
      if (err.code === 'SESSION_ENDED') this.finish('ended', 'session-ended');
      else if (FATAL_JOIN_CODES.has(err.code)) this.fail(err);
      else this.scheduleRejoin();
    }
  }

  private async loadDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
    const key = JSON.stringify(routerRtpCapabilities);
    if (this._device && this.deviceCapsKey === key) return this._device;
    const { Device: DeviceClass } = await loadMediasoup();
    const device = await DeviceClass.factory();
    await device.load({ routerRtpCapabilities });
    this._device = device;
    this.deviceCapsKey = key;
    return device;
  }

  /** Retries a join that failed for a passing reason (timeout, server error), with backoff. */
  private scheduleRejoin(): void {
    this.clearRejoinTimer();
    this.phase = 'joining';
    this.emit();
    if (!this.socket.connected) return; // the socket's own reconnect triggers the rejoin
    const delay = Math.min(1_000 * 2 ** this.rejoinAttempt, 15_000);
    this.rejoinAttempt += 1;
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = null;
      if (this.wantJoined && this.socket.connected) void this.runJoin('retry');
    }, delay);
  }

  private clearRejoinTimer(): void {
    if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
    this.rejoinTimer = null;
  }

  private setupTransport(transport: Transport, generation: number): Transport {
    transport.on('connect', ({ dtlsParameters }: { dtlsParameters: DtlsParameters }, callback, errback) => {
      request(this.socket, 'call:connectTransport', { transportId: transport.id, dtlsParameters })
        .then(() => callback())
        .catch((e: unknown) => errback(toCallError(e)));
    });
    if (transport.direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const data = appData as Partial<ProducerAppData>;
        request(this.socket, 'call:produce', {
          transportId: transport.id,
          kind,
          rtpParameters,
          source: data.source ?? (kind === 'audio' ? 'mic' : 'camera'),
          paused: data.paused ?? false,
        })
          .then(({ producerId }) => callback({ id: producerId }))
          .catch((e: unknown) => errback(toCallError(e)));
      });
    }
    transport.on('connectionstatechange', (state: ConnectionState) => this.onTransportState(transport, state, generation));
    return transport;
  }

  /** Closes transports, producers and consumers here (not on the server) and forgets the peers. */
  private teardownCall(): void {
    for (const state of this.iceRestarts.values()) if (state.timer) clearTimeout(state.timer);
    this.iceRestarts.clear();
    this.mediaTrouble.clear();
    for (const record of this._consumers.values()) record.consumer.close();
    this._consumers.clear();
    for (const producer of this._producers.values()) producer.close();
    this._producers.clear();
    this._sendTransport?.close();
    this._recvTransport?.close();
    this._sendTransport = null;
    this._recvTransport = null;
    this.peers.clear();
    this.activeSpeakerId = null;
  }

  private finish(phase: 'ended' | 'error', reason: EndReason | null): void {
    this.generation += 1;
    this.wantJoined = false;
    this.clearRejoinTimer();
    this.teardownCall();
    this.phase = phase;
    this.endReason = phase === 'ended' ? reason : null;
    if (this.socket.connected || this.socket.active) this.socket.disconnect();
    this.stopLocalTracks();
    this.emit();
  }

  private fail(error: CallError): void {
    this.error = { code: error.code, message: error.message };
    this.finish('error', null);
  }

  private stopLocalTracks(): void {
    for (const s of SOURCES) {
      this.local[s].track?.stop();
      this.local[s].track = null;
      if (this.local[s].problem === 'ended') this.local[s].problem = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ICE

  private onTransportState(transport: Transport, state: ConnectionState, generation: number): void {
    if (this.isStale(generation) || transport.closed) return;
    this.log(`${transport.direction} transport ${state}`);
    if (state === 'connected') {
      const restart = this.iceRestarts.get(transport.id);
      if (restart?.timer) clearTimeout(restart.timer);
      this.iceRestarts.delete(transport.id);
      if (this.mediaTrouble.delete(transport.id)) this.emit();
    } else if (state === 'disconnected') {
      this.scheduleIceRestart(transport, generation, DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      this.mediaTrouble.add(transport.id);
      this.emit();
      this.scheduleIceRestart(transport, generation, 0);
    }
  }

  private scheduleIceRestart(transport: Transport, generation: number, delay: number): void {
    let state = this.iceRestarts.get(transport.id);
    if (!state) {
      state = { attempt: 0, timer: null };
      this.iceRestarts.set(transport.id, state);
    }
    if (state.timer) return; // one already planned
    const restart = state;
    restart.timer = setTimeout(() => {
      restart.timer = null;
      void this.restartIce(transport, generation, restart);
    }, delay);
  }

  private async restartIce(transport: Transport, generation: number, state: IceRestartState): Promise<void> {
    if (this.isStale(generation) || transport.closed || this.iceRestarts.get(transport.id) !== state) return;
    if (transport.connectionState === 'connected') {
      this.iceRestarts.delete(transport.id);
      return;
    }
    // Without the socket there is no signalling; its reconnect brings a full rejoin instead.
    if (!this.socket.connected) return;
    if (state.attempt >= MAX_ICE_RESTARTS) {
      this.log('ICE restarts did not help: rejoining (TCP toggled)');
      this.forceTcp = !this.forceTcp;
      void this.runJoin('ice-failed');
      return;
    }
    this.mediaTrouble.add(transport.id);
    this.emit();
    state.attempt += 1;
    try {
      const { iceParameters } = await request(this.socket, 'call:restartIce', { transportId: transport.id });
      if (this.isStale(generation) || transport.closed) return;
      await transport.restartIce({ iceParameters: iceParameters as unknown as IceParameters });
    } catch (error) {
      const err = toCallError(error);
      this.log(`restartIce failed: ${err.code}`, err.message);
      if (err.code === 'TRANSPORT_NOT_FOUND' || err.code === 'NOT_JOINED') {
        if (!this.isStale(generation)) void this.runJoin('transport-lost');
        return;
      }
    }
    if (this.isStale(generation) || transport.closed) return;
    // Check again later; a `connected` state clears this.
    if (this.iceRestarts.get(transport.id) === state) {
      this.scheduleIceRestart(transport, generation, Math.min(2_000 * 2 ** state.attempt, 16_000));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Local media and producers

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch((e: unknown) => this.log('media step failed', e));
    this.queue = run;
    return run;
  }

  private adoptTrack(source: LocalSource, track: MediaStreamTrack): void {
    const l = this.local[source];
    l.track = track;
    l.problem = null;
    track.enabled = l.enabled;
    const settings = track.getSettings();
    if (settings.deviceId && !l.deviceId) l.deviceId = settings.deviceId;
    track.addEventListener('ended', () => this.onLocalTrackEnded(source, track));
    if (this.phase === 'joining' || this.phase === 'joined') {
      void this.enqueue(() => this.attachTrack(source, this.generation));
    }
  }

  /**
   * Gets one source alone (a toggle, a device switch, a re-plugged device). With `switching`
   * the current track is released first (phones cannot open two cameras) and, if the new
   * device fails, the previous device is tried again.
   */
  private async acquireSource(source: LocalSource, switching = false): Promise<boolean> {
    const l = this.local[source];
    if (l.acquiring) return false;
    const previous = l.track;
    const previousDeviceId = previous?.getSettings().deviceId ?? null;
    l.acquiring = true;
    if (switching && previous) {
      previous.stop();
      l.track = null;
    }
    this.emit();
    const constraints =
      source === 'mic'
        ? { mic: micConstraints(l.deviceId, switching) }
        : { camera: cameraConstraints(this.profile, l.deviceId, switching) };
    let result = await acquireMedia(constraints);
    if (!result.tracks[source] && switching && previousDeviceId) {
      result = await acquireMedia(
        source === 'mic'
          ? { mic: micConstraints(previousDeviceId, true) }
          : { camera: cameraConstraints(this.profile, previousDeviceId, true) },
      );
    }
    l.acquiring = false;
    const track = result.tracks[source];
    if (this.destroyed || (!l.enabled && source === 'camera')) {
      track?.stop();
      this.emit();
      return false;
    }
    if (!track) {
      l.problem = result.problems[source] ?? 'failed';
      this.emit();
      return false;
    }
    if (previous && previous !== track && previous.readyState !== 'ended') previous.stop();
    this.adoptTrack(source, track);
    this.emit();
    return true;
  }

  /** Puts the current local track of a source on the wire: a new producer, or replaceTrack. */
  private async attachTrack(source: LocalSource, generation: number): Promise<void> {
    if (this.isStale(generation)) return;
    const track = this.local[source].track;
    const producer = this._producers.get(source);
    if (!producer || producer.closed) {
      await this.ensureProducers(generation);
      return;
    }
    if (!track || producer.track === track) return;
    await producer.replaceTrack({ track });
    await this.syncProducerPause(source);
  }

  /** Produces every local track that has no producer yet: the microphone first, then the camera. */
  private async ensureProducers(generation: number): Promise<void> {
    for (const source of SOURCES) {
      const transport = this._sendTransport;
      const device = this._device;
      if (this.isStale(generation) || !transport || transport.closed || !device) return;
      const l = this.local[source];
      const track = l.track;
      if (!track || track.readyState === 'ended') continue;
      const existing = this._producers.get(source);
      if (existing && !existing.closed) continue;
      const kind = source === 'mic' ? 'audio' : 'video';
      if (!device.canProduce(kind)) {
        this.log(`this browser cannot send ${kind}`);
        continue;
      }
      const paused = !l.enabled;
      track.enabled = true;
      try {
        const producer =
          source === 'mic'
            ? await transport.produce(micProducerOptions(track, paused))
            : await transport.produce(cameraProducerOptions(device, track, this.profile, paused));
        if (this.isStale(generation) || transport.closed) {
          producer.close();
          return;
        }
        if (paused) producer.pause();
        producer.on('transportclose', () => {
          if (this._producers.get(source) === producer) this._producers.delete(source);
        });
        this._producers.set(source, producer);
        this.emit();
        // The user may have toggled while the producer was being made.
        await this.syncProducerPause(source);
      } catch (error) {
        track.enabled = l.enabled;
        this.log(`produce ${source} failed`, error);
      }
    }
  }

  /** Makes the producer's pause state (here and on the server) match what the user wants. */
  private async syncProducerPause(source: LocalSource): Promise<void> {
    const producer = this._producers.get(source);
    if (!producer || producer.closed) return;
    const l = this.local[source];
    const wantOn = l.enabled && !!l.track;
    if (wantOn === !producer.paused) return;
    if (wantOn) producer.resume();
    else producer.pause();
    await request(this.socket, wantOn ? 'call:resumeProducer' : 'call:pauseProducer', { producerId: producer.id }).catch(
      (e: unknown) => this.log(`${wantOn ? 'resume' : 'pause'} ${source} failed`, e),
    );
  }

  private onLocalTrackEnded(source: LocalSource, track: MediaStreamTrack): void {
    const l = this.local[source];
    if (l.track !== track) return;
    this.log(`${source} track ended (device unplugged?)`);
    l.track = null;
    l.problem = 'ended';
    this.emit();
    void this.enqueue(async () => {
      const producer = this._producers.get(source);
      if (!producer || producer.closed) return;
      this._producers.delete(source);
      producer.close();
      this.emit();
      await request(this.socket, 'call:closeProducer', { producerId: producer.id }).catch(() => undefined);
    });
  }

  /** A device was plugged in: try again for a source that is wanted but missing. */
  private readonly onDeviceChange = (): void => {
    if (this.destroyed || !this.mediaChecked || this.phase === 'ended' || this.phase === 'error') return;
    for (const s of SOURCES) {
      const l = this.local[s];
      const wanted = s === 'mic' || l.enabled;
      if (wanted && !l.track && !l.acquiring && (l.problem === 'ended' || l.problem === 'not-found')) {
        void this.acquireSource(s);
      }
    }
  };

  private readonly onOnline = (): void => {
    if (this.wantJoined && !this.socket.connected) this.socket.connect();
  };

  private savePrefs(): void {
    this.options.onDevicePrefsChange?.({
      cameraId: this.local.camera.deviceId,
      micId: this.local.mic.deviceId,
      speakerId: this.speakerId,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Remote media

  private applyLayer(record: ConsumerRecord): void {
    if (record.consumer.kind !== 'video' || record.consumer.closed || !this.socket.connected) return;
    const want = this.desiredLayers[record.peerId] ?? DEFAULT_LAYER;
    if (record.requestedLayer === want) return;
    record.requestedLayer = want;
    request(this.socket, 'call:setPreferredLayers', { consumerId: record.consumer.id, spatialLayer: want }).catch(
      (e: unknown) => {
        record.requestedLayer = null;
        this.log('setPreferredLayers failed', e);
      },
    );
  }

  private ensurePeer(peerId: string): PeerRecord {
    let record = this.peers.get(peerId);
    if (!record) {
      record = { info: { id: peerId, displayName: '', role: 'home', audioMuted: false, videoMuted: false }, view: null };
      this.peers.set(peerId, record);
    }
    return record;
  }

  private async onNewConsumer(notice: NoticeOf<'call:newConsumer'>, ack: (answer: Ack<object>) => void): Promise<void> {
    const generation = this.generation;
    const transport = this._recvTransport;
    if (this.isStale(generation) || !transport || transport.closed) {
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
      if (this.isStale(generation) || transport.closed) {
        consumer.close();
        ack({ ok: false, code: 'NOT_JOINED', message: 'rejoining' });
        return;
      }
      const record: ConsumerRecord = {
        consumer,
        peerId: notice.peerId,
        source: notice.source,
        paused: notice.producerPaused,
        layer: null,
        requestedLayer: null,
      };
      this._consumers.set(consumer.id, record);
      consumer.on('transportclose', () => {
        if (this._consumers.get(consumer.id) === record) this._consumers.delete(consumer.id);
      });
      this.ensurePeer(notice.peerId);
      this.emit();
      ack({ ok: true, data: {} });
      this.applyLayer(record);
    } catch (error) {
      this.log('consume failed', error);
      ack({ ok: false, code: 'CANNOT_CONSUME', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private closeConsumer(consumerId: string): void {
    const record = this._consumers.get(consumerId);
    if (!record) return;
    this._consumers.delete(consumerId);
    record.consumer.close();
    this.emit();
  }

  private listenToSocket(): void {
    const socket = this.socket;
    const live = (): boolean => this.wantJoined && !this.destroyed;

    socket.on('connect', () => {
      if (live()) void this.runJoin(this.hadConnected ? 'reconnect' : 'connect');
    });
    socket.on('disconnect', (reason) => {
      if (!live()) return;
      this.log(`socket disconnected: ${reason}`);
      this.generation += 1; // stop any join or ICE restart in flight
      this.clearRejoinTimer();
      this.phase = 'joining';
      this.emit();
      if (reason === 'io server disconnect') {
        // The server closed us on purpose; socket.io does not come back by itself then.
        this.rejoinTimer = setTimeout(() => {
          this.rejoinTimer = null;
          if (live() && !socket.connected) socket.connect();
        }, 2_000);
      }
    });
    socket.on('connect_error', (error) => {
      if (!live()) return;
      this.log('socket connect error', error.message);
      if (!socket.active) {
        this.clearRejoinTimer();
        this.rejoinTimer = setTimeout(() => {
          this.rejoinTimer = null;
          if (live() && !socket.connected) socket.connect();
        }, 3_000);
      }
    });

    socket.on('call:newConsumer', (notice, ack) => {
      if (!live()) {
        ack({ ok: false, code: 'NOT_JOINED', message: 'not in a call' });
        return;
      }
      void this.onNewConsumer(notice, ack);
    });
    socket.on('call:peerJoined', (info) => {
      if (!live() || info.id === this.self?.id) return;
      const record = this.peers.get(info.id);
      if (record) record.info = info;
      else this.peers.set(info.id, { info, view: null });
      this.emit();
    });
    socket.on('call:peerUpdated', (info) => {
      if (!live()) return;
      if (info.id === this.self?.id) {
        this.self = info;
      } else {
        this.ensurePeer(info.id).info = info;
      }
      this.emit();
    });
    socket.on('call:peerLeft', ({ peerId }) => {
      if (!live()) return;
      for (const [id, record] of this._consumers) {
        if (record.peerId === peerId) {
          record.consumer.close();
          this._consumers.delete(id);
        }
      }
      this.peers.delete(peerId);
      if (this.activeSpeakerId === peerId) this.activeSpeakerId = null;
      this.emit();
    });
    socket.on('call:consumerClosed', ({ consumerId }) => {
      if (live()) this.closeConsumer(consumerId);
    });
    socket.on('call:consumerPaused', ({ consumerId }) => {
      const record = this._consumers.get(consumerId);
      if (!live() || !record) return;
      record.paused = true;
      this.emit();
    });
    socket.on('call:consumerResumed', ({ consumerId }) => {
      const record = this._consumers.get(consumerId);
      if (!live() || !record) return;
      record.paused = false;
      this.emit();
    });
    socket.on('call:consumerLayersChanged', ({ consumerId, spatialLayer }) => {
      const record = this._consumers.get(consumerId);
      if (!live() || !record) return;
      record.layer = spatialLayer;
      this.emit();
    });
    socket.on('call:activeSpeaker', ({ peerId }) => {
      if (!live()) return;
      this.activeSpeakerId = peerId;
      this.emit();
    });
    socket.on('call:rejoin', ({ reason }) => {
      if (!live()) return;
      this.log(`server asks to rejoin: ${reason}`);
      // 'replaced': this tab's client id joined from elsewhere; rejoining would only fight it.
      if (reason === 'replaced') this.finish('ended', 'replaced');
      else void this.runJoin(`rejoin:${reason}`);
    });
    socket.on('call:sessionEnded', () => {
      if (live()) this.finish('ended', 'session-ended');
    });
  }
}

export interface StatsSummary {
  sendState: ConnectionState | null;
  recvState: ConnectionState | null;
  outbound: Record<'audio' | 'video', { bytes: number; packets: number }>;
  inbound: Record<'audio' | 'video', { bytes: number; packets: number }>;
}

function toTransportOptions(options: {
  id: string;
  iceParameters: Record<string, unknown>;
  iceCandidates: Record<string, unknown>[];
  dtlsParameters: Record<string, unknown>;
}) {
  return {
    id: options.id,
    iceParameters: options.iceParameters as unknown as IceParameters,
    iceCandidates: options.iceCandidates as unknown as IceCandidate[],
    dtlsParameters: options.dtlsParameters as unknown as DtlsParameters,
  };
}
