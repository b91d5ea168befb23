import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A pre-encoded camera and microphone for the join benchmark's light peers (clipSender.ts): what a home's browser
 * sends, encoded once by ffmpeg and cached, so that sending it costs no encoder. Video: VP8, 640×360 at 30 fps and
 * 900 kbit/s (the home's camera and its top simulcast layer, client/src/call/media.ts and produceOptions.ts), one
 * key frame at the start of the loop. Audio: Opus, 48 kHz stereo, 20 ms frames, 32 kbit/s, a steady tone.
 */
export const CLIP = { width: 640, height: 360, fps: 30, seconds: 4, videoBitrate: 900_000, audioBitrate: 32_000 };

export interface Clip {
  /** VP8 frames in order; frame 0 is a key frame. */
  video: { data: Buffer; key: boolean }[];
  /** Opus packets of 20 ms each. */
  audio: Buffer[];
}

const CACHE = path.join(os.tmpdir(), 'kayoi-bench-clip', `${CLIP.width}x${CLIP.height}-${CLIP.fps}-${CLIP.seconds}-${CLIP.videoBitrate}`);

/** Encodes the clip the first time (a few seconds of ffmpeg), then reads it from the cache. */
export function loadClip(): Clip {
  const ivf = path.join(CACHE, 'camera.ivf');
  const ogg = path.join(CACHE, 'mic.opus');
  if (!fs.existsSync(ivf) || !fs.existsSync(ogg)) {
    fs.mkdirSync(CACHE, { recursive: true });
    const frames = CLIP.fps * CLIP.seconds;
    const ffmpeg = (args: string[], out: string) => {
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, `${out}.tmp`]);
      fs.renameSync(`${out}.tmp`, out);
    };
    ffmpeg(
      [
        ...['-f', 'lavfi', '-i', `testsrc2=size=${CLIP.width}x${CLIP.height}:rate=${CLIP.fps}`, '-frames:v', String(frames)],
        ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', String(CLIP.videoBitrate)],
        ...['-g', String(frames), '-keyint_min', String(frames), '-auto-alt-ref', '0', '-lag-in-frames', '0', '-f', 'ivf'],
      ],
      ivf,
    );
    ffmpeg(
      [
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(CLIP.seconds)],
        ...[
          '-c:a',
          'libopus',
          '-b:a',
          String(CLIP.audioBitrate),
          '-frame_duration',
          '20',
          '-application',
          'voip',
          '-ac',
          '2',
          '-f',
          'opus',
        ],
      ],
      ogg,
    );
  }
  return { video: readIvf(fs.readFileSync(ivf)), audio: readOggPackets(fs.readFileSync(ogg)).slice(2) };
}

/** IVF: a 32-byte file header, then per frame a 12-byte header (size, timestamp) and the frame. */
function readIvf(file: Buffer): Clip['video'] {
  if (file.toString('latin1', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const frames: Clip['video'] = [];
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
