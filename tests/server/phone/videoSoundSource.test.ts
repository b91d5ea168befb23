import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveVideo } from '@shared/program/live';
import { SessionVideoSound } from '../../../server/src/phone/media/SessionVideoSound';
import { MAX_AHEAD_SAMPLES, VideoSoundSource } from '../../../server/src/phone/media/VideoSoundSource';
import { toneShare } from '../../support/goertzel';
import { ffmpegChildren, makeToneVideo } from '../../support/toneVideo';

/** The exercise video's sound for callers, without a call: ffmpeg's output, its bounds, and a file that fails. */
const RATE = 8000;
let dir: string;
let twoTones: string;
let long: string;
const sources: VideoSoundSource[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-video-sound-'));
  twoTones = makeToneVideo(dir, 'two-tones.mp4', [
    { frequency: 1000, seconds: 5 },
    { frequency: 600, seconds: 5 },
  ]);
  long = makeToneVideo(dir, 'long.mp4', [{ frequency: 800, seconds: 40 }]);
});
afterEach(() => {
  for (const source of sources.splice(0)) source.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function start(file: string, fromSec: number): VideoSoundSource {
  const source = VideoSoundSource.start({ file, fromSec });
  sources.push(source);
  return source;
}

const processExists = (pid: number) => fs.existsSync(`/proc/${pid}`);

function capturingLogger() {
  const lines: { level: number; msg: string; videoId?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

describe('the video sound source (ffmpeg)', () => {
  it('decodes from the position asked, addressed by the video’s own time at 8 kHz', async () => {
    const source = start(twoTones, 4.5);
    expect(source.startIndex).toBe(4.5 * RATE);
    await expect.poll(() => source.bufferedSamples, { timeout: 5000 }).toBeGreaterThanOrEqual(1.5 * RATE);

    expect(source.samplesAt(4.5 * RATE - 800, 800)).toBeNull();
    expect(toneShare(source.samplesAt(4.6 * RATE, 2400)!, RATE, 1000)).toBeGreaterThan(0.8);
    expect(toneShare(source.samplesAt(5.4 * RATE, 2400)!, RATE, 600)).toBeGreaterThan(0.8);
  });

  it('decodes at most 3 s (and one pipe read) ahead of what was read, ffmpeg waiting on its pipe, and reading on lets it go on', async () => {
    const source = start(long, 0);
    const pid = source.pid!;
    await expect.poll(() => source.bufferedSamples, { timeout: 5000 }).toBeGreaterThanOrEqual(MAX_AHEAD_SAMPLES);
    await new Promise((resolve) => setTimeout(resolve, 500));

    // One pipe read (64 KB, 4 s) may arrive after the pause.
    expect(source.bufferedSamples).toBeLessThanOrEqual(MAX_AHEAD_SAMPLES + 32_768);
    expect(processExists(pid)).toBe(true);
    expect(source.pid).toBe(pid);

    const far = 6 * RATE;
    await expect.poll(() => source.samplesAt(far, 160), { timeout: 5000 }).not.toBeNull();
    expect(source.samplesAt(0, 160)).toBeNull();

    source.close();
    await expect.poll(() => processExists(pid)).toBe(false);
  });
});

describe('a session’s video sound', () => {
  const playing = (videoId: string, positionSec: number): LiveVideo => ({
    videoId,
    title: 'テスト',
    url: '/api/videos/x/file',
    playing: true,
    positionSec,
    updatedAt: Date.now(),
    durationSec: null,
  });

  it('logs a file that cannot be decoded once, does not try it again, and leaves the voices at full volume', async () => {
    const broken = path.join(dir, 'broken.mp4');
    fs.writeFileSync(broken, Buffer.concat([Buffer.from('\0\0\0\x18ftypmp42'), Buffer.alloc(4000, 7)]));
    const { logger, lines } = capturingLogger();
    const sound = new SessionVideoSound({ now: Date.now, fileOf: () => Promise.resolve(broken), logger });
    const reader = sound.listen();

    sound.follow(playing('vid_broken', 0));
    await fileLookedUp();
    expect(sound.decoderPid).toBeGreaterThan(0);
    await expect.poll(() => lines.length, { timeout: 5000 }).toBe(1);
    expect(lines[0]).toMatchObject({ level: 40, videoId: 'vid_broken' });
    expect(sound.decoderPid).toBeUndefined();
    expect(reader.read(160)).toBeNull();
    expect(reader.ducksVoices).toBe(false);

    sound.follow({ ...playing('vid_broken', 0), playing: false });
    sound.follow(playing('vid_broken', 3));
    expect(sound.decoderPid).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toHaveLength(1);
    sound.close();
  });

  it('runs one decoder for all its callers, only while the video plays and someone listens', async () => {
    const { logger } = capturingLogger();
    const sound = new SessionVideoSound({ now: Date.now, fileOf: () => Promise.resolve(twoTones), logger });

    sound.follow(playing('vid_tones', 0));
    expect(sound.decoderPid).toBeUndefined();
    const first = sound.listen();
    await fileLookedUp();
    const pid = sound.decoderPid!;
    const second = sound.listen();
    expect(sound.decoderPid).toBe(pid);
    expect(ffmpegChildren()).toContain(pid);
    expect(first.ducksVoices && second.ducksVoices).toBe(true);

    sound.unlisten(first);
    expect(sound.decoderPid).toBe(pid);
    sound.unlisten(second);
    expect(sound.decoderPid).toBeUndefined();
    await expect.poll(() => processExists(pid)).toBe(false);
    sound.close();
  });
});

/** The video's file is looked up asynchronously (in the database): let that answer arrive. */
function fileLookedUp(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
