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
