import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DEMO_ORGANISATION_ID } from '../../server/src/demo/seed';
import type { ExerciseVideo } from '@shared/program/videos';
import type { TestServer } from './testServer';

/**
 * 20 s of 320×180 VP8 at 15 fps + mono Opus, 262 KB, made once with ffmpeg (not needed to run the tests):
 * `ffmpeg -f lavfi -i testsrc2=size=320x180:rate=15:duration=20 -f lavfi -i sine=frequency=440:beep_factor=4:duration=20
 * -c:v libvpx -b:v 80k -c:a libopus -b:a 16k -ac 1 -shortest exercise.webm`.
 */
export const EXERCISE_VIDEO_SEC = 20;
const EXERCISE_VIDEO_PATH = fileURLToPath(new URL('../fixtures/exercise.webm', import.meta.url));
export const EXERCISE_VIDEO = fs.readFileSync(EXERCISE_VIDEO_PATH);

/**
 * The fixture played `times` times over in one file (ffmpeg copies the packets, no encoding: a fraction of a
 * second), for a test whose steps must all happen while the video still plays, however busy the machine.
 */
export function exerciseVideoRepeated(times: number): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-video-'));
  try {
    const output = path.join(dir, 'repeated.webm'); // a file, so that ffmpeg writes the length into it
    execFileSync('ffmpeg', ['-v', 'error', '-stream_loop', String(times - 1), '-i', EXERCISE_VIDEO_PATH, '-c', 'copy', output]);
    return fs.readFileSync(output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo organiser uploads the fixture (or another WebM) as an exercise video, through the API as the library page does. */
export async function uploadExerciseVideo(server: TestServer, file: Buffer = EXERCISE_VIDEO): Promise<ExerciseVideo> {
  const response = await fetch(`${server.url}/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('百歳体操')}`, {
    method: 'POST',
    headers: { cookie: await server.login('organiser'), 'content-type': 'video/webm' },
    body: new Uint8Array(file),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ExerciseVideo;
}
