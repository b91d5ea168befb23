import { spawn } from 'node:child_process';
import { AppError } from '../core/errors';

/** The end of ffmpeg's error output kept for the host and the log. */
const STDERR_TAIL = 600;

export interface RunOptions {
  /** Stop ffmpeg (SIGKILL) after this long: the run then fails. */
  timeoutMs: number;
  /** With `-progress pipe:1` among the arguments: seconds of output written so far. */
  onProgress?: (seconds: number) => void;
  signal?: AbortSignal;
}

/** Runs ffmpeg or ffprobe (Debian's, on the PATH) to its end; rejects with its last words on failure or timeout. */
export function runTool(tool: 'ffmpeg' | 'ffprobe', args: string[], options: RunOptions): Promise<string> {
  if (options.signal?.aborted) return Promise.reject(new Error('stopped'));
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => stop(`${tool} took longer than ${Math.round(options.timeoutMs / 1000)} s`), options.timeoutMs);
    let stopped: string | undefined;
    const stop = (why: string) => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop('stopped');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (!options.onProgress) {
        if (stdout.length < 1_000_000) stdout += chunk;
        return;
      }
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match) options.onProgress(Number(match[1]) / 1e6);
      }
      stdout = pending;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (code === 0 && !stopped) resolve(stdout);
      else reject(new Error(stopped ?? `${tool} failed (${code ?? 'killed'}): ${stderr.trim()}`));
    });
  });
}

export interface Probe {
  mimeType: 'video/webm' | 'video/mp4';
  durationMs: number;
  hasAudio: boolean;
}

interface ProbeJson {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string }[];
}

/**
 * What a file is, from its content: its container (WebM/Matroska or MP4/MOV; anything else is refused), whether it
 * has a picture and a sound, and how long it is. Chrome's recordings carry no duration: it is then measured by
 * reading every packet (no decoding).
 */
export async function probeMedia(file: string): Promise<Probe> {
  let json: ProbeJson;
  try {
    const out = await runTool(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_type', '-of', 'json', file],
      { timeoutMs: 15_000 },
    );
    json = JSON.parse(out) as ProbeJson;
  } catch {
    throw notMedia();
  }
  const format = json.format?.format_name ?? '';
  const mimeType = format.includes('webm') || format.includes('matroska') ? 'video/webm' : format.includes('mp4') ? 'video/mp4' : undefined;
  const streams = json.streams ?? [];
  if (!mimeType || !streams.some((s) => s.codec_type === 'video')) throw notMedia();
  const stated = Number(json.format?.duration);
  const seconds = Number.isFinite(stated) && stated > 0 ? stated : await measureDuration(file);
  return { mimeType, durationMs: Math.round(seconds * 1000), hasAudio: streams.some((s) => s.codec_type === 'audio') };
}

async function measureDuration(file: string): Promise<number> {
  let seconds = 0;
  try {
    await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'null', '-', '-progress', 'pipe:1'], {
      timeoutMs: 30_000,
      onProgress: (s) => (seconds = Math.max(seconds, s)),
    });
  } catch {
    throw notMedia();
  }
  if (!(seconds > 0)) throw notMedia();
  return seconds;
}

function notMedia(): AppError {
  return new AppError('UNSUPPORTED_TYPE', 'The file is not a video that can be played (WebM or MP4)', 'body');
}
