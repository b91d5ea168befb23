import fs from 'node:fs';
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
export const EXERCISE_VIDEO = fs.readFileSync(new URL('../fixtures/exercise.webm', import.meta.url));

/** The demo organiser uploads the fixture as an exercise video, through the API as the library page does. */
export async function uploadExerciseVideo(server: TestServer): Promise<ExerciseVideo> {
  const response = await fetch(`${server.url}/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('百歳体操')}`, {
    method: 'POST',
    headers: { cookie: await server.login('organiser'), 'content-type': 'video/webm' },
    body: new Uint8Array(EXERCISE_VIDEO),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ExerciseVideo;
}
