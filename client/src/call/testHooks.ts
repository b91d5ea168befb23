import type { Producer, Transport } from 'mediasoup-client/types';
import type { CallSnapshot, LocalSource } from './types';
import type { CallSocket } from './socket';
import type { LiveProgram } from './client/LiveProgram';
import type { MediaTransports } from './client/MediaTransports';
import type { LocalProducers } from './client/LocalProducers';

/*
 * What the browser tests (tests/e2e, tests/bench) read from a page: `window.__kayoi` (the page's call client,
 * the exercise video's position) and `window.__kayoiVoices` (the voices on the Web Audio path). They exist only
 * in the test build (`vite build --mode e2e` → dist/client-test, made by `node scripts/build.mjs client-test`):
 * every caller writes `if (__KAYOI_TEST_HOOKS__)` (or picks a no-op with it), so the production build drops
 * this file and its names (tests/unit/productionBundle.test.ts checks).
 */

/** The page's call client as the tests see it: its socket and program, its snapshot, its transports and producers. */
export interface CallClientProbe {
  readonly socket: CallSocket;
  readonly live: LiveProgram;
  getSnapshot(): CallSnapshot;
  readonly sendTransport: Transport | null;
  readonly recvTransport: Transport | null;
  /** The mediasoup Device is loaded (from the lobby's `call:prepare`, or by the join). */
  readonly deviceLoaded: boolean;
  readonly producers: ReadonlyMap<LocalSource, Producer>;
}

/** The exercise video while one is shown: its position and where it should be, on the same server clock. */
export interface VideoProbe {
  currentTime: number;
  expectedTime: number;
  serverNow: number;
  playing: boolean;
}

/** What each voice on the Web Audio path really gets. */
export interface VoiceProbe {
  peerId: string;
  /** The GainNode's value: 0 while the voice plays at full volume through its `<audio>` element. */
  gain: number;
  contextState: AudioContextState;
  /** Peak of the gain's output now (0..1), from an AnalyserNode made on first ask. */
  level: number;
}

/** A voice on the Web Audio path (call/audio/PlaybackVolume.ts). */
export interface VoiceNodes {
  readonly peerId: string;
  readonly gain: GainNode;
}

declare global {
  interface Window {
    __kayoi?: { client: CallClientProbe; video?: () => VideoProbe };
    /** Absent on the element path (no voice there goes through Web Audio). */
    __kayoiVoices?: () => VoiceProbe[];
  }
}

/** Shows the page's call client to the tests; the returned function takes it away (when the client is destroyed). */
export function exposeCallClient(
  client: { socket: CallSocket; live: LiveProgram; getSnapshot: () => CallSnapshot },
  transports: MediaTransports,
  sending: LocalProducers,
): () => void {
  const probe: CallClientProbe = {
    socket: client.socket,
    live: client.live,
    getSnapshot: client.getSnapshot,
    get sendTransport() {
      return transports.sendTransport;
    },
    get recvTransport() {
      return transports.recvTransport;
    },
    get deviceLoaded() {
      return transports.device !== null;
    },
    get producers() {
      return sending.all;
    },
  };
  window.__kayoi = { client: probe };
  return () => {
    if (window.__kayoi?.client === probe) delete window.__kayoi;
  };
}

/** Shows the exercise video's position to the tests while it is on screen; the returned function takes it away. */
export function exposeVideoProbe(probe: () => VideoProbe): () => void {
  const hooks = window.__kayoi;
  if (!hooks) return () => undefined;
  hooks.video = probe;
  return () => {
    delete hooks.video;
  };
}

const analysers = new WeakMap<GainNode, AnalyserNode>();

/** Shows the voices on the Web Audio path to the tests (the set is read at each ask). */
export function exposeVoices(voices: ReadonlySet<VoiceNodes>): void {
  window.__kayoiVoices ??= () => [...voices].map(probeVoice);
}

function probeVoice({ peerId, gain }: VoiceNodes): VoiceProbe {
  let analyser = analysers.get(gain);
  if (!analyser) {
    analyser = gain.context.createAnalyser();
    gain.connect(analyser);
    analysers.set(gain, analyser);
  }
  const samples = new Float32Array(analyser.fftSize);
  analyser.getFloatTimeDomainData(samples);
  const level = samples.reduce((peak, sample) => Math.max(peak, Math.abs(sample)), 0);
  return { peerId, gain: gain.gain.value, contextState: gain.context.state, level };
}
