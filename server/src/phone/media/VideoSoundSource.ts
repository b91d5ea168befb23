import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { LINE_RATE } from './opus';

export interface VideoSoundStart {
  /** The exercise video's file (MP4 or WebM, as uploaded). */
  file: string;
  /** Where to start, in seconds of the video. */
  fromSec: number;
  /** The ffmpeg binary: Debian's `ffmpeg` on the PATH unless told otherwise. */
  ffmpeg?: string;
}

export interface VideoSoundSourceEvents {
  /** ffmpeg could not start, or stopped with an error (not when it was closed): its last words. */
  failed: [reason: string];
}

/** Samples kept behind the furthest a caller has read: callers whose clocks differ by a few ms read the same audio. */
const KEEP_BEHIND_SAMPLES = LINE_RATE;
/** At most this much decoded audio waits ahead of the callers (3 s); beyond it ffmpeg waits on its pipe. */
export const MAX_AHEAD_SAMPLES = 3 * LINE_RATE;
/** The end of ffmpeg's error output that is kept for the log. */
const STDERR_KEEP_BYTES = 2048;

interface Chunk {
  /** Sample index of the video (at 8 kHz) of the chunk's first sample. */
  start: number;
  samples: Int16Array;
}

/**
 * The sound of an exercise video from a position on: one ffmpeg child process decodes the file to 8 kHz mono
 * 16-bit PCM (`-ss` before `-i`, so it seeks in the file and starts exactly there) into a buffer addressed by
 * the video's own sample index, which every caller of the session reads on their line's clock. Bounded: what
 * callers have read (but the last second) is dropped, and with 3 s decoded ahead of them the pipe is not read, so
 * ffmpeg waits (pipe reads of up to 4 s are kept or dropped whole: at most about 12 s, 200 KB, here). close() kills the
 * process at once (SIGKILL: a decoder has nothing to save).
 */
export class VideoSoundSource extends EventEmitter<VideoSoundSourceEvents> {
  /** The video's sample index where decoding started. */
  readonly startIndex: number;
  private readonly child: ChildProcess;
  private readonly chunks: Chunk[] = [];
  private buffered = 0;
  /** Where the next decoded sample goes. */
  private writeIndex: number;
  /** The furthest sample index a caller has asked for. */
  private readIndex: number;
  /** Half a sample split between two pipe reads. */
  private oddByte: number | null = null;
  private stderrTail = '';
  private isClosed = false;
  private hasEnded = false;

  private constructor(options: VideoSoundStart) {
    super();
    this.startIndex = Math.max(0, Math.round(options.fromSec * LINE_RATE));
    this.writeIndex = this.startIndex;
    this.readIndex = this.startIndex;
    this.child = spawn(options.ffmpeg ?? 'ffmpeg', ffmpegArguments(options.file, this.startIndex / LINE_RATE), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (data: Buffer) => this.receive(data));
    this.child.stderr?.on('data', (data: Buffer) => {
      this.stderrTail = (this.stderrTail + data.toString('utf8')).slice(-STDERR_KEEP_BYTES);
    });
    // Read errors end in 'close' like everything else; they must not become uncaught exceptions.
    this.child.stdout?.on('error', () => undefined);
    this.child.stderr?.on('error', () => undefined);
    this.child.on('error', (error) => this.fail(`ffmpeg could not run: ${error.message}`));
    this.child.on('exit', () => {
      this.hasEnded = true;
    });
    // After the process and its pipes closed, so its error output is complete.
    this.child.on('close', (code, signal) => {
      if (code !== 0) this.fail(`ffmpeg stopped (${code ?? signal}): ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
    });
  }

  /** Starts decoding; the sound arrives a moment later (ffmpeg's start), read it with samplesAt. */
  static start(options: VideoSoundStart): VideoSoundSource {
    return new VideoSoundSource(options);
  }

  /** The decoder's process id, while it runs (for the operations log and tests). */
  get pid(): number | undefined {
    return this.hasEnded ? undefined : this.child.pid;
  }

  /** Samples decoded and not yet dropped. */
  get bufferedSamples(): number {
    return this.buffered;
  }

  /**
   * `count` samples from the video's sample `index` on (silence where nothing was decoded), or null when none of
   * them has been decoded (yet, or any more).
   */
  samplesAt(index: number, count: number): Int16Array | null {
    this.readIndex = Math.max(this.readIndex, index);
    let out: Int16Array | null = null;
    for (const chunk of this.chunks) {
      const from = Math.max(index, chunk.start);
      const to = Math.min(index + count, chunk.start + chunk.samples.length);
      if (from >= to) continue;
      out ??= new Int16Array(count);
      out.set(chunk.samples.subarray(from - chunk.start, to - chunk.start), from - index);
    }
    this.dropRead();
    return out;
  }

  /** Kills the decoder and frees the buffer. Safe to call twice. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.chunks.length = 0;
    this.buffered = 0;
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    if (!this.hasEnded) this.child.kill('SIGKILL');
    this.removeAllListeners();
  }

  private receive(data: Buffer): void {
    if (this.isClosed) return;
    let bytes = data;
    if (this.oddByte !== null) {
      bytes = Buffer.concat([Buffer.of(this.oddByte), data]);
      this.oddByte = null;
    }
    const count = bytes.length >> 1;
    if (bytes.length & 1) this.oddByte = bytes[bytes.length - 1]!;
    if (count === 0) return;
    const samples = new Int16Array(count);
    for (let i = 0; i < count; i++) samples[i] = bytes.readInt16LE(i * 2);
    this.chunks.push({ start: this.writeIndex, samples });
    this.writeIndex += count;
    this.buffered += count;
    this.dropRead();
  }

  /** Drops what every caller is past, then lets ffmpeg go on or makes it wait. */
  private dropRead(): void {
    const keepFrom = this.readIndex - KEEP_BEHIND_SAMPLES;
    while (this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.start + first.samples.length > keepFrom) break;
      this.chunks.shift();
      this.buffered -= first.samples.length;
    }
    const stdout = this.child.stdout;
    if (!stdout || this.isClosed) return;
    if (this.writeIndex - this.readIndex >= MAX_AHEAD_SAMPLES) stdout.pause();
    else if (stdout.isPaused()) stdout.resume();
  }

  private fail(reason: string): void {
    if (this.isClosed) return;
    this.emit('failed', reason);
  }
}

/** The video's first audio stream from `fromSec` on, as 8 kHz mono s16le on stdout; nothing else is decoded. */
function ffmpegArguments(file: string, fromSec: number): string[] {
  return [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
    ...['-ss', fromSec.toFixed(3), '-i', file],
    ...['-map', '0:a:0', '-vn', '-sn', '-dn'],
    ...['-ac', '1', '-ar', String(LINE_RATE), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'],
  ];
}
