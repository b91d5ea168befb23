import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/core/config';
import { parseRange } from '../../../server/src/program/videos/range';
import { VideoUrlSigner } from '../../../server/src/program/videos/signing';
import { looksLikeVideo } from '../../../server/src/program/videos/sniff';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-video-key-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parseRange', () => {
  it('reads start-end, open-ended and suffix ranges, clamping the end to the file', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });

  it('ignores what it cannot read (whole file) and marks ranges outside the file unsatisfiable', () => {
    expect(parseRange(undefined, 1000)).toBeUndefined();
    expect(parseRange('bytes=0-9,20-29', 1000)).toBeUndefined();
    expect(parseRange('items=0-9', 1000)).toBeUndefined();
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=50-10', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});

describe('looksLikeVideo', () => {
  it('wants ftyp at offset 4 for MP4 and the EBML magic for WebM', () => {
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypmp42')]);
    const webm = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]);
    expect(looksLikeVideo('video/mp4', mp4)).toBe(true);
    expect(looksLikeVideo('video/webm', webm)).toBe(true);
    expect(looksLikeVideo('video/mp4', webm)).toBe(false);
    expect(looksLikeVideo('video/webm', mp4)).toBe(false);
    expect(looksLikeVideo('video/mp4', Buffer.from('ftyp'))).toBe(false);
  });
});

describe('VideoUrlSigner', () => {
  it('creates its key file once with mode 600 and signs the same way after a restart', () => {
    const file = path.join(dir, 'video-url.key');
    const first = VideoUrlSigner.fromKeyFile(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const sig = first.sign('vid_1', exp);
    const afterRestart = VideoUrlSigner.fromKeyFile(file);
    expect(afterRestart.verify('vid_1', exp, sig)).toBe(true);
    expect(afterRestart.verify('vid_2', exp, sig)).toBe(false);
    expect(afterRestart.verify('vid_1', exp + 1, sig)).toBe(false);
    expect(afterRestart.verify('vid_1', exp, sig, new Date((exp + 1) * 1000))).toBe(false);
    expect(VideoUrlSigner.fromKeyFile(path.join(dir, 'another.key')).verify('vid_1', exp, sig)).toBe(false);
  });
});

describe('the video folder setting', () => {
  it('defaults to videos/ next to the database and follows KAYOI_VIDEO_DIR', () => {
    expect(loadConfig({}).videoDir).toBe(path.join('data', 'videos'));
    expect(loadConfig({ KAYOI_DB_PATH: '/srv/kayoi/db.sqlite' }).videoDir).toBe('/srv/kayoi/videos');
    expect(loadConfig({ KAYOI_VIDEO_DIR: '/mnt/videos' }).videoDir).toBe('/mnt/videos');
  });
});
