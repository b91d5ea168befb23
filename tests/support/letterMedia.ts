import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Small test recordings made with ffmpeg: `webm` is piped out like Chrome's MediaRecorder writes it (no duration in
 * its header), `mp4` is a short library-style video.
 */
export function makeTestVideo(
  dir: string,
  name: string,
  options: { seconds: number; format: 'webm' | 'mp4'; size?: string; fps?: number },
): string {
  const file = path.join(dir, name);
  const size = options.size ?? '160x120';
  const fps = options.fps ?? 15;
  const video = ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${options.seconds}`];
  const audio = ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${options.seconds}`];
  const codecs =
    options.format === 'webm'
      ? ['-c:v', 'libvpx', '-b:v', '100k', '-c:a', 'libopus', '-b:a', '24k', '-f', 'webm', 'pipe:1']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', '-f', 'mp4', file];
  const out = execFileSync('ffmpeg', ['-v', 'error', '-nostdin', ...video, ...audio, ...codecs], { maxBuffer: 64 * 1024 * 1024 });
  if (options.format === 'webm') fs.writeFileSync(file, out);
  return file;
}

/** A WebM longer than `seconds` that costs almost nothing to make: a 32×32 picture at one frame a second, no sound. */
export function makeLongVideo(dir: string, name: string, seconds: number): string {
  const file = path.join(dir, name);
  const lavfi = ['-f', 'lavfi', '-i', `color=size=32x32:rate=1:duration=${seconds}`];
  fs.writeFileSync(
    file,
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', ...lavfi, '-c:v', 'libvpx', '-b:v', '10k', '-f', 'webm', 'pipe:1']),
  );
  return file;
}

/** A file's duration in seconds, as ffprobe reads it from the container. */
export function probeSeconds(file: string): number {
  return Number(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim(),
  );
}

/**
 * A recording as Safari's MediaRecorder on an iPad writes it: fragmented MP4 (`empty_moov`, one fragment per key
 * frame), H.264 baseline, AAC. `portrait`: the picture is stored landscape with a 90° rotation for the player to
 * apply, as an iPad held upright records it.
 */
export function makeSafariVideo(dir: string, name: string, options: { seconds: number; portrait?: boolean }): string {
  const file = path.join(dir, name);
  const plain = path.join(dir, `plain-${name}`);
  const fragmented = ['-movflags', 'frag_keyframe+empty_moov', '-f', 'mp4'];
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=30:duration=${options.seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${options.seconds}`],
    ...['-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', ...fragmented, plain],
  ]);
  // The rotation is written when the stream is copied (an encoding ffmpeg drops it).
  const rotation = options.portrait ? ['-metadata:s:v:0', 'rotate=90'] : [];
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', plain, '-c', 'copy', ...rotation, ...fragmented, file]);
  fs.rmSync(plain);
  return file;
}

/** The RGB of one pixel of the frame at `atSec` as a player shows it (rotation applied). */
export function pixelAt(file: string, atSec: number, x: number, y: number): [number, number, number] {
  const frame = execFileSync('ffmpeg', [
    ...['-v', 'error', '-nostdin', '-ss', String(atSec), '-i', file, '-frames:v', '1'],
    ...['-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ]);
  return [frame[0]!, frame[1]!, frame[2]!];
}

/** Width and height of a file's picture as stored. */
export function videoGeometry(file: string): { width: number; height: number } {
  const [width, height] = execFileSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split(',')
    .map(Number);
  return { width: width!, height: height! };
}
