import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIDEO_MAX_BYTES, type ExerciseVideo } from '@shared/program/videos';
import { auditLog } from '../../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { addDays, japanDate, japanInstant } from '@shared/japanTime';
import { VideoService } from '../../../server/src/program/videos/service';
import { VideoUrlSigner, videoUrlKeyFile } from '../../../server/src/program/videos/signing';
import { VideoStorage } from '../../../server/src/program/videos/storage';
import { addSession } from '../../support/fixtures';
import { EXERCISE_VIDEO } from '../../support/exerciseVideo';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { startTestApp, type TestApp } from '../../support/testApp';

const fixture = EXERCISE_VIDEO;

let server: TestApp;
/** This app listens: the test needs real connections. */
let baseUrl: string;
let organiser: string;
let host: string;
let other: Awaited<ReturnType<typeof createOtherOrganisation>>;
let videoDir: string;
/** A second VideoService on the same database, video folder and key file as the server's. */
let videos: VideoService;

beforeAll(async () => {
  server = await startTestApp();
  baseUrl = await server.listen();
  organiser = await server.login('organiser');
  host = await server.login('host');
  other = await createOtherOrganisation(server);
  videoDir = path.join(server.dataDir, 'videos');
  const keyFile = videoUrlKeyFile(path.join(server.dataDir, 'kayoi.sqlite'));
  videos = new VideoService(server.db.db, new VideoStorage(videoDir), VideoUrlSigner.fromKeyFile(keyFile));
});
afterAll(async () => {
  await server?.close();
});

const uploadPath = (title: string, organisationId = DEMO_ORGANISATION_ID) =>
  `/api/organisations/${organisationId}/videos?title=${encodeURIComponent(title)}`;

async function upload(body: Buffer | string, contentType: string, cookie = organiser, title = '百歳体操') {
  const response = await fetch(`${baseUrl}${uploadPath(title)}`, {
    method: 'POST',
    headers: { cookie, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as ExerciseVideo & { code?: string; message?: string; field?: string } };
}

const filesInVideoDir = () => fs.readdirSync(videoDir);

/** Sends the request head and `firstBytes` of a body on a raw socket and resolves with the answer's head, never sending the rest. */
function sendHeadOnly(headers: Record<string, string>, firstBytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      const head = [
        `POST ${uploadPath('大きすぎる')} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      socket.write(firstBytes);
    });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (received.includes('\r\n\r\n') && received.includes('}')) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

describe('uploading an exercise video', () => {
  it('stores a WebM file from an organiser, lists it for hosts too, and audits the upload', async () => {
    const uploaded = await upload(fixture, 'video/webm');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      organisationId: DEMO_ORGANISATION_ID,
      title: '百歳体操',
      mimeType: 'video/webm',
      sizeBytes: fixture.length,
    });
    const files = filesInVideoDir();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.webm$/);
    expect(fs.readFileSync(path.join(videoDir, files[0]!)).equals(fixture)).toBe(true);

    const list = await server.api<{ videos: ExerciseVideo[] }>('GET', `/api/organisations/${DEMO_ORGANISATION_ID}/videos`, {
      cookie: host,
    });
    expect(list.status).toBe(200);
    expect(list.body.videos.map((v) => v.id)).toContain(uploaded.body.id);
    expect(await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, uploaded.body.id))).toMatchObject([
      { action: 'video.upload', entityType: 'video' },
    ]);
  });

  it('refuses a too-large Content-Length with 413 before the body is sent', async () => {
    const before = filesInVideoDir();
    const answer = await sendHeadOnly(
      { cookie: organiser, 'content-type': 'video/webm', 'content-length': String(VIDEO_MAX_BYTES + 1) },
      fixture.subarray(0, 16),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":"TOO_LARGE"');
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(filesInVideoDir()).toEqual(before);
  });

  it('refuses a text file sent as video/mp4 and a text/plain upload with 415 UNSUPPORTED_TYPE, keeping nothing', async () => {
    const before = filesInVideoDir();
    const fake = await upload('This is not a video, only some words in a text file.\n'.repeat(20), 'video/mp4');
    expect(fake).toMatchObject({ status: 415, body: { ok: false, code: 'UNSUPPORTED_TYPE' } });
    expect(fake.body.message).toContain('video/mp4');
    const webmAsMp4 = await upload(fixture, 'video/mp4');
    expect(webmAsMp4).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_TYPE' } });
    const text = await upload('hello', 'text/plain');
    expect(text).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_TYPE', field: 'contentType' } });
    expect(text.body.message).toContain('video/mp4 or video/webm');
    expect(filesInVideoDir()).toEqual(before);
  });

  it('accepts an MP4 whose first box is ftyp', async () => {
    const mp4Head = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64)]);
    expect(await upload(mp4Head, 'video/mp4')).toMatchObject({ status: 201, body: { mimeType: 'video/mp4', sizeBytes: mp4Head.length } });
  });

  it('lets only organisers of the organisation upload: a host gets 403, another organisation 404, nobody signed in 401', async () => {
    expect(await upload(fixture, 'video/webm', host)).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    const elsewhere = await fetch(`${baseUrl}${uploadPath('x', other.organisationId)}`, {
      method: 'POST',
      headers: { cookie: organiser, 'content-type': 'video/webm' },
      body: new Uint8Array(fixture),
    });
    expect(elsewhere.status).toBe(404);
    const anonymous = await fetch(`${baseUrl}${uploadPath('x')}`, {
      method: 'POST',
      headers: { 'content-type': 'video/webm' },
      body: new Uint8Array(fixture),
    });
    expect(anonymous.status).toBe(401);
    expect(await server.api('GET', `/api/organisations/${DEMO_ORGANISATION_ID}/videos`, { cookie: other.cookie })).toMatchObject({
      status: 404,
    });
  });

  it('needs a title (400 naming the field)', async () => {
    const response = await fetch(`${baseUrl}/api/organisations/${DEMO_ORGANISATION_ID}/videos`, {
      method: 'POST',
      headers: { cookie: organiser, 'content-type': 'video/webm' },
      body: new Uint8Array(fixture),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.title' });
  });

  it('counts the bytes of a body without a length and stops at the limit, removing the partial file', async () => {
    const storage = new VideoStorage(path.join(server.dataDir, 'limit-test'));
    const chunks = [fixture.subarray(0, 4096), fixture.subarray(4096, 8192), fixture.subarray(8192, 12288)];
    await expect(storage.receive(Readable.from(chunks), 'video/webm', 10_000)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(fs.readdirSync(storage.dir)).toEqual([]);
    const stored = await storage.receive(Readable.from(chunks), 'video/webm', 20_000);
    expect(stored.sizeBytes).toBe(12288);
  });

  it('counts the bytes of a chunked upload through the route (no Content-Length)', async () => {
    const body = Readable.toWeb(Readable.from([fixture.subarray(0, 1000), fixture.subarray(1000)])) as ReadableStream;
    const response = await fetch(`${baseUrl}${uploadPath('分割')}`, {
      method: 'POST',
      headers: { cookie: organiser, 'content-type': 'video/webm' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ sizeBytes: fixture.length });
  });
});

describe('playing a video', () => {
  let video: ExerciseVideo;
  let sessionId: string;
  beforeAll(async () => {
    video = (await upload(fixture, 'video/webm', organiser, '再生用')).body;
    sessionId = await addSession(server.db.db, DEMO_VENUE_ID, { startsAt: new Date(), status: 'live' });
  });

  it('gives the session a signed URL valid until the end of its day in Japan, which serves byte ranges with 206', async () => {
    const playable = await videos.playableFor(sessionId, video.id);
    expect(playable).toMatchObject({ videoId: video.id, title: '再生用' });
    const url = new URL(playable.url, baseUrl);
    const exp = Number(url.searchParams.get('exp'));
    const sessionDayEnds = japanInstant(addDays(japanDate(new Date()), 1), '00:00').getTime();
    expect(exp * 1000).toBeGreaterThanOrEqual(sessionDayEnds);

    const ranged = await fetch(url, { headers: { range: 'bytes=100-1099' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-1099/${fixture.length}`);
    expect(ranged.headers.get('content-type')).toBe('video/webm');
    expect(ranged.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await ranged.arrayBuffer()).equals(fixture.subarray(100, 1100))).toBe(true);

    const tail = await fetch(url, { headers: { range: 'bytes=-500' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(fixture.subarray(fixture.length - 500))).toBe(true);

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(fixture)).toBe(true);

    const outside = await fetch(url, { headers: { range: `bytes=${fixture.length}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${fixture.length}`);
  });

  it('refuses a tampered signature, a changed expiry and an expired link with 403', async () => {
    const url = new URL((await videos.playableFor(sessionId, video.id)).url, baseUrl);
    const sig = url.searchParams.get('sig')!;
    const tampered = new URL(url);
    tampered.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    expect((await fetch(tampered)).status).toBe(403);
    const later = new URL(url);
    later.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 86_400));
    expect((await fetch(later)).status).toBe(403);
    const expired = new URL(videos.signedPath(video.id, Math.floor(Date.now() / 1000) - 60), baseUrl);
    expect((await fetch(expired)).status).toBe(403);
    const otherVideo = new URL(url.toString().replace(video.id, 'vid_someone_else'));
    expect([403, 404]).toContain((await fetch(otherVideo)).status);
  });

  it('serves staff of the organisation without a signature; others get 401 or 404', async () => {
    const path = `/api/videos/${video.id}/file`;
    const staff = await fetch(`${baseUrl}${path}`, { headers: { cookie: host, range: 'bytes=0-3' } });
    expect(staff.status).toBe(206);
    expect(Buffer.from(await staff.arrayBuffer())).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    expect((await fetch(`${baseUrl}${path}`)).status).toBe(401);
    expect((await fetch(`${baseUrl}${path}`, { headers: { cookie: other.cookie } })).status).toBe(404);
  });

  it("does not give another organisation's session a URL for the video", async () => {
    await expect(videos.playableFor(other.sessionId, video.id)).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(videos.playableFor(sessionId, 'vid_unknown')).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('lets an organiser delete a video (file removed, audited, its links stop working); a host gets 403', async () => {
    const doomed = (await upload(fixture, 'video/webm', organiser, '消す')).body;
    const url = new URL((await videos.playableFor(sessionId, doomed.id)).url, baseUrl);
    const filesBefore = filesInVideoDir();
    expect(await server.api('DELETE', `/api/videos/${doomed.id}`, { cookie: host })).toMatchObject({ status: 403 });
    expect(await server.api('DELETE', `/api/videos/${doomed.id}`, { cookie: other.cookie })).toMatchObject({ status: 404 });
    expect(await server.api('DELETE', `/api/videos/${doomed.id}`, { cookie: organiser })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(filesInVideoDir()).toHaveLength(filesBefore.length - 1);
    expect((await fetch(url)).status).toBe(404);
    const audit = await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, doomed.id));
    expect(audit.map((a) => a.action)).toEqual(['video.upload', 'video.delete']);
  });
});
