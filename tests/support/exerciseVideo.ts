import fs from 'node:fs';
import { expect } from 'vitest';
import { DEMO_ORGANISATION_ID } from '../../server/src/db/seed';
import type { ExerciseVideo } from '../../shared/src/program/videos';
import type { TestServer } from './testServer';

/** 20 s of 320×180 VP8 at 15 fps + mono Opus (a moving test pattern and a beeping tone). */
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
