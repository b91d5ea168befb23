import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '@shared/ack';
import { DEMO_ORGANISATION_ID } from '../../../server/src/demo/seed';
import { auditLog, checkins, invites, participants } from '../../../server/src/db/schema';
import { EXERCISE_VIDEO } from '../../support/exerciseVideo';
import { startTestApp, type TestApp } from '../../support/testApp';
import { addCheckin } from '../checkins/rows';

/**
 * Cross-site request forgery: what a page of another site can make a signed-in organiser's browser send. A
 * plain HTML form can POST text/plain, urlencoded or multipart bodies with the cookie (SameSite=Lax does not
 * stop a top-level form POST from a sibling subdomain, nor any request from the same site); it cannot send JSON.
 */
const PUBLIC_URL = 'https://kayoi.example.jp';
let server: TestApp;
let organiser: string;

beforeAll(async () => {
  server = await startTestApp({ http: { publicUrl: PUBLIC_URL } });
  organiser = await server.login('organiser');
});
afterAll(async () => {
  await server?.close();
});

const participantId = async (name: string) =>
  (await server.db.db.select().from(participants).where(eq(participants.displayName, name)))[0]!.id;
const activeInvites = (id: string) =>
  server.db.db
    .select()
    .from(invites)
    .where(and(eq(invites.participantId, id), isNull(invites.revokedAt)));
const auditCount = async () => (await server.db.db.select().from(auditLog)).length;

/** A 困りごと at today's session, not handled yet; returns the handling route and how to read it back. */
async function troubleAtToday(name: string) {
  const id = await participantId(name);
  await addCheckin(server.db.db, { sessionId: server.demo.sessionId, participantId: id, answers: {}, trouble: true });
  return {
    path: `/api/sessions/${server.demo.sessionId}/checkins/${id}/handled`,
    handledAt: async () =>
      (
        await server.db.db
          .select()
          .from(checkins)
          .where(and(eq(checkins.participantId, id), eq(checkins.sessionId, server.demo.sessionId)))
      )[0]!.troubleHandledAt,
  };
}

const revokePath = (id: string) => `/api/participants/${id}/invite/revoke`;

/** What Chromium sends for `<form method=POST enctype=text/plain>` submitted from a page at evil.example. */
const formFromAnotherSite = (cookie: string) => ({
  cookie,
  'content-type': 'text/plain',
  origin: 'https://evil.example',
  'sec-fetch-site': 'cross-site',
  'sec-fetch-mode': 'navigate',
});

describe('the form attack from the issue', () => {
  it('a text/plain form POST from another site cannot revoke an invite: 415, the link still works, nothing audited', async () => {
    const id = await participantId('山田 花子');
    const before = await auditCount();
    const response = await server.raw<ErrorBody>('POST', revokePath(id), {
      headers: formFromAnotherSite(organiser),
      body: '{"x":"y"}',
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_TYPE');
    expect(await activeInvites(id)).toHaveLength(1);
    expect(await auditCount()).toBe(before);
  });

  it('a text/plain form POST from another site cannot clear a 困りごと: 415 and it stays unhandled', async () => {
    const trouble = await troubleAtToday('佐藤 一郎');
    const response = await server.raw<ErrorBody>('POST', trouble.path, {
      headers: formFromAnotherSite(organiser),
      body: '{"x":"y"}',
    });
    expect(response.status).toBe(415);
    expect(await trouble.handledAt()).toBeNull();
  });

  it('text/plain is refused even without any Origin or Sec-Fetch-Site header (an old browser, a same-site page)', async () => {
    const id = await participantId('山田 花子');
    const response = await server.raw<ErrorBody>('POST', revokePath(id), {
      headers: { cookie: organiser, 'content-type': 'text/plain' },
      body: '{"x":"y"}',
    });
    expect(response.status).toBe(415);
    expect(await activeInvites(id)).toHaveLength(1);
  });

  it('urlencoded and multipart form bodies are refused with 415 as well', async () => {
    const trouble = await troubleAtToday('鈴木 よし子');
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await server.raw<ErrorBody>('POST', trouble.path, {
        headers: { cookie: organiser, 'content-type': type },
        body: 'x=y',
      });
      expect(response.status, type).toBe(415);
      expect(response.body.code, type).toBe('UNSUPPORTED_TYPE');
    }
    expect(await trouble.handledAt()).toBeNull();
  });
});

describe('requests from another site', () => {
  it('a JSON POST whose Sec-Fetch-Site is cross-site or same-site gets 403 CROSS_ORIGIN and changes nothing', async () => {
    const id = await participantId('山田 花子');
    for (const site of ['cross-site', 'same-site']) {
      const response = await server.raw<ErrorBody>('POST', revokePath(id), {
        headers: { cookie: organiser, 'content-type': 'application/json', 'sec-fetch-site': site },
        body: '{}',
      });
      expect(response.status, site).toBe(403);
      expect(response.body.code).toBe('CROSS_ORIGIN');
    }
    expect(await activeInvites(id)).toHaveLength(1);
  });

  it('without Sec-Fetch-Site, an Origin other than ours gets 403 CROSS_ORIGIN (also "null" from a sandboxed page)', async () => {
    const trouble = await troubleAtToday('高橋 正男');
    for (const origin of ['https://evil.example', 'null', `${server.origin}.evil.example`, 'http://kayoi.example.jp']) {
      const response = await server.raw<ErrorBody>('POST', trouble.path, {
        headers: { cookie: organiser, 'content-type': 'application/json', origin },
        body: '{}',
      });
      expect(response.status, origin).toBe(403);
      expect(response.body.code).toBe('CROSS_ORIGIN');
    }
    expect(await trouble.handledAt()).toBeNull();
  });

  it('a cross-site DELETE and PUT are refused too', async () => {
    const headers = { cookie: organiser, 'content-type': 'application/json', origin: 'https://evil.example' };
    const put = await server.raw('PUT', `/api/sessions/${server.demo.sessionId}/attendance/${await participantId('山田 花子')}`, {
      headers,
      body: '{"mode":"venue"}',
    });
    const del = await server.raw('DELETE', `/api/quiz-questions/quiz_missing`, {
      headers: { cookie: organiser, origin: 'https://evil.example' },
    });
    expect([put.status, del.status]).toEqual([403, 403]);
  });

  it('a cross-site sign-in attempt is refused before the password is checked', async () => {
    const response = await server.raw<ErrorBody>('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'organiser@example.jp', password: 'wrong password' }),
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CROSS_ORIGIN');
  });
});

describe('our own pages still work', () => {
  it('a same-origin JSON POST from our page (Sec-Fetch-Site same-origin, Origin = the server) clears a 困りごと', async () => {
    const trouble = await troubleAtToday('田中 千代');
    const response = await server.raw('POST', trouble.path, {
      headers: { cookie: organiser, 'content-type': 'application/json', origin: server.origin, 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await trouble.handledAt()).not.toBeNull();
  });

  it('an Origin equal to the configured public URL passes (behind a reverse proxy the Host differs)', async () => {
    const trouble = await troubleAtToday('伊藤 キヨ');
    const response = await server.raw('POST', trouble.path, {
      headers: { cookie: organiser, 'content-type': 'application/json; charset=utf-8', origin: PUBLIC_URL },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await trouble.handledAt()).not.toBeNull();
  });

  it('a body-less POST without a content type (as the pages send it) revokes an invite', async () => {
    const id = await participantId('山田 花子');
    const response = await server.raw('POST', revokePath(id), {
      headers: { cookie: organiser, origin: server.origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(response.status).toBe(200);
    expect(await activeInvites(id)).toHaveLength(0);
  });

  it('a body without any content type is refused with 415', async () => {
    const id = await participantId('佐藤 一郎');
    const response = await server.raw<ErrorBody>('POST', revokePath(id), { headers: { cookie: organiser }, body: '{"x":"y"}' });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_TYPE');
    expect(await activeInvites(id)).toHaveLength(1);
  });

  it('the video upload takes its own types (video/webm) from our page, and refuses text/plain with 415', async () => {
    const path = `/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('体操')}`;
    const upload = (type: string) =>
      server.raw<{ id?: string; code?: string }>('POST', path, {
        headers: { cookie: organiser, 'content-type': type, origin: server.origin, 'sec-fetch-site': 'same-origin' },
        body: new Uint8Array(EXERCISE_VIDEO),
      });
    const refused = await upload('text/plain');
    expect(refused.status).toBe(415);
    expect(refused.body.code).toBe('UNSUPPORTED_TYPE');
    const accepted = await upload('video/webm');
    expect(accepted.status).toBe(201);
    expect(accepted.body.id).toBeTruthy();
  });

  it('the video upload refuses JSON (its body is a file, not JSON)', async () => {
    const path = `/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=x`;
    const response = await server.raw('POST', path, {
      headers: { cookie: organiser, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(415);
  });
});
