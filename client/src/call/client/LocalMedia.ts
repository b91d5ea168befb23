import type { Log } from '../../lib/log';
import { acquireMedia, cameraConstraints, micConstraints, type AcquireResult, type VideoProfile } from '../media';
import type { LocalSource, LocalSourceState, MediaProblem } from '../types';
import { SOURCES, type LocalTracks, type TrackSender } from './LocalProducers';
import { localSourceView } from './views';

export interface DevicePrefs {
  cameraId?: string | null;
  micId?: string | null;
  speakerId?: string | null;
}

export interface LocalMediaOptions {
  profile: VideoProfile;
  log: Log;
  /** Something users can see changed. */
  changed: () => void;
  /** Where new tracks and toggles go (the producers). */
  sender: TrackSender;
  /** False once the call has ended: a re-plugged device is then left alone. */
  mayReacquire: () => boolean;
  devicePrefs?: DevicePrefs;
  onDevicePrefsChange?: (prefs: DevicePrefs) => void;
}

interface SourceState {
  track: MediaStreamTrack | null;
  enabled: boolean;
  acquiring: boolean;
  problem: MediaProblem | null;
  deviceId: string | null;
}

function initialState(deviceId: string | null | undefined): SourceState {
  return { track: null, enabled: true, acquiring: false, problem: null, deviceId: deviceId ?? null };
}

function mediaDevices(): MediaDevices | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

function isMissing(state: SourceState): boolean {
  return !state.track || state.track.readyState === 'ended';
}

/**
 * This device's microphone and camera: asking for them, switching devices, turning them on and
 * off, and what went wrong (`problem`, explained on the page). Never throws for a missing or
 * refused device: the call goes on audio-only or view-only.
 */
export class LocalMedia implements LocalTracks {
  private readonly sources: Record<LocalSource, SourceState>;
  private checked = false;
  private speaker: string | null;
  private disposed = false;

  constructor(private readonly options: LocalMediaOptions) {
    const prefs = options.devicePrefs ?? {};
    this.sources = { mic: initialState(prefs.micId), camera: initialState(prefs.cameraId) };
    this.speaker = prefs.speakerId ?? null;
    mediaDevices()?.addEventListener('devicechange', this.onDeviceChange);
  }

  /** The first attempt to get the microphone and camera has finished. */
  get mediaChecked(): boolean {
    return this.checked;
  }
  get speakerId(): string | null {
    return this.speaker;
  }

  track(source: LocalSource): MediaStreamTrack | null {
    return this.sources[source].track;
  }

  enabled(source: LocalSource): boolean {
    return this.sources[source].enabled;
  }

  view(source: LocalSource, sending: boolean, previous: LocalSourceState | undefined): LocalSourceState {
    return localSourceView({ ...this.sources[source], sending }, previous);
  }

  /**
   * Asks for the sources still missing: the microphone always (it is opened even while muted, so
   * unmuting is instant), the camera only when it is on. New tracks go to the producers at once.
   */
  async start(): Promise<void> {
    const wanted = SOURCES.filter((s) => {
      const state = this.sources[s];
      return (s === 'mic' || state.enabled) && !state.acquiring && isMissing(state);
    });
    if (wanted.length === 0) {
      this.markChecked();
      return;
    }
    for (const s of wanted) this.sources[s].acquiring = true;
    this.options.changed();
    const result = await acquireMedia({
      ...(wanted.includes('mic') ? { mic: micConstraints(this.sources.mic.deviceId) } : {}),
      ...(wanted.includes('camera') ? { camera: cameraConstraints(this.options.profile, this.sources.camera.deviceId) } : {}),
    });
    for (const s of wanted) this.takeResult(s, result);
    this.checked = true;
    this.options.changed();
  }

  /** On → off; off (or missing: then it asks for the device again) → on. */
  toggle(source: LocalSource): Promise<void> {
    const state = this.sources[source];
    const on = !(state.enabled && state.track);
    return source === 'mic' ? this.setMicEnabled(on) : this.setCameraEnabled(on);
  }

  /** Mute/unmute: the track is disabled and the producer paused, here and on the server. */
  async setMicEnabled(on: boolean): Promise<void> {
    const mic = this.sources.mic;
    mic.enabled = on;
    this.options.changed();
    if (!mic.track) {
      if (on) await this.acquire('mic');
      return;
    }
    mic.track.enabled = on;
    await this.options.sender.syncPause('mic');
  }

  /**
   * Camera off pauses the producer and stops the camera itself (its light goes out);
   * camera on opens the camera again and resumes (or produces) it.
   */
  async setCameraEnabled(on: boolean): Promise<void> {
    const camera = this.sources.camera;
    camera.enabled = on;
    this.options.changed();
    if (on) {
      if (!camera.track) await this.acquire('camera');
      else await this.options.sender.syncPause('camera');
      return;
    }
    const track = camera.track;
    camera.track = null;
    track?.stop();
    this.options.changed();
    await this.options.sender.cameraReleased();
  }

  /** Switches to another camera or microphone; the running producer gets the new track. */
  async selectDevice(source: LocalSource, deviceId: string): Promise<boolean> {
    this.sources[source].deviceId = deviceId;
    this.savePrefs();
    this.options.changed();
    if (source === 'camera' && !this.sources.camera.enabled) return true;
    return this.acquire(source, true);
  }

  selectSpeaker(deviceId: string): void {
    this.speaker = deviceId;
    this.savePrefs();
    this.options.changed();
  }

  /** Stops the camera and microphone (leaving the call); a device-lost problem is forgotten. */
  stopAll(): void {
    for (const state of Object.values(this.sources)) {
      state.track?.stop();
      state.track = null;
      if (state.problem === 'ended') state.problem = null;
    }
  }

  dispose(): void {
    this.disposed = true;
    mediaDevices()?.removeEventListener('devicechange', this.onDeviceChange);
  }

  private markChecked(): void {
    if (this.checked) return;
    this.checked = true;
    this.options.changed();
  }

  private takeResult(source: LocalSource, result: AcquireResult): void {
    const state = this.sources[source];
    state.acquiring = false;
    const track = result.tracks[source];
    if (track && this.unwanted(source))
      track.stop(); // turned off meanwhile
    else if (track) this.adopt(source, track);
    else state.problem = result.problems[source] ?? 'failed';
  }

  /** A track that arrives after its source was turned off, or after the client was released. */
  private unwanted(source: LocalSource): boolean {
    return this.disposed || (source === 'camera' && !this.sources.camera.enabled);
  }

  /**
   * Gets one source alone (a toggle, a device switch, a re-plugged device). With `switching`
   * the current track is released first (phones cannot open two cameras) and, if the new
   * device fails, the previous device is tried again.
   */
  private async acquire(source: LocalSource, switching = false): Promise<boolean> {
    const state = this.sources[source];
    if (state.acquiring) return false;
    const previous = state.track;
    const previousDeviceId = previous?.getSettings().deviceId ?? null;
    state.acquiring = true;
    if (switching && previous) {
      previous.stop();
      state.track = null;
    }
    this.options.changed();
    let result = await acquireMedia(this.constraints(source, state.deviceId, switching));
    if (!result.tracks[source] && switching && previousDeviceId) {
      result = await acquireMedia(this.constraints(source, previousDeviceId, true));
    }
    state.acquiring = false;
    const adopted = this.settle(source, result, previous);
    this.options.changed();
    return adopted;
  }

  /** Takes the track `acquire` got, if it is still wanted; true when it is now in use. */
  private settle(source: LocalSource, result: AcquireResult, previous: MediaStreamTrack | null): boolean {
    const state = this.sources[source];
    const track = result.tracks[source];
    if (this.unwanted(source)) {
      track?.stop();
      return false;
    }
    if (!track) {
      state.problem = result.problems[source] ?? 'failed';
      return false;
    }
    if (previous && previous !== track && previous.readyState !== 'ended') previous.stop();
    this.adopt(source, track);
    return true;
  }

  private constraints(source: LocalSource, deviceId: string | null, exact: boolean) {
    return source === 'mic'
      ? { mic: micConstraints(deviceId, exact) }
      : { camera: cameraConstraints(this.options.profile, deviceId, exact) };
  }

  private adopt(source: LocalSource, track: MediaStreamTrack): void {
    const state = this.sources[source];
    state.track = track;
    state.problem = null;
    track.enabled = state.enabled;
    const settings = track.getSettings();
    if (settings.deviceId && !state.deviceId) state.deviceId = settings.deviceId;
    track.addEventListener('ended', () => this.onTrackEnded(source, track));
    this.options.sender.trackChanged(source);
  }

  private onTrackEnded(source: LocalSource, track: MediaStreamTrack): void {
    const state = this.sources[source];
    if (state.track !== track) return;
    this.options.log(`${source} track ended (device unplugged?)`);
    state.track = null;
    state.problem = 'ended';
    this.options.changed();
    this.options.sender.trackEnded(source);
  }

  /** A device was plugged in: try again for a source that is wanted but missing. */
  private readonly onDeviceChange = (): void => {
    if (this.disposed || !this.checked || !this.options.mayReacquire()) return;
    for (const source of SOURCES) {
      const state = this.sources[source];
      const wanted = source === 'mic' || state.enabled;
      if (wanted && !state.track && !state.acquiring && (state.problem === 'ended' || state.problem === 'not-found')) {
        void this.acquire(source);
      }
    }
  };

  private savePrefs(): void {
    this.options.onDevicePrefsChange?.({
      cameraId: this.sources.camera.deviceId,
      micId: this.sources.mic.deviceId,
      speakerId: this.speaker,
    });
  }
}
