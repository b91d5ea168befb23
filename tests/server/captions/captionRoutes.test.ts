import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptionLink, CaptionLinkList, CaptionTranscript } from '@shared/captions/schemas';
import { CaptionTranscripts } from '../../../server/src/captions/transcript';
import { auditLog } from '../../../server/src/db/schema';
import { DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { startTestApp, type TestApp } from '../../support/testApp';

/** Caption links and stored transcripts over REST (the socket side: captions.sfu.test.ts). */
let server: TestApp;
let host: string;
let organiser: string;
let other: Awaited<ReturnType<typeof createOtherOrganisation>>;

beforeAll(async () => {
  server = await startTestApp();
  host = await server.login('host');
  organiser = await server.login('organiser');
  other = await createOtherOrganisation(server);
});
afterAll(async () => {
  await server?.close();
});

const sessionId = () => server.demo.sessionId;

describe('caption links and transcripts over REST', () => {
  it('makes a link for today’s session, lists it (without its address) for the venue’s staff, and stops it', async () => {
    const made = await server.api<CaptionLink>('POST', `/api/venue-sessions/${sessionId()}/caption-links`, { cookie: host, body: {} });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/\/c\/[\w-]+$/);
    const hours = (Date.parse(made.body.expiresAt) - Date.parse(made.body.createdAt)) / 3_600_000;
    expect(hours).toBe(12);

    const listed = await server.api<CaptionLinkList>('GET', `/api/venues/${DEMO_VENUE_ID}/caption-links`, { cookie: organiser });
    const entry = listed.body.links.find((link) => link.id === made.body.id);
    expect(entry).toMatchObject({ venueId: DEMO_VENUE_ID, revokedAt: null });
    expect(entry).not.toHaveProperty('url');

    const stopped = await server.api<CaptionLink>('POST', `/api/caption-links/${made.body.id}/revoke`, { cookie: organiser });
    expect(stopped.status).toBe(200);
    expect(stopped.body.revokedAt).not.toBeNull();
  });

  it('answers 404 to another organisation’s staff for the venue, the session, the link and the transcript, and 401 to a stranger', async () => {
    const made = await server.api<CaptionLink>('POST', `/api/venue-sessions/${sessionId()}/caption-links`, { cookie: host, body: {} });
    const cookie = other.cookie;
    for (const [method, path] of [
      ['GET', `/api/venues/${DEMO_VENUE_ID}/caption-links`],
      ['POST', `/api/venue-sessions/${sessionId()}/caption-links`],
      ['POST', `/api/caption-links/${made.body.id}/revoke`],
      ['GET', `/api/venue-sessions/${sessionId()}/captions`],
      ['GET', `/api/venue-sessions/${sessionId()}/captions.csv`],
      ['DELETE', `/api/venue-sessions/${sessionId()}/captions`],
    ] as const) {
      const answer = await server.api<{ code: string }>(method, path, {
        cookie,
        body: method === 'POST' && path.endsWith('links') ? {} : undefined,
      });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
      expect((await server.api(method, path)).status).toBe(401);
    }
    // The other organisation's own venue works for them, and not for the demo's host.
    expect((await server.api('GET', `/api/venues/${other.venueId}/caption-links`, { cookie })).status).toBe(200);
    expect((await server.api('GET', `/api/venues/${other.venueId}/caption-links`, { cookie: host })).status).toBe(404);
  });

  it('refuses a link longer than two weeks with 400 on hours', async () => {
    const answer = await server.api<{ code: string; field: string }>('POST', `/api/venue-sessions/${sessionId()}/caption-links`, {
      cookie: host,
      body: { hours: 24 * 14 + 1 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'body.hours' });
  });

  it('exports the stored lines as a CSV Excel opens (BOM, CRLF, Japan time, a formula kept as text), audited', async () => {
    const store = new CaptionTranscripts(server.db.db, server.services.permissions);
    await store.setKept(sessionId(), true);
    await store.store(sessionId(), { id: 'cl_a', text: 'はじめます', source: 'typed', corrected: false, at: '2026-12-04T01:00:05.000Z' });
    await store.store(sessionId(), { id: 'cl_b', text: '=1+1, "体操"', source: 'auto', corrected: false, at: '2026-12-04T01:01:00.000Z' });
    await store.store(sessionId(), { id: 'cl_c', text: '今日は体操', source: 'auto', corrected: true, at: '2026-12-04T01:02:00.000Z' });

    const response = await server.fetch(`/api/venue-sessions/${sessionId()}/captions.csv`, { headers: { cookie: host } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="captions_\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''%E5%AD%97%E5%B9%95_/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      '時刻,字幕,種類\r\n10:00:05,はじめます,入力\r\n10:01:00,"\'=1+1, ""体操""",自動字幕\r\n10:02:00,今日は体操,自動字幕を直した\r\n',
    );
    const audited = await server.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'captionTranscript.export'), eq(auditLog.entityId, sessionId())));
    expect(audited).toHaveLength(1);

    const deleted = await server.api<CaptionTranscript>('DELETE', `/api/venue-sessions/${sessionId()}/captions`, { cookie: host });
    expect(deleted.body.lines).toEqual([]);
    const empty = await server.fetch(`/api/venue-sessions/${sessionId()}/captions.csv`, { headers: { cookie: host } });
    expect(new TextDecoder().decode(new Uint8Array(await empty.arrayBuffer()).slice(3))).toBe('時刻,字幕,種類\r\n');
  });
});
