import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Letter, LetterMessage } from '@shared/letters/schemas';
import { LETTER_LIMITS } from '@shared/limits';
import { letters } from '../../../server/src/db/schema';
import { DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { makeSafariVideo, pixelAt, probeSeconds, videoGeometry } from '../../support/letterMedia';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let baseUrl: string;
let host: string;
let mediaDir: string;

beforeAll(async () => {
  server = await startTestApp();
  baseUrl = await server.listen();
  host = await server.login('host');
  mediaDir = fs.mkdtempSync(path.join(server.dataDir, 'safari-'));
});
afterAll(async () => {
  await server?.close();
});

async function send(file: string): Promise<{ status: number; body: LetterMessage }> {
  const response = await fetch(`${baseUrl}/api/letters/messages?venueId=${DEMO_VENUE_ID}&consent=yes`, {
    method: 'POST',
    headers: { cookie: host, 'content-type': 'video/mp4' },
    body: new Uint8Array(fs.readFileSync(file)),
  });
  return { status: response.status, body: (await response.json()) as LetterMessage };
}

const isBlack = ([r, g, b]: [number, number, number]) => r + g + b < 60;

describe('a message recorded on an iPad (Safari: fragmented MP4, H.264 baseline, AAC)', () => {
  it('is taken as an MP4 of its length, landscape or portrait, and renders into a letter upright and as long as its parts', async () => {
    const landscape = makeSafariVideo(mediaDir, 'landscape.mp4', { seconds: 2 });
    const portrait = makeSafariVideo(mediaDir, 'portrait.mp4', { seconds: 2, portrait: true });
    const sent = [await send(landscape), await send(portrait)];
    for (const { status, body } of sent) {
      expect(status).toBe(201);
      expect(body.mimeType).toBe('video/mp4');
      expect(Math.abs(body.durationMs - 2000)).toBeLessThan(150);
    }

    const created = await server.api<Letter>('POST', `/api/venues/${DEMO_VENUE_ID}/letters`, {
      cookie: host,
      body: { title: 'iPad から', parts: sent.map(({ body }) => ({ kind: 'message', messageId: body.id })) },
    });
    expect((await server.api('POST', `/api/letters/${created.body.id}/render`, { cookie: host })).status).toBe(200);
    let letter = created.body;
    while (letter.status !== 'ready' && letter.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      letter = (await server.api<Letter>('GET', `/api/letters/${letter.id}`, { cookie: host })).body;
    }
    expect(letter).toMatchObject({ status: 'ready', error: null });

    const row = (await server.db.db.select().from(letters).where(eq(letters.id, letter.id)))[0]!;
    const rendered = path.join(server.dataDir, 'letters', row.fileName!);
    const expected = LETTER_LIMITS.titleCardSeconds + (sent[0]!.body.durationMs + sent[1]!.body.durationMs) / 1000;
    expect(Math.abs(probeSeconds(rendered) - expected)).toBeLessThan(0.5);
    expect(videoGeometry(rendered)).toEqual({ width: 1280, height: 720 });
    // The landscape part fills the width from x = 160; the portrait one, turned upright, is 540 wide in the middle
    // (black beside it). Were its rotation ignored, it would be as wide as the landscape one.
    const title = LETTER_LIMITS.titleCardSeconds;
    expect(isBlack(pixelAt(rendered, title + 1, 200, 360))).toBe(false);
    expect(isBlack(pixelAt(rendered, title + 3, 200, 360))).toBe(true);
    expect(isBlack(pixelAt(rendered, title + 3, 640, 200))).toBe(false);
  }, 180_000);
});
