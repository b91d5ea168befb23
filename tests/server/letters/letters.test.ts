import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Letter, LetterLinkList, LetterMessage, LetterWatch } from '@shared/letters/schemas';
import type { ExerciseVideo } from '@shared/program/videos';
import { LETTER_LIMITS } from '@shared/limits';
import { auditLog, letterLinks, letterMessages, letters, participants } from '../../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { LetterMessageService } from '../../../server/src/letters/messages';
import { RenderQueue } from '../../../server/src/letters/renderQueue';
import { LetterStorage } from '../../../server/src/letters/storage';
import { Permissions } from '../../../server/src/auth/permissions';
import { makeLongVideo, makeTestVideo, probeSeconds } from '../../support/letterMedia';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let baseUrl: string;
let host: string;
let organiser: string;
let other: Awaited<ReturnType<typeof createOtherOrganisation>>;
let mediaDir: string;
let letterDir: string;
/** Demo participants of the first venue: [name, id, invite token]. */
let people: { id: string; token: string }[];

beforeAll(async () => {
  server = await startTestApp();
  baseUrl = await server.listen();
  host = await server.login('host');
  organiser = await server.login('organiser');
  other = await createOtherOrganisation(server);
  mediaDir = fs.mkdtempSync(path.join(server.dataDir, 'media-'));
  letterDir = path.join(server.dataDir, 'letters');
  people = [];
  for (const { displayName, token } of server.demo.invites.slice(0, 3))
    people.push({ token, id: (await server.db.db.select().from(participants).where(eq(participants.displayName, displayName)))[0]!.id });
});
afterAll(async () => {
  await server?.close();
});

type Answer<T> = { status: number; body: T & { code?: string; field?: string; message?: string } };

async function record(
  body: Uint8Array | string,
  query: string,
  options: { cookie?: string; type?: string } = {},
): Promise<Answer<LetterMessage>> {
  const response = await fetch(`${baseUrl}/api/letters/messages?${query}`, {
    method: 'POST',
    headers: { 'content-type': options.type ?? 'video/webm', ...(options.cookie ? { cookie: options.cookie } : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as LetterMessage };
}

const file = (p: string): Uint8Array<ArrayBuffer> => new Uint8Array(fs.readFileSync(p));

async function waitForRender(letterId: string): Promise<Letter> {
  for (;;) {
    const { body } = await server.api<Letter>('GET', `/api/letters/${letterId}`, { cookie: host });
    if (body.status !== 'queued' && body.status !== 'rendering') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('recording a message', () => {
  it('refuses a recording that is not media, longer than 60 s, too big, or without consent, each with a clear 4xx', async () => {
    const token = people[0]!.token;
    const notMedia = await record('this is not a video, only text named .webm', `invite=${token}&consent=yes`);
    expect(notMedia.status).toBe(415);
    expect(notMedia.body).toMatchObject({ code: 'UNSUPPORTED_TYPE', field: 'body' });

    const long = makeLongVideo(mediaDir, 'long.webm', 62);
    const tooLong = await record(file(long), `invite=${token}&consent=yes`);
    expect(tooLong.status).toBe(413);
    expect(tooLong.body).toMatchObject({ code: 'TOO_LARGE', field: 'duration' });

    const noConsent = await record(file(long), `invite=${token}`);
    expect(noConsent.status).toBe(400);

    const declaredTooBig = await server.raw('POST', `/api/letters/messages?invite=${token}&consent=yes`, {
      headers: { 'content-type': 'video/webm', 'content-length': String(LETTER_LIMITS.maxMessageBytes + 1) },
      body: 'x',
    });
    expect(declaredTooBig.status).toBe(413);

    // A body that says nothing of its length is counted while it streams (a small limit on the same folder).
    const small = new LetterMessageService(server.db.db, new Permissions(server.db.db), new LetterStorage(letterDir), {
      maxBytes: 1000,
      maxSeconds: 60,
    });
    await expect(small.record({ invite: token }, undefined, Readable.from([Buffer.alloc(800), Buffer.alloc(800)]))).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    expect(await server.db.db.select().from(letterMessages)).toEqual([]);
    expect(fs.readdirSync(letterDir)).toEqual([]);
  });

  it('refuses an unknown invite and another organisation’s venue', async () => {
    const clip = makeTestVideo(mediaDir, 'clip.webm', { seconds: 1, format: 'webm' });
    expect((await record(file(clip), 'invite=nope&consent=yes')).status).toBe(404);
    expect((await record(file(clip), `venueId=${other.venueId}&consent=yes`, { cookie: host })).status).toBe(404);
    expect((await record(file(clip), `venueId=${DEMO_VENUE_ID}&consent=yes`)).status).toBe(401);
  });
});

describe('a letter', () => {
  let messages: LetterMessage[];
  let video: ExerciseVideo;
  let letter: Letter;

  it('stores a participant’s and the host’s recordings with their measured length (Chrome’s WebM has none) and the consent', async () => {
    const a = makeTestVideo(mediaDir, 'a.webm', { seconds: 2, format: 'webm' });
    const b = makeTestVideo(mediaDir, 'b.mp4', { seconds: 1.5, format: 'mp4' });
    const fromHome = await record(file(a), `invite=${people[0]!.token}&consent=yes`);
    // The declared type does not matter: the content is an MP4.
    const fromVenue = await record(file(b), `venueId=${DEMO_VENUE_ID}&consent=yes`, { cookie: host, type: 'application/octet-stream' });
    expect(fromHome.status).toBe(201);
    expect(fromVenue.status).toBe(201);
    expect(fromHome.body).toMatchObject({ participantId: people[0]!.id, mimeType: 'video/webm', consentText: LETTER_LIMITS.consentText });
    expect(fromHome.body.durationMs).toBeGreaterThan(1900);
    expect(fromHome.body.durationMs).toBeLessThan(2200);
    expect(fromVenue.body).toMatchObject({ participantId: null, mimeType: 'video/mp4' });
    messages = [fromHome.body, fromVenue.body];
    const listed = await server.api<{ messages: LetterMessage[] }>('GET', `/api/venues/${DEMO_VENUE_ID}/letter-messages`, { cookie: host });
    expect(listed.body.messages.map((m) => m.id).sort()).toEqual(messages.map((m) => m.id).sort());
    const foreign = await server.api('GET', `/api/venues/${DEMO_VENUE_ID}/letter-messages`, { cookie: other.cookie });
    expect(foreign.status).toBe(404);
  });

  it('refuses to render an empty letter with a 400 naming its parts', async () => {
    const empty = await server.api<Letter>('POST', `/api/venues/${DEMO_VENUE_ID}/letters`, {
      cookie: host,
      body: { title: 'からっぽ', parts: [] },
    });
    expect(empty.status).toBe(201);
    const render = await server.api<{ field: string }>('POST', `/api/letters/${empty.body.id}/render`, { cookie: host });
    expect(render.status).toBe(400);
    expect(render.body.field).toBe('parts');
  });

  it('reports a failed render to the host and renders on retry to one MP4 as long as its parts', async () => {
    const libraryFile = makeTestVideo(mediaDir, 'exercise.mp4', { seconds: 2, format: 'mp4' });
    const uploaded = await fetch(`${baseUrl}/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('体操')}`, {
      method: 'POST',
      headers: { cookie: organiser, 'content-type': 'video/mp4' },
      body: file(libraryFile),
    });
    video = (await uploaded.json()) as ExerciseVideo;
    const created = await server.api<Letter>('POST', `/api/venues/${DEMO_VENUE_ID}/letters`, {
      cookie: host,
      body: {
        title: 'みなさんへ',
        parts: [
          { kind: 'message', messageId: messages[0]!.id },
          { kind: 'video', videoId: video.id },
          { kind: 'message', messageId: messages[1]!.id },
        ],
      },
    });
    letter = created.body;
    // The first message's file goes missing: the render fails and says so.
    const stored = (await server.db.db.select().from(letterMessages).where(eq(letterMessages.id, messages[0]!.id)))[0]!;
    const messageFile = path.join(letterDir, stored.fileName);
    fs.renameSync(messageFile, `${messageFile}.away`);
    expect((await server.api('POST', `/api/letters/${letter.id}/render`, { cookie: host })).status).toBe(200);
    const failed = await waitForRender(letter.id);
    expect(failed.status).toBe('failed');
    // In plain Japanese, naming the part to fix (the first part after the title card), no English detail.
    expect(failed.error).toBe('作れませんでした。1番目のメッセージのファイルが見つかりません。直すか外してから、もう一度作ってください。');

    fs.renameSync(`${messageFile}.away`, messageFile);
    const retried = await server.api<Letter>('POST', `/api/letters/${letter.id}/render`, { cookie: host });
    expect(retried.body.status).toBe('queued');
    const again = await server.api('POST', `/api/letters/${letter.id}/render`, { cookie: host });
    expect(again.status).toBe(409);
    const ready = await waitForRender(letter.id);
    expect(ready.status).toBe('ready');
    const expected =
      LETTER_LIMITS.titleCardSeconds + (messages[0]!.durationMs + messages[1]!.durationMs) / 1000 + probeSeconds(libraryFile);
    const rendered = path.join(letterDir, (await server.db.db.select().from(letters).where(eq(letters.id, letter.id)))[0]!.fileName!);
    expect(Math.abs(probeSeconds(rendered) - expected)).toBeLessThan(0.5);
  }, 240_000);

  it('shares personal links that play for the venue’s own people until they expire, counts each view and audits the share', async () => {
    const share = await server.api<LetterLinkList>('POST', `/api/letters/${letter.id}/links`, {
      cookie: host,
      body: { participantIds: [people[1]!.id, people[2]!.id], venue: true, days: 7 },
    });
    expect(share.status).toBe(201);
    expect(share.body.links).toHaveLength(3);
    const foreignPerson = await server.api<{ field: string }>('POST', `/api/letters/${letter.id}/links`, {
      cookie: host,
      body: { participantIds: [other.participantId] },
    });
    expect(foreignPerson.status).toBe(404);
    expect(
      (await server.api('POST', `/api/letters/${letter.id}/links`, { cookie: other.cookie, body: { participantIds: [] } })).status,
    ).toBe(404);

    const tokenOf = (url: string) => url.split('/l/')[1]!;
    const [venueLink, personLink, secondLink] = share.body.links.map((l) => tokenOf(l.url));
    const watched = await server.api<LetterWatch>('POST', `/api/letter-links/${personLink}/view`);
    expect(watched.status).toBe(200);
    expect(watched.body.title).toBe('みなさんへ');
    const played = await fetch(`${baseUrl}${watched.body.videoUrl}`, { headers: { range: 'bytes=0-99' } });
    expect(played.status).toBe(206);
    expect(played.headers.get('content-type')).toBe('video/mp4');
    expect((await server.api('POST', `/api/letter-links/${venueLink}/view`)).status).toBe(200);
    // The file's own address needs its signature.
    expect((await fetch(`${baseUrl}/api/letters/${letter.id}/file`)).status).toBe(401);
    expect((await fetch(`${baseUrl}${watched.body.videoUrl.replace(/sig=[^&]+/, 'sig=forged')}`)).status).toBe(403);

    await server.db.db
      .update(letterLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(letterLinks.token, secondLink!));
    const expired = await server.api<{ message: string }>('POST', `/api/letter-links/${secondLink}/view`);
    expect(expired.status).toBe(404);
    expect(expired.body.message).toMatch(/expired/);

    const after = await server.api<Letter>('GET', `/api/letters/${letter.id}`, { cookie: host });
    expect(after.body.views).toBe(2);
    const audits = await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'letter.share'));
    expect(audits).toHaveLength(1);
  });

  it('deletes a person’s messages and letter links with their erasure; the letter that held them is to be made again', async () => {
    const share = await server.api<LetterLinkList>('POST', `/api/letters/${letter.id}/links`, {
      cookie: host,
      body: { participantIds: [people[0]!.id] },
    });
    const token = share.body.links[0]!.url.split('/l/')[1]!;
    const messageFile = (await server.db.db.select().from(letterMessages).where(eq(letterMessages.id, messages[0]!.id)))[0]!.fileName;
    const erased = await server.api('POST', `/api/participants/${people[0]!.id}/erase`, { cookie: organiser });
    expect(erased.status).toBe(200);
    expect(await server.db.db.select().from(letterMessages).where(eq(letterMessages.participantId, people[0]!.id))).toEqual([]);
    expect(fs.existsSync(path.join(letterDir, messageFile))).toBe(false);
    expect((await server.api('POST', `/api/letter-links/${token}/view`)).status).toBe(404);
    const after = await server.api<Letter>('GET', `/api/letters/${letter.id}`, { cookie: host });
    expect(after.body.status).toBe('draft');
    expect(after.body.parts.map((p) => p.kind)).toEqual(['video', 'message']);
  });

  it('deletes messages and letters older than the organisation’s retention period', async () => {
    const saved = await server.api('PUT', `/api/organisations/${DEMO_ORGANISATION_ID}/letter-retention`, {
      cookie: organiser,
      body: { days: 30 },
    });
    expect(saved.status).toBe(200);
    expect(
      (await server.api('PUT', `/api/organisations/${DEMO_ORGANISATION_ID}/letter-retention`, { cookie: host, body: { days: 30 } })).status,
    ).toBe(403);
    expect(
      (await server.api('PUT', `/api/organisations/${DEMO_ORGANISATION_ID}/letter-retention`, { cookie: organiser, body: { days: 1 } }))
        .status,
    ).toBe(400);
    const pruned = await server.services.letterRetention.prune(new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    expect(pruned).toEqual({ messages: 1, letters: 2 });
    expect(await server.db.db.select().from(letters)).toEqual([]);
    expect(fs.readdirSync(letterDir)).toEqual([]);
  });
});

describe('the render queue', () => {
  it('refuses one more job than it may hold with SERVER_BUSY', async () => {
    const queue = new RenderQueue(1, 2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    for (let i = 0; i < 3; i += 1) queue.push(() => gate);
    expect(() => queue.push(() => gate)).toThrow(expect.objectContaining({ code: 'SERVER_BUSY' }));
    release();
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  it('stops at close: the running job sees the abort, and nothing more is taken', async () => {
    const queue = new RenderQueue(1, 2);
    let aborted = false;
    queue.push(
      () =>
        new Promise<void>((resolve) =>
          queue.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          }),
        ),
    );
    await queue.close();
    expect(aborted).toBe(true);
    expect(() => queue.push(async () => {})).toThrow(expect.objectContaining({ code: 'SERVER_BUSY' }));
  });
});
