import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulcastEncodings } from '../../../client/src/call/produceOptions';

/**
 * A pre-encoded camera and microphone for the join benchmark's light peers (clipSender.ts): what a browser sends,
 * encoded once by ffmpeg and cached, so that sending it costs no encoder. Video: VP8 at 30 fps, one key frame at the
 * start of each 4 s loop; a home sends one stream, 640×360 at 900 kbit/s (the home camera and its top simulcast
 * layer, client/src/call/media.ts and produceOptions.ts); the venue three, its simulcast layers from its 1280×720
 * camera (320×180, 640×360, 1280×720 at the venue's encodings' bitrates). Audio: Opus, 48 kHz stereo, 20 ms frames,
 * 32 kbit/s, a steady tone.
 */
export const CLIP = { fps: 30, seconds: 4, audioBitrate: 32_000 };

export interface VideoLayer {
  width: number;
  height: number;
  bitrate: number;
}

export const HOME_VIDEO: readonly VideoLayer[] = [{ width: 640, height: 360, bitrate: 900_000 }];

/** The venue camera's size (media.ts, profile venue) scaled down by each of the venue's encodings, lowest first. */
export const VENUE_VIDEO: readonly VideoLayer[] = simulcastEncodings('venue').map((encoding) => ({
  width: 1280 / (encoding.scaleResolutionDownBy ?? 1),
  height: 720 / (encoding.scaleResolutionDownBy ?? 1),
  bitrate: encoding.maxBitrate!,
}));

export type VideoFrames = { data: Buffer; key: boolean }[];

export interface Clip {
  /** Per simulcast layer (lowest first; one for a plain stream), VP8 frames in order; frame 0 is a key frame. */
  video: VideoFrames[];
  /** Opus packets of 20 ms each. */
  audio: Buffer[];
}

const CACHE = path.join(os.tmpdir(), 'kayoi-bench-clip');

const ffmpeg = (args: string[], out: string) => {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, `${out}.tmp`]);
  fs.renameSync(`${out}.tmp`, out);
};

/** Encodes each layer the first time (a few seconds of ffmpeg), then reads them from the cache. */
export function loadClip(layers: readonly VideoLayer[] = HOME_VIDEO): Clip {
  return { video: layers.map(loadVideo), audio: readOggPackets(fs.readFileSync(loadAudio())).slice(2) };
}

function loadVideo({ width, height, bitrate }: VideoLayer): VideoFrames {
  const ivf = path.join(CACHE, `${width}x${height}-${CLIP.fps}-${CLIP.seconds}-${bitrate}.ivf`);
  if (!fs.existsSync(ivf)) {
    const frames = CLIP.fps * CLIP.seconds;
    ffmpeg(
      [
        ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${CLIP.fps}`, '-frames:v', String(frames)],
        ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', String(bitrate)],
        ...['-g', String(frames), '-keyint_min', String(frames), '-auto-alt-ref', '0', '-lag-in-frames', '0', '-f', 'ivf'],
      ],
      ivf,
    );
  }
  return readIvf(fs.readFileSync(ivf));
}

function loadAudio(): string {
  const ogg = path.join(CACHE, `mic-${CLIP.seconds}-${CLIP.audioBitrate}.opus`);
  if (!fs.existsSync(ogg)) {
    ffmpeg(
      [
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(CLIP.seconds)],
        ...['-c:a', 'libopus', '-b:a', String(CLIP.audioBitrate), '-frame_duration', '20', '-application', 'voip'],
        ...['-ac', '2', '-f', 'opus'],
      ],
      ogg,
    );
  }
  return ogg;
}

/** IVF: a 32-byte file header, then per frame a 12-byte header (size, timestamp) and the frame. */
function readIvf(file: Buffer): VideoFrames {
  if (file.toString('latin1', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const frames: VideoFrames = [];
  for (let offset = file.readUInt16LE(6); offset + 12 <= file.length;) {
    const size = file.readUInt32LE(offset);
    const data = file.subarray(offset + 12, offset + 12 + size);
    // VP8 frame tag: bit 0 is 0 for a key frame.
    frames.push({ data, key: (data[0]! & 1) === 0 });
    offset += 12 + size;
  }
  if (!frames[0]?.key) throw new Error('the clip does not start with a key frame');
  return frames;
}

/** Ogg pages → packets (a packet ends at a lacing value below 255); the first two of Opus are its headers. */
function readOggPackets(file: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  for (let offset = 0; offset + 27 <= file.length;) {
    if (file.toString('latin1', offset, offset + 4) !== 'OggS') throw new Error('not an Ogg page');
    const segments = file[offset + 26]!;
    const table = file.subarray(offset + 27, offset + 27 + segments);
    let data = offset + 27 + segments;
    for (const lacing of table) {
      pending.push(file.subarray(data, data + lacing));
      data += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = data;
  }
  return packets;
}
