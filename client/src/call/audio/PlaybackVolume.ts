import { logFailure } from '../../lib/log';
import { exposeVoices } from '../testHooks';
import { chooseVolumePath, elementVolumeWorks, FORCE_WEB_AUDIO_VOLUME_KEY, type VolumePath } from './volumePath';

/** How loud one remote voice plays, through whichever path this browser honours (see volumePath.ts). */
export interface PlaybackVolume {
  set(volume: number): void;
  close(): void;
}

type SinkAudioContext = AudioContext & { setSinkId?: (sinkId: string) => Promise<void> };

/** iOS may leave a context made outside a tap suspended: after this long the tap-to-hear banner is asked for. */
const SUSPENDED_GRACE_MS = 1000;

let chosenPath: VolumePath | undefined;
let context: SinkAudioContext | undefined;
let contextSinkId: string | null = null;
let listeningForTaps = false;
const voices = new Set<WebAudioVoice>();

export function volumePath(): VolumePath {
  chosenPath ??= chooseVolumePath({
    elementVolumeWorks: elementVolumeWorks(document.createElement('audio')),
    webAudio: typeof AudioContext === 'function' && typeof MediaStreamAudioSourceNode === 'function',
    forced: forceSwitchOn(),
  });
  return chosenPath;
}

function forceSwitchOn(): boolean {
  try {
    return localStorage.getItem(FORCE_WEB_AUDIO_VOLUME_KEY) === '1';
  } catch {
    return false; // storage blocked by the browser's settings: no test set the switch
  }
}

function audioContext(): SinkAudioContext {
  context ??= new AudioContext();
  return context;
}

/**
 * Starts (or restarts) the voices' AudioContext on every tap until it runs: iOS starts sound only inside
 * a tap and suspends it again after an interruption (a phone call). Called once at page load, so the
 * 参加する tap, which comes before any voice exists, is already one.
 */
export function resumeVoicesOnTap(): void {
  if (listeningForTaps) return;
  listeningForTaps = true;
  const types = ['click', 'touchend', 'keydown'] as const;
  const onTap = () => {
    if (volumePath() === 'element') {
      for (const type of types) document.removeEventListener(type, onTap);
      return;
    }
    const ctx = audioContext();
    if (ctx.state !== 'running') ctx.resume().catch(logFailure('starting the voices’ sound'));
  };
  // Bubbling, after the page's own handler: the 参加する tap sends call:join first, then tries the sound (still inside
  // the tap), not the other way round on a slow tablet.
  for (const type of types) document.addEventListener(type, onTap);
}

/** The Web Audio path's speaker (`<audio>` elements choose theirs with their own setSinkId). */
export function playVoicesOn(sinkId: string | null): void {
  if (!sinkId || sinkId === contextSinkId || volumePath() === 'element') return;
  const ctx = audioContext();
  if (typeof ctx.setSinkId !== 'function') return;
  contextSinkId = sinkId;
  ctx.setSinkId(sinkId).catch(logFailure(`choosing speaker ${sinkId} for the voices`));
}

/** `element` plays `stream`; the returned object sets how loud. `onBlocked`: the sound waits for a tap. */
export function attachPlaybackVolume(
  element: HTMLAudioElement,
  stream: MediaStream,
  peerId: string,
  onBlocked: () => void,
): PlaybackVolume {
  if (volumePath() === 'element') {
    return {
      set: (volume) => {
        element.volume = volume;
      },
      close: () => undefined,
    };
  }
  return new WebAudioVoice(element, stream, peerId, onBlocked);
}

/**
 * stream → MediaStreamAudioSourceNode → GainNode → the context's speaker, used only while the voice is
 * lowered. At full volume the `<audio>` element plays it as on every other browser, so a voice is never
 * lost to Web Audio being held back (a context iOS keeps suspended, or the iPhone's silent switch, which
 * Web Audio obeys and `<audio>` in a call does not); at worst a lowered voice is quieter than meant.
 */
class WebAudioVoice implements PlaybackVolume {
  private readonly source: MediaStreamAudioSourceNode;
  /** Read by the browser tests' probe too (call/testHooks.ts), as is `peerId`. */
  readonly gain: GainNode;

  constructor(
    private readonly element: HTMLAudioElement,
    stream: MediaStream,
    readonly peerId: string,
    private readonly onBlocked: () => void,
  ) {
    const ctx = audioContext();
    this.source = ctx.createMediaStreamSource(stream);
    this.gain = ctx.createGain();
    this.gain.gain.value = 0;
    this.source.connect(this.gain).connect(ctx.destination);
    voices.add(this);
    if (__KAYOI_TEST_HOOKS__) exposeVoices(voices);
  }

  set(volume: number): void {
    const lowered = volume < 1;
    // The element keeps playing either way (Chromium feeds a remote WebRTC track to Web Audio only while a
    // media element plays it); muted while the gain speaks, so nothing plays twice.
    this.element.muted = lowered;
    this.gain.gain.value = lowered ? volume : 0;
    const ctx = audioContext();
    if (lowered && ctx.state !== 'running') askForTapIfStillSuspended(ctx, this.onBlocked);
  }

  close(): void {
    voices.delete(this);
    this.source.disconnect();
    this.gain.disconnect();
  }
}

function askForTapIfStillSuspended(ctx: AudioContext, onBlocked: () => void): void {
  ctx.resume().catch(logFailure('starting the voices’ sound without a tap'));
  setTimeout(() => {
    if (ctx.state !== 'running') onBlocked();
  }, SUSPENDED_GRACE_MS);
}
