import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A stretch of the sound track: a sine tone (Hz) or silence (null), for this many seconds. */
export interface ToneStretch {
  frequency: number | null;
  seconds: number;
}

/**
 * Makes a small MP4 with ffmpeg (Debian's, installed by `npm run setup`) whose sound is the given tones one after
 * another, so that what a listener hears tells where in the video they are: 64×64 grey MPEG-4 video at 5 fps and
 * AAC sound (`sound: false`: no sound track at all). Tones are ffmpeg's `sine` (amplitude 1/8, about 4,100).
 */
export function makeToneVideo(dir: string, name: string, stretches: readonly ToneStretch[], options: { sound?: boolean } = {}): string {
  const file = path.join(dir, name);
  const seconds = stretches.reduce((sum, s) => sum + s.seconds, 0);
  const sound = options.sound ?? true;
  const inputs = ['-f', 'lavfi', '-i', `color=c=gray:size=64x64:rate=5:duration=${seconds}`];
  if (sound)
    for (const { frequency, seconds: length } of stretches)
      inputs.push(
        '-f',
        'lavfi',
        '-i',
        frequency === null ? `anullsrc=r=48000:cl=mono,atrim=duration=${length}` : `sine=frequency=${frequency}:duration=${length}`,
      );
  const audio = sound
    ? [
        '-filter_complex',
        `${stretches.map((_, i) => `[${i + 1}:a]`).join('')}concat=n=${stretches.length}:v=0:a=1[a]`,
        ...['-map', '0:v', '-map', '[a]', '-c:a', 'aac', '-b:a', '64k', '-ac', '1'],
      ]
    : ['-map', '0:v'];
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(
    'ffmpeg',
    ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...inputs, ...audio, '-c:v', 'mpeg4', '-movflags', '+faststart', file],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return file;
}

/** The decoders this process runs: ffmpeg children of this test process (one per session playing to callers). */
export function ffmpegChildren(): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended while we looked
    }
    // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (comm === 'ffmpeg' && ppid === process.pid) children.push(Number(entry));
  }
  return children;
}
