import { logFailure } from '../lib/log';
import type { LocalSource, MediaProblem } from './types';

export type VideoProfile = 'home' | 'venue';

/** Echo cancellation, noise suppression and automatic gain stay on, whatever device is chosen. */
export function micConstraints(deviceId?: string | null, exact = false): MediaTrackConstraints {
  return {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    ...(deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : {}),
  };
}

export function cameraConstraints(profile: VideoProfile, deviceId?: string | null, exact = false): MediaTrackConstraints {
  const venue = profile === 'venue';
  return {
    width: { ideal: venue ? 1280 : 640 },
    height: { ideal: venue ? 720 : 360 },
    frameRate: { ideal: 30, max: 30 },
    ...(deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : venue ? {} : { facingMode: 'user' }),
  };
}

export function classifyMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not-found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'failed';
  }
}

export function mediaDevicesSupported(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

export interface AcquireResult {
  tracks: Partial<Record<LocalSource, MediaStreamTrack>>;
  problems: Partial<Record<LocalSource, MediaProblem>>;
}

/** Which input kinds this device has at all (before permission only the kinds are known). */
async function presentKinds(): Promise<{ audio: boolean; video: boolean } | null> {
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    if (devices.length === 0) return null; // unknown: ask for both
    return {
      audio: devices.some((d) => d.kind === 'audioinput'),
      video: devices.some((d) => d.kind === 'videoinput'),
    };
  } catch {
    return null;
  }
}

async function getTrack(kind: 'audio' | 'video', constraints: MediaTrackConstraints): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: constraints } : { video: constraints });
  const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  if (!track) throw new DOMException('no track', 'NotFoundError');
  return track;
}

/**
 * Asks for the microphone and/or camera. One combined request first (one permission prompt);
 * if that fails, each on its own, so that a missing or busy camera still leaves the microphone.
 * Never throws: what could not be had is reported in `problems`.
 */
export async function acquireMedia(want: Partial<Record<LocalSource, MediaTrackConstraints>>): Promise<AcquireResult> {
  const result: AcquireResult = { tracks: {}, problems: {} };
  const sources = (['mic', 'camera'] as const).filter((s) => want[s]);
  if (sources.length === 0) return result;
  if (!mediaDevicesSupported()) {
    for (const s of sources) result.problems[s] = 'unsupported';
    return result;
  }

  const kinds = await presentKinds();
  const asked = sources.filter((s) => {
    if (!kinds) return true;
    const present = s === 'mic' ? kinds.audio : kinds.video;
    if (!present) result.problems[s] = 'not-found';
    return present;
  });
  if (asked.length === 0) return result;

  if (asked.length === 2) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: want.mic!, video: want.camera! });
      const mic = stream.getAudioTracks()[0];
      const camera = stream.getVideoTracks()[0];
      if (mic) result.tracks.mic = mic;
      if (camera) result.tracks.camera = camera;
      if (mic && camera) return result;
      // A browser that gave only one of them: fall through and ask for the other alone.
    } catch {
      // try each on its own below
    }
  }

  for (const s of asked) {
    if (result.tracks[s]) continue;
    try {
      result.tracks[s] = await getTrack(s === 'mic' ? 'audio' : 'video', want[s]!);
    } catch (error) {
      result.problems[s] = classifyMediaError(error);
    }
  }
  return result;
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  const lists: DeviceLists = { cameras: [], microphones: [], speakers: [] };
  if (!mediaDevicesSupported()) return lists;
  const devices = await navigator.mediaDevices.enumerateDevices().catch((error: unknown) => {
    logFailure('listing cameras, microphones and speakers')(error);
    return [] as MediaDeviceInfo[];
  });
  for (const d of devices) {
    if (!d.deviceId) continue; // before permission: anonymous entries only
    if (d.kind === 'videoinput') lists.cameras.push(d);
    else if (d.kind === 'audioinput') lists.microphones.push(d);
    else if (d.kind === 'audiooutput') lists.speakers.push(d);
  }
  return lists;
}

/** Whether `<audio>` elements can be routed to a chosen speaker (Chrome/Edge; not iOS Safari). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
