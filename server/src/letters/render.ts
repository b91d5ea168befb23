import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool } from './ffmpeg';

/** One part of a letter, ready to render: a title card, or a file (a message or a library video) and its length. */
export type RenderPart =
  { kind: 'title'; text: string; seconds: number } | { kind: 'file'; path: string; seconds: number; hasAudio: boolean };

export interface RenderOptions {
  /** Called with 0–1 as parts are written (from ffmpeg's `-progress`). */
  onProgress: (fraction: number) => void;
  /** The whole render stops (and fails) after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What every part becomes before they are joined: one size, frame rate, sample rate and loudness. */
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
const SAMPLE_RATE = 48000;
const ENCODE = [
  ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', String(FPS), '-g', String(FPS * 2)],
  ['-c:a', 'aac', '-b:a', '128k', '-ar', String(SAMPLE_RATE), '-ac', '2'],
  ['-video_track_timescale', '15360', '-threads', '2'],
].flat();
/** The share of the progress bar for the final join (the parts take the rest, by their length). */
const JOIN_SHARE = 0.05;

/**
 * Renders a letter to one MP4 (H.264/AAC, `+faststart`) that phones, tablets and TVs play: each part is re-encoded
 * alone (padded to 1280×720, 30 fps, 48 kHz stereo, `loudnorm`; re-encoding also gives Chrome's WebM its missing
 * duration, and every part is cut to its measured length, its sound padded), then the parts are joined without
 * re-encoding. Work files live in a temp folder removed at the end.
 */
export async function renderLetter(parts: RenderPart[], output: string, options: RenderOptions): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-letter-'));
  const deadline = Date.now() + options.timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  try {
    const total = parts.reduce((sum, part) => sum + part.seconds, 0);
    let done = 0;
    const segments: string[] = [];
    for (const [index, part] of parts.entries()) {
      const segment = path.join(work, `part${index}.mp4`);
      const onProgress = (seconds: number) => options.onProgress(((done + Math.min(seconds, part.seconds)) / total) * (1 - JOIN_SHARE));
      await runTool('ffmpeg', partArgs(part, segment, work), { timeoutMs: remaining(), onProgress, signal: options.signal });
      done += part.seconds;
      segments.push(segment);
    }
    const list = path.join(work, 'parts.txt');
    fs.writeFileSync(list, segments.map((s) => `file '${s}'`).join('\n'));
    const joined = path.join(work, 'letter.mp4');
    await runTool(
      'ffmpeg',
      ['-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', '-y', joined],
      { timeoutMs: remaining(), signal: options.signal },
    );
    fs.renameSync(joined, output);
    options.onProgress(1);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function partArgs(part: RenderPart, segment: string, work: string): string[] {
  const head = ['-nostdin', '-v', 'error', '-progress', 'pipe:1'];
  const seconds = part.seconds.toFixed(3);
  const silence = ['-f', 'lavfi', '-i', `anullsrc=r=${SAMPLE_RATE}:cl=stereo`];
  if (part.kind === 'title') {
    const textFile = path.join(work, 'title.txt');
    fs.writeFileSync(textFile, part.text);
    const drawText = [
      `fontfile=${japaneseFont()}`,
      `textfile=${textFile}`,
      // The title is typed by staff: shown as written, never expanded as %{…} functions.
      'expansion=none',
      'fontsize=80',
      'fontcolor=white',
      'x=(w-text_w)/2',
      'y=(h-text_h)/2',
    ].join(':');
    return [
      ...head,
      ...['-f', 'lavfi', '-i', `color=c=0x1f4e3d:s=${WIDTH}x${HEIGHT}:r=${FPS}`],
      ...silence,
      ...['-filter_complex', `[0:v]drawtext=${drawText},format=yuv420p[v]`, '-map', '[v]', '-map', '1:a'],
      ...['-t', seconds, ...ENCODE, '-y', segment],
    ];
  }
  const video = `[0:v]scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease,pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${FPS},format=yuv420p[v]`;
  const audio = `[${part.hasAudio ? '0:a' : '1:a'}]loudnorm=I=-16:TP=-1.5:LRA=11,aresample=${SAMPLE_RATE},aformat=channel_layouts=stereo,apad[a]`;
  return [
    ...head,
    ...['-i', part.path],
    ...(part.hasAudio ? [] : silence),
    ...['-filter_complex', `${video};${audio}`, '-map', '[v]', '-map', '[a]'],
    ...['-t', seconds, ...ENCODE, '-y', segment],
  ];
}

let fontFile: string | undefined;

/** A Japanese font from Debian's fonts-noto-cjk (installed by scripts/setup.sh), found once through fontconfig. */
function japaneseFont(): string {
  fontFile ??= execFileSync('fc-match', ['-f', '%{file}', 'Noto Sans CJK JP:bold'], { encoding: 'utf8' }).trim();
  // drawtext's option syntax: a ':' or '\' in the path would need escaping; Debian's font paths have neither.
  return fontFile;
}
