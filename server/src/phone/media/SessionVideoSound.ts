import type { LiveVideo } from '@shared/program/live';
import { videoPositionAt } from '@shared/program/videoSync';
import type { Logger } from '../../core/logger';
import { LINE_RATE } from './opus';
import type { LegSound } from './PhoneLeg';
import { VideoSoundSource } from './VideoSoundSource';

export interface SessionVideoSoundDeps {
  /** The live program's clock (ms): the timeline's `updatedAt` is on it. */
  now: () => number;
  /** The video's file on disk, or null when it is gone (deleted while loaded). */
  fileOf: (videoId: string) => Promise<string | null>;
  logger: Logger;
  /** The ffmpeg binary (default `ffmpeg` on the PATH). */
  ffmpeg?: string;
}

/** A new timeline this close to where the old one has the video now is the same playback (e.g. its length became known). */
const SAME_PLAYBACK_SEC = 0.1;

interface Decoding {
  video: LiveVideo;
  source: VideoSoundSource;
}

/**
 * The exercise video's sound for the telephone callers of one session: it follows the live program's video
 * (`follow`) and keeps one decoder while the video plays and someone listens, whatever the number of callers.
 * Pause, a seek, the end, another video or the last caller leaving kill the decoder; play (again) starts one at
 * the live position. A file that cannot be decoded is logged once and not tried again in this session: callers
 * hear the voices only.
 */
export class SessionVideoSound {
  private video: LiveVideo | null = null;
  private decoding: Decoding | null = null;
  private readonly listeners = new Set<VideoSoundReader>();
  private readonly failed = new Set<string>();
  private isClosed = false;
  /** The last video's file, once looked up (again for each other video), and the video being looked up. */
  private file: { videoId: string; path: string | null } | undefined;
  private lookingUp: string | null = null;

  constructor(private readonly deps: SessionVideoSoundDeps) {}

  /** The live program's video changed (loaded, played, paused, moved, ended, closed: null). */
  follow(video: LiveVideo | null): void {
    this.video = video;
    this.update();
  }

  /** A caller's input for their leg's mixer: the video at the live position, from now on. */
  listen(): VideoSoundReader {
    const reader = new VideoSoundReader(this, this.deps.now);
    if (!this.isClosed) this.listeners.add(reader);
    this.update();
    return reader;
  }

  /** The caller left. */
  unlisten(reader: VideoSoundReader): void {
    this.listeners.delete(reader);
    this.update();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The running decoder's process id, if any. */
  get decoderPid(): number | undefined {
    return this.decoding?.source.pid;
  }

  /** The video playing with its sound being decoded, or null: what a reader reads from. */
  get playing(): Decoding | null {
    return this.decoding;
  }

  /** Kills the decoder; nothing plays from now on (the session ended, or the server stops). */
  close(): void {
    this.isClosed = true;
    this.listeners.clear();
    this.video = null;
    this.update();
  }

  private update(): void {
    const video = this.video;
    const wanted = !this.isClosed && video?.playing === true && this.listeners.size > 0 && !this.failed.has(video.videoId);
    if (!wanted) return this.stopDecoding();
    const current = this.decoding;
    if (current && current.video.videoId === video.videoId && this.samePlayback(current.video, video)) {
      current.video = video;
      return;
    }
    this.stopDecoding();
    this.startDecoding(video);
  }

  private samePlayback(before: LiveVideo, after: LiveVideo): boolean {
    const now = this.deps.now();
    return before.playing && Math.abs(videoPositionAt(before, now) - videoPositionAt(after, now)) < SAME_PLAYBACK_SEC;
  }

  private startDecoding(video: LiveVideo): void {
    const file = this.fileOfVideo(video.videoId);
    if (file === undefined) return;
    if (!file) return this.giveUp(video.videoId, 'the video’s file is gone');
    const fromSec = videoPositionAt(video, this.deps.now());
    let source: VideoSoundSource;
    try {
      source = VideoSoundSource.start({ file, fromSec, ...(this.deps.ffmpeg ? { ffmpeg: this.deps.ffmpeg } : {}) });
    } catch (error) {
      return this.giveUp(video.videoId, `ffmpeg could not start: ${String(error)}`);
    }
    source.once('failed', (reason) => {
      if (this.decoding?.source === source) this.giveUp(video.videoId, reason);
    });
    this.decoding = { video, source };
    this.deps.logger.debug({ videoId: video.videoId, fromSec, pid: source.pid }, 'decoding the video’s sound for callers');
  }

  /**
   * The video's file when it is known; else its look-up starts (in the database: never on the callers' sound path)
   * and update() runs again once it is known.
   */
  private fileOfVideo(videoId: string): string | null | undefined {
    if (this.file?.videoId === videoId) return this.file.path;
    if (this.lookingUp === videoId) return undefined;
    this.lookingUp = videoId;
    this.deps.fileOf(videoId).then(
      (path) => {
        if (this.lookingUp !== videoId) return;
        this.lookingUp = null;
        this.file = { videoId, path };
        this.update();
      },
      (error: unknown) => {
        if (this.lookingUp !== videoId) return;
        this.lookingUp = null;
        this.giveUp(videoId, `its file could not be looked up: ${String(error)}`);
      },
    );
    return undefined;
  }

  private giveUp(videoId: string, reason: string): void {
    this.failed.add(videoId);
    this.stopDecoding();
    this.deps.logger.warn({ videoId, reason }, 'callers cannot hear this video’s sound (they still hear the voices)');
  }

  private stopDecoding(): void {
    this.decoding?.source.close();
    this.decoding = null;
  }
}

/** How far a caller's reading may stray from the live position (a stalled event loop skipped ticks) … */
const MAX_DRIFT_SAMPLES = 0.1 * LINE_RATE;
/** … for this many reads in a row before it jumps there: one late tick (its clock reading late) is not a stray. */
const DRIFT_READS = 10;

/**
 * One caller's reading of the session's video sound, on their line's clock: a cursor that advances by exactly what
 * the line reads, so the sound is continuous, and starts at the live position (the server clock's), so late callers
 * start where everyone is. It jumps back to the live position only when it stayed 100 ms off it for 200 ms.
 */
export class VideoSoundReader implements LegSound {
  private cursor = 0;
  private source: VideoSoundSource | null = null;
  private readsOff = 0;

  constructor(
    private readonly sound: SessionVideoSound,
    private readonly now: () => number,
  ) {}

  /** Voices are lowered while the video's sound plays, as the browsers lower them under the video. */
  get ducksVoices(): boolean {
    return this.sound.playing !== null;
  }

  read(count: number): Int16Array | null {
    const playing = this.sound.playing;
    if (!playing) {
      this.source = null;
      return null;
    }
    const target = Math.round(videoPositionAt(playing.video, this.now()) * LINE_RATE);
    this.readsOff = Math.abs(this.cursor - target) > MAX_DRIFT_SAMPLES ? this.readsOff + 1 : 0;
    if (playing.source !== this.source || this.readsOff >= DRIFT_READS) {
      this.source = playing.source;
      this.cursor = target;
      this.readsOff = 0;
    }
    const samples = playing.source.samplesAt(this.cursor, count);
    this.cursor += count;
    return samples;
  }
}
