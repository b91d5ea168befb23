import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Letter, LetterMessage } from '@shared/letters/schemas';
import { DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { api } from './http';
import { makeTestVideo } from './letterMedia';

/** Where a test server answers, and a signed-in host of the demo venue. */
interface LetterServer {
  url: string;
  dataDir: string;
}

/** The demo host records a short message for the venue through the API (as the staff page sends it). */
export async function recordVenueMessage(server: LetterServer, hostCookie: string, seconds = 1): Promise<LetterMessage> {
  const clip = makeTestVideo(fs.mkdtempSync(path.join(server.dataDir, 'clip-')), 'message.webm', { seconds, format: 'webm' });
  const response = await fetch(`${server.url}/api/letters/messages?venueId=${DEMO_VENUE_ID}&consent=yes`, {
    method: 'POST',
    headers: { cookie: hostCookie, 'content-type': 'video/webm' },
    body: new Uint8Array(fs.readFileSync(clip)),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as LetterMessage;
}

/** Polls the letter until its render has ended (ready or failed). */
export async function renderEnded(server: LetterServer, cookie: string, letterId: string): Promise<Letter> {
  for (;;) {
    const { body } = await api<Letter>(server.url, 'GET', `/api/letters/${letterId}`, { cookie });
    if (body.status !== 'queued' && body.status !== 'rendering') return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A letter of the demo venue made from one recorded message of `seconds`, rendered and ready to show. */
export async function makeReadyLetter(server: LetterServer, hostCookie: string, title = 'みなさんへ', seconds = 1): Promise<Letter> {
  const message = await recordVenueMessage(server, hostCookie, seconds);
  const created = await api<Letter>(server.url, 'POST', `/api/venues/${DEMO_VENUE_ID}/letters`, {
    cookie: hostCookie,
    body: { title, parts: [{ kind: 'message', messageId: message.id }] },
  });
  expect(created.status).toBe(201);
  expect((await api(server.url, 'POST', `/api/letters/${created.body.id}/render`, { cookie: hostCookie })).status).toBe(200);
  const letter = await renderEnded(server, hostCookie, created.body.id);
  expect(letter.status).toBe('ready');
  return letter;
}
