import type { RtpCapabilities } from 'mediasoup-client/types';
import type { ResponseOf } from '@shared/call/events';
import type { JoinCredentials, PeerInfo, SessionSummary } from '@shared/call/schemas';
import type { SubmitCheckin } from '@shared/checkins/schemas';
import { type CallError, toCallError, type ClientErrorCode } from '../lib/errors';
import { consoleLog, type Log } from '../lib/log';
import { createSocket, moveSocket, request, type CallSocket } from './socket';
import { CallCaptions } from './client/captions';
import { CallCheckins } from './client/checkins';
import { firstRemoteFrame } from './client/firstFrame';
import type { CallContext } from './client/context';
import { LocalMedia, type DevicePrefs } from './client/LocalMedia';
import { LiveProgram } from './client/LiveProgram';
import { LocalProducers } from './client/LocalProducers';
import { MediaTransports, prefetchMediasoup } from './client/MediaTransports';
import { listenToNotices, type NoticeHandlers } from './client/notices';
import { Reconnector } from './client/Reconnector';
import { RemotePeers } from './client/RemotePeers';
import { RecoveredNotice, SnapshotStore } from './client/SnapshotStore';
import type { VideoProfile } from './media';
import { exposeCallClient } from './testHooks';
import type { CallErrorInfo, CallSnapshot, CallStatus, EndReason, LocalSource, SpatialLayer } from './types';

export type { TroubleRequest } from './client/checkins';
export type { LiveReaction, ReactionKind } from './client/LiveProgram';
export type { DevicePrefs } from './client/LocalMedia';

/** Join answers that no retry can fix: the page explains them and offers a button. */
const FATAL_JOIN_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  'INVALID_TOKEN',
  'SESSION_NOT_FOUND',
  'SESSION_ENDED',
  'SESSION_CANCELLED',
  'NOT_YET_OPEN',
  'NO_ACTIVE_SESSION',
  'ALREADY_JOINED',
  'NOT_ALLOWED',
  // The venue page without a signed-in host: retrying cannot help until someone signs in.
  'UNAUTHENTICATED',
  'UNSUPPORTED_BROWSER',
  'INVALID_PAYLOAD',
]);

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
  log?: Log;
}

type Phase = 'idle' | 'joining' | 'joined' | 'ended' | 'error';

/**
 * One participant's side of a call. No React in here; pages read `getSnapshot()` through
 * `subscribe()` (made for `useSyncExternalStore`). It orchestrates the parts in `./client/`:
 *
 * - `LocalMedia`: this device's microphone and camera (asking, switching, on/off, problems);
 * - `LocalProducers`: sending them on the send transport;
 * - `MediaTransports`: the mediasoup Device and the send and receive transports;
 * - `RemotePeers`: the other people, their consumers as one stream per peer, simulcast layers;
 * - `Reconnector`: full rejoin after signalling drops, ICE restarts with backoff, TCP fallback.
 */
export class CallClient {
  readonly socket: CallSocket;
  readonly profile: VideoProfile;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => CallSnapshot;
  /** The session program: its state is in the snapshot, its requests are here. */
  readonly live: LiveProgram;

  private readonly options: CallClientOptions;
  private readonly log: Log;
  private readonly store: SnapshotStore<CallSnapshot>;
  private readonly recoveredNotice = new RecoveredNotice(() => this.emit());
  private readonly local: LocalMedia;
  private readonly sending: LocalProducers;
  private readonly transports: MediaTransports;
  private readonly remote: RemotePeers;
  private readonly reconnector: Reconnector;
  private readonly checkins: CallCheckins;
  private readonly captions: CallCaptions;
  /** Takes the browser tests' hook away again (their build only, see ./testHooks.ts). */
  private readonly hideFromTests: (() => void) | undefined;

  private phase: Phase = 'idle';
  private wantJoined = false;
  /** The lobby asked to get ready (socket open, Device loaded) before the join. */
  private wantPrepared = false;
  private destroyed = false;
  /** Incremented by every (re)join; async work of an older join sees it changed and stops. */
  private generation = 0;
  private hadConnected = false;
  private error: CallErrorInfo | null = null;
  private endReason: EndReason | null = null;
  private self: PeerInfo | null = null;
  private session: SessionSummary | null = null;

  constructor(options: CallClientOptions) {
    this.options = options;
    this.profile = options.profile ?? (options.credentials.role === 'venue' ? 'venue' : 'home');
    this.log = options.log ?? consoleLog;
    this.socket = options.socket ?? createSocket();
    const ctx: CallContext = {
      socket: this.socket,
      log: this.log,
      changed: () => this.emit(),
      generation: () => this.generation,
      isStale: (generation) => this.isStale(generation),
    };
    this.reconnector = new Reconnector(ctx, {
      isLive: () => this.isLive(),
      rejoin: (reason) => void this.runJoin(reason),
      signallingLost: () => this.onSignallingLost(),
    });
    this.transports = new MediaTransports(ctx, this.reconnector.onTransportState);
    this.remote = new RemotePeers(ctx);
    this.checkins = new CallCheckins(ctx);
    this.captions = new CallCaptions(ctx);
    this.live = new LiveProgram(ctx, {
      muteMic: () => void this.setMicEnabled(false),
      removed: () => this.finish('ended', 'removed'),
    });
    // The producers read the local tracks, and local media hands new tracks to the producers.
    const tracks = { track: (s: LocalSource) => this.local.track(s), enabled: (s: LocalSource) => this.local.enabled(s) };
    this.sending = new LocalProducers(ctx, this.profile, tracks, this.transports);
    this.local = new LocalMedia({
      profile: this.profile,
      log: this.log,
      changed: () => this.emit(),
      sender: this.sending,
      mayReacquire: () => !this.destroyed && this.phase !== 'ended' && this.phase !== 'error',
      devicePrefs: options.devicePrefs,
      onDevicePrefsChange: options.onDevicePrefsChange,
    });
    this.store = new SnapshotStore(this.buildSnapshot(undefined));
    this.subscribe = this.store.subscribe;
    this.getSnapshot = this.store.getSnapshot;
    this.listenToServer();
    this.hideFromTests = __KAYOI_TEST_HOOKS__ ? exposeCallClient(this, this.transports, this.sending) : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  /**
   * Asks for the microphone and camera (those still missing; the camera only if it is on). Never throws: what
   * cannot be had is in `snapshot.mic.problem` / `snapshot.camera.problem`. Tracks that arrive
   * after joining are produced at once (microphone first).
   */
  startLocalMedia(): Promise<void> {
    prefetchMediasoup(this.log); // joining needs it
    return this.local.start();
  }

  /**
   * From the lobby, while the greeting shows: opens the socket, asks `call:prepare` for the router's capabilities
   * and loads the mediasoup Device, so that 参加する goes straight to `call:join`. Never throws: whatever fails here
   * (logged) the join does again.
   */
  prepare(): void {
    if (this.destroyed || this.wantJoined || this.phase !== 'idle') return;
    prefetchMediasoup(this.log);
    // The tab's id is read from sessionStorage and announced on a BroadcastChannel the first time: a few hundred ms on
    // a slow tablet, done here rather than between the click and call:join.
    this.options.getClientId();
    this.wantPrepared = true;
    if (this.socket.connected) void this.runPrepare();
    else this.socket.connect();
  }

  /** Connects and joins; gets any missing microphone/camera on the way (without waiting for it). */
  join(): void {
    if (this.destroyed) throw new Error('CallClient destroyed');
    if (this.wantJoined && (this.phase === 'joining' || this.phase === 'joined')) return;
    this.wantJoined = true;
    this.error = null;
    this.endReason = null;
    this.hadConnected = false;
    this.reconnector.resetBackoff();
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
    this.live.forgetMutedByHost(); // whichever way: the person chose, the host's mute is no longer the news
    return this.local.toggle('mic');
  }
  toggleCamera(): Promise<void> {
    return this.local.toggle('camera');
  }
  /** Mute/unmute: the track is disabled and the producer paused, here and on the server. */
  setMicEnabled(on: boolean): Promise<void> {
    if (on) this.live.forgetMutedByHost();
    return this.local.setMicEnabled(on);
  }
  /** Camera off also stops the camera itself (its light goes out); on opens it again. */
  setCameraEnabled(on: boolean): Promise<void> {
    return this.local.setCameraEnabled(on);
  }
  /** Switches to another camera; the running producer gets the new track (`replaceTrack`). */
  selectCamera(deviceId: string): Promise<boolean> {
    return this.local.selectDevice('camera', deviceId);
  }
  /** Switches to another microphone (echo cancellation and noise suppression stay on). */
  selectMicrophone(deviceId: string): Promise<boolean> {
    return this.local.selectDevice('mic', deviceId);
  }
  /** Chooses the speaker for remote audio; the `<audio>` elements apply it with `setSinkId`. */
  selectSpeaker(deviceId: string): void {
    this.local.selectSpeaker(deviceId);
  }

  /**
   * The simulcast layer wanted for each peer's video (by peer id): 2 for a large tile,
   * 1 in a gallery, 0 in a crowded one. Peers not listed get layer 1.
   */
  setDesiredLayers(byPeer: Readonly<Record<string, SpatialLayer>>): void {
    this.remote.setDesiredLayers(byPeer);
  }

  /**
   * The peers whose video the screen shows now (a gallery page, the spotlight); the server pauses the
   * others' videos for this device, never their voices. null: every video.
   */
  showVideosOf(peerIds: readonly string[] | null): void {
    this.remote.showVideosOf(peerIds);
  }

  /** Home only: sends this person's check-in (a second one replaces the first). Throws a CallError. */
  submitCheckin(body: SubmitCheckin) {
    return this.checkins.submit(body);
  }

  /** Home only: sends the 15-item questionnaire, answers by item number. Throws a CallError (CONFLICT if not due). */
  submitQuestionnaire(answers: Record<string, string>) {
    return this.checkins.submitQuestionnaire(answers);
  }

  /** Venue: a 「困りごと」 request found open when the page loaded (live ones arrive by themselves). */
  addTroubleRequest(participantId: string, displayName: string): void {
    this.checkins.addTroubleRequest(participantId, displayName);
  }

  /** Venue: the host handled this person's request; it leaves `snapshot.troubleRequests`. */
  dismissTroubleRequest(participantId: string): void {
    this.checkins.removeTroubleRequest(participantId);
  }

  /** The caption role (the venue device): sends a typed line, or corrects a recent one. Throws a CallError. */
  sendCaption(text: string, replaces?: string) {
    return this.captions.send(text, replaces);
  }

  /** Venue: the room's speech recognition, interim words or a final line. */
  sendAutoCaption(text: string, final: boolean): void {
    this.captions.auto(text, final);
  }

  /** Venue: 「記録を残す」 on or off for this session. Throws a CallError. */
  setCaptionTranscript(keep: boolean): Promise<void> {
    return this.captions.setTranscript(keep);
  }

  /** Leaves quietly and releases everything (page unmount). */
  destroy(): void {
    if (this.destroyed) return;
    if (this.phase === 'joined' && this.socket.connected) {
      this.socket.emit('call:leave', {}, (answer) => {
        if (!answer.ok) this.log(`leave on unmount failed: ${answer.code}`, answer.message);
      });
    }
    this.finish(this.phase === 'error' ? 'error' : 'ended', this.endReason ?? 'left');
    this.destroyed = true;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.local.dispose();
    this.reconnector.dispose();
    this.recoveredNotice.dispose();
    this.store.clear();
    this.hideFromTests?.();
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshot

  private emit(): void {
    this.store.set(this.buildSnapshot(this.store.getSnapshot()));
  }

  private status(): CallStatus {
    if (this.phase === 'joining') return this.hadConnected ? 'reconnecting' : 'connecting';
    if (this.phase === 'joined') return this.reconnector.hasMediaTrouble ? 'reconnecting' : 'connected';
    return this.phase;
  }

  private buildSnapshot(previous: CallSnapshot | undefined): CallSnapshot {
    const status = this.status();
    return {
      status,
      recovered: this.recoveredNotice.follow(previous?.status, status),
      error: this.error,
      endReason: this.endReason,
      self: this.self,
      session: this.session,
      peers: this.remote.views(previous?.peers),
      activeSpeakerId: this.remote.activeSpeakerId,
      mic: this.local.view('mic', this.sending.isSending('mic'), previous?.mic),
      camera: this.local.view('camera', this.sending.isSending('camera'), previous?.camera),
      mediaChecked: this.local.mediaChecked,
      speakerId: this.local.speakerId,
      checkin: this.checkins.offer,
      troubleRequests: this.checkins.troubleRequests,
      live: this.live.state,
      captions: this.captions.state,
      serverOffsetMs: this.live.serverOffsetMs,
      reactions: this.live.reactions,
      unmuteAsked: this.live.unmuteAsked,
      mutedByHost: this.live.mutedByHost,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Joining and rejoining

  private isLive(): boolean {
    return this.wantJoined && !this.destroyed;
  }

  private isStale(generation: number): boolean {
    return generation !== this.generation || !this.isLive();
  }

  private onSignallingLost(): void {
    this.generation += 1; // stop any join or ICE restart in flight
    this.phase = 'joining';
    this.emit();
  }

  /** A full join: the room and both transports in one answer, then `call:ready` and our producers side by side. */
  private async runJoin(reason: string): Promise<void> {
    const generation = ++this.generation;
    this.log(`join (${reason})`);
    this.reconnector.cancelRejoin();
    this.teardownCall();
    this.phase = 'joining';
    this.emit();
    try {
      const joined = await request(this.socket, 'call:join', {
        credentials: this.options.credentials,
        clientId: this.options.getClientId(),
        ...(this.reconnector.forceTcp ? { forceTcp: true } : {}),
      });
      if (this.isStale(generation)) return;
      this.enterRoom(joined);
      this.live.onJoined(joined.live, generation);
      await this.connectMedia(joined, generation);
    } catch (error) {
      if (!this.isStale(generation)) this.onJoinFailed(toCallError(error));
    }
  }

  private enterRoom(joined: ResponseOf<'call:join'>): void {
    this.self = joined.self;
    this.session = joined.session;
    this.checkins.setOffer(joined.checkin);
    this.remote.addPresent(joined.peers.filter((p) => p.id !== joined.self.id));
    this.emit();
  }

  /**
   * After the join's answer, three more round trips to the first remote picture: both transports come in the answer
   * (the Device is usually loaded already, from the lobby), so `call:ready` leaves at once and the server offers what
   * the others send (`call:newConsumer`); the first consumer connects the receive transport (DTLS); the server resumes
   * each consumer once this device has accepted it (a video one with a keyframe request). Sending
   * goes alongside, microphone first; the camera starts with its smallest simulcast layer only and gets its larger
   * ones after the first remote picture (or at once when there is nothing to see), so that a slow tablet's CPU decodes
   * the first pictures before it encodes three layers.
   */
  private async connectMedia(joined: ResponseOf<'call:join'>, generation: number): Promise<void> {
    // The Device the lobby loaded is taken without awaiting: an await here would let the page first render the room
    // that enterRoom announced (a synchronous React render, longer than a round trip on a slow tablet) before
    // call:ready leaves. So call:ready is on its way while the page renders.
    const routerRtpCapabilities = joined.routerRtpCapabilities as unknown as RtpCapabilities;
    const device = this.transports.loadedFor(routerRtpCapabilities) ?? (await this.transports.loadDevice(routerRtpCapabilities));
    if (this.isStale(generation)) return;
    this.transports.open(device, joined.transports, generation);
    this.sending.holdCameraLayers();
    const receiving = request(this.socket, 'call:ready', { rtpCapabilities: device.rtpCapabilities });
    await Promise.all([receiving, this.sending.produceAll(generation)]);
    if (this.isStale(generation)) return;
    this.phase = 'joined';
    this.hadConnected = true;
    this.reconnector.resetBackoff();
    this.emit();
    this.remote.applyLayers();
    await firstRemoteFrame({
      transport: this.transports.recvTransport,
      expectsVideo: () => this.remote.receivesVideo(),
      isStale: () => this.isStale(generation),
    });
    if (!this.isStale(generation)) await this.sending.releaseCameraLayers();
  }

  private async runPrepare(): Promise<void> {
    try {
      const { routerRtpCapabilities } = await request(this.socket, 'call:prepare', { credentials: this.options.credentials });
      if (this.destroyed) return;
      await this.transports.loadDevice(routerRtpCapabilities as unknown as RtpCapabilities);
    } catch (error) {
      this.log('preparing in the lobby failed (the join will do it)', error);
    }
  }

  private onJoinFailed(error: CallError): void {
    this.log(`join failed: ${error.code}`, error.message);
    // Multi-node: the socket moves to the node serving the session; its `connect` joins again there.
    if (error.code === 'WRONG_NODE' && error.nodeUrl && moveSocket(this.socket, error.nodeUrl)) return;
    if (error.code === 'SESSION_ENDED') this.finish('ended', 'session-ended');
    // Removed by the host for the rest of the session: the same kind screen as at the removal, no retrying.
    else if (error.code === 'REMOVED') this.finish('ended', 'removed');
    else if (FATAL_JOIN_CODES.has(error.code)) this.fail(error);
    else {
      this.phase = 'joining';
      this.emit();
      this.reconnector.retryJoinLater();
    }
  }

  /** Closes transports, producers and consumers here (not on the server) and forgets the peers. */
  private teardownCall(): void {
    this.reconnector.forgetTransports();
    this.remote.clear();
    this.sending.closeAll();
    this.transports.close();
  }

  private finish(phase: 'ended' | 'error', reason: EndReason | null): void {
    this.generation += 1;
    this.wantJoined = false;
    this.reconnector.cancelRejoin();
    this.teardownCall();
    this.phase = phase;
    this.endReason = phase === 'ended' ? reason : null;
    if (this.socket.connected || this.socket.active) this.socket.disconnect();
    this.local.stopAll();
    this.live.reset();
    this.emit();
  }

  private fail(error: CallError): void {
    this.error = { code: error.code, message: error.message };
    this.finish('error', null);
  }

  // ---------------------------------------------------------------------------------------------
  // Server notices

  private listenToServer(): void {
    this.socket.on('connect', () => {
      if (this.isLive()) void this.runJoin(this.hadConnected ? 'reconnect' : 'connect');
      else if (this.wantPrepared && !this.destroyed && this.phase === 'idle') void this.runPrepare();
    });
    listenToNotices(this.socket, () => this.isLive(), this.noticeHandlers());
  }

  private noticeHandlers(): NoticeHandlers {
    const remote = this.remote;
    return {
      'call:newConsumer': (notice, ack) => void remote.consume(notice, this.transports.recvTransport, ack),
      'call:peerJoined': (info) => {
        if (info.id !== this.self?.id) remote.upsertPeer(info);
      },
      'call:peerUpdated': (info) => this.onPeerUpdated(info),
      'call:peerLeft': ({ peerId }) => remote.removePeer(peerId),
      'call:consumerClosed': ({ consumerId }) => remote.closeConsumer(consumerId),
      'call:consumerPaused': ({ consumerId }) => remote.setConsumerPaused(consumerId, true),
      'call:consumerResumed': ({ consumerId }) => remote.setConsumerPaused(consumerId, false),
      'call:consumerLayersChanged': ({ consumerId, spatialLayer }) => remote.setConsumerLayer(consumerId, spatialLayer),
      'call:activeSpeaker': ({ peerId }) => remote.setActiveSpeaker(peerId),
      'call:rejoin': ({ reason }) => this.onRejoinAsked(reason),
      'call:sessionEnded': () => this.finish('ended', 'session-ended'),
      'call:accessRevoked': ({ reason }) => this.finish('ended', reason),
      'checkin:troubleRequested': ({ participantId, displayName }) => this.checkins.addTroubleRequest(participantId, displayName),
      'live:state': (state) => this.live.apply(state),
      'live:reaction': (reaction) => this.live.onReaction(reaction),
      'host:mutedYou': () => this.live.onMutedByHost(),
      'host:askedUnmute': () => this.live.onAskedUnmute(),
      'host:removedYou': () => this.live.onRemoved(),
      'caption:state': (state) => this.captions.apply(state),
    };
  }

  private onPeerUpdated(info: PeerInfo): void {
    if (info.id !== this.self?.id) {
      this.remote.upsertPeer(info);
      return;
    }
    this.self = info;
    this.emit();
  }

  private onRejoinAsked(reason: string): void {
    this.log(`server asks to rejoin: ${reason}`);
    // 'replaced': this tab's client id joined from elsewhere; rejoining would only fight it.
    if (reason === 'replaced') this.finish('ended', 'replaced');
    else void this.runJoin(`rejoin:${reason}`);
  }
}
