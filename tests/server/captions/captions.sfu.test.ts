import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CaptionLink, CaptionTranscript } from '@shared/captions/schemas';
import { CaptionTranscripts } from '../../../server/src/captions/transcript';
import { DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { captionLines, captionLinks, captionTranscripts, sessions } from '../../../server/src/db/schema';
import { demoCall } from '../../support/demoCall';
import { addSession } from '../../support/fixtures';
import { api } from '../../support/http';

const call = demoCall();
const { joinVenue, joinHome, connect } = call;

async function createLink(hours = 2): Promise<CaptionLink & { token: string }> {
  const { status, body } = await api<CaptionLink>(
    call.server.url,
    'POST',
    `/api/venue-sessions/${call.server.demo.sessionId}/caption-links`,
    {
      cookie: call.hostCookie,
      body: { hours },
    },
  );
  expect(status).toBe(201);
  return { ...body, token: body.url!.split('/c/')[1]! };
}

/** A caption writer's page with a caption link (no sign-in, not in the call). */
async function openWriter(token: string) {
  const writer = await connect();
  const opened = await writer.request('caption:open', { token });
  return { writer, opened };
}

const transcriptPath = () => `/api/venue-sessions/${call.server.demo.sessionId}/captions`;

describe('live captions', () => {
  it('a caption link writer’s line reaches the home and the venue; the writer corrects an automatic line everywhere', async () => {
    const venue = await joinVenue();
    const { client: home } = await joinHome(0);
    const link = await createLink();
    const { writer, opened } = await openWriter(link.token);
    expect(opened).toMatchObject({ ok: true, data: { sessionId: call.server.demo.sessionId } });

    const line = await writer.ok('caption:send', { text: '今日は体操から始めます' });
    expect(line).toMatchObject({ text: '今日は体操から始めます', source: 'typed', corrected: false });
    for (const screen of [home, venue])
      await screen.waitFor('caption:state', (s) => s.lines.some((l) => l.id === line.id && l.text === '今日は体操から始めます'));

    await venue.ok('caption:auto', { text: 'きょうはたい', final: false });
    await home.waitFor('caption:state', (s) => s.interim === 'きょうはたい');
    await venue.ok('caption:auto', { text: 'きょうは体操を', final: true });
    const auto = (await writer.waitFor('caption:state', (s) => s.lines.some((l) => l.text === 'きょうは体操を'))).lines.at(-1)!;
    expect(auto).toMatchObject({ source: 'auto', corrected: false });

    const fixed = await writer.ok('caption:send', { text: '今日は体操を', replaces: auto.id });
    expect(fixed).toMatchObject({ id: auto.id, text: '今日は体操を', source: 'auto', corrected: true });
    const atHome = await home.waitFor('caption:state', (s) => s.lines.some((l) => l.id === auto.id && l.corrected));
    expect(atHome.lines.filter((l) => l.id === auto.id)).toEqual([fixed]);
    expect(atHome.interim).toBeNull();
  });

  it('a signed-in staff member opens the writer page by session; the host types from the venue device', async () => {
    await joinVenue();
    const { client: home } = await joinHome(0);
    const staff = await connect(call.hostCookie);
    await staff.ok('caption:open', { sessionId: call.server.demo.sessionId });
    const line = await staff.ok('caption:send', { text: 'スタッフの字幕' });
    await home.waitFor('caption:state', (s) => s.lines.some((l) => l.id === line.id));

    const stranger = await connect();
    expect(await stranger.request('caption:open', { sessionId: call.server.demo.sessionId })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses captions from a home participant and from a page that opened nothing, with NOT_ALLOWED', async () => {
    await joinVenue();
    const { client: home } = await joinHome(0);
    expect(await home.request('caption:send', { text: 'こんにちは' })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await home.request('caption:auto', { text: 'こんにちは', final: true })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await home.request('caption:setTranscript', { keep: true })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    const nobody = await connect();
    expect(await nobody.request('caption:send', { text: 'こんにちは' })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(/Only the caption writer/),
    });
  });

  it('refuses a stopped or expired caption link, also on a page already open with it', async () => {
    await joinVenue();
    const revoked = await createLink();
    const { writer } = await openWriter(revoked.token);
    await writer.ok('caption:send', { text: 'まだ使える' });
    const stop = await api<CaptionLink>(call.server.url, 'POST', `/api/caption-links/${revoked.id}/revoke`, { cookie: call.hostCookie });
    expect(stop.body.revokedAt).not.toBeNull();
    expect(await writer.request('caption:send', { text: '止められた' })).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect((await openWriter(revoked.token)).opened).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });

    const expiring = await createLink();
    const { writer: late } = await openWriter(expiring.token);
    await call.server.db.db
      .update(captionLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(captionLinks.id, expiring.id));
    expect(await late.request('caption:send', { text: '期限切れ' })).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect((await openWriter(expiring.token)).opened).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect((await openWriter('no-such-link')).opened).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  it('answers a line over 200 characters with INVALID_PAYLOAD on text, and a flood of lines with RATE_LIMITED', async () => {
    await joinVenue();
    const { writer } = await openWriter((await createLink()).token);
    expect(await writer.request('caption:send', { text: 'あ'.repeat(201) })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'text',
    });
    expect(await writer.request('caption:send', { text: '   ' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'text' });
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => writer.request('caption:send', { text: `行 ${i}` })));
    const limited = answers.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many caption lines: try again in \d+ s$/),
    });
    const venue = await connect(call.hostCookie);
    expect(await venue.request('caption:auto', { text: 'あ'.repeat(201), final: false })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'text',
    });
  });

  it('stores lines only while 「記録を残す」 is on, exports them, and deletes them with the transcript and the session', async () => {
    const venue = await joinVenue();
    await venue.ok('caption:send', { text: '記録しない行' });
    const off = await api<CaptionTranscript>(call.server.url, 'GET', transcriptPath(), { cookie: call.hostCookie });
    expect(off.body.lines.map((l) => l.text)).not.toContain('記録しない行');

    expect(await venue.ok('caption:setTranscript', { keep: true })).toMatchObject({ keepTranscript: true });
    await venue.ok('caption:send', { text: '記録する行' });
    const on = await api<CaptionTranscript>(call.server.url, 'GET', transcriptPath(), { cookie: call.hostCookie });
    expect(on.body).toMatchObject({ keepTranscript: true, lines: [{ text: '記録する行', source: 'typed' }] });

    const deleted = await api<CaptionTranscript>(call.server.url, 'DELETE', transcriptPath(), { cookie: call.hostCookie });
    expect(deleted.body).toEqual({ sessionId: call.server.demo.sessionId, keepTranscript: false, lines: [] });
    const db = call.server.db.db;
    expect(await db.select().from(captionLines).where(eq(captionLines.sessionId, call.server.demo.sessionId))).toEqual([]);

    // A session deleted takes its stored lines with it.
    const other = await addSession(db, DEMO_VENUE_ID, { startsAt: new Date('2026-01-05T01:00:00Z') });
    const store = new CaptionTranscripts(db, call.server.services.permissions);
    await store.setKept(other, true);
    await store.store(other, { id: 'cl_gone', text: '消える行', source: 'typed', corrected: false, at: new Date().toISOString() });
    await db.delete(sessions).where(eq(sessions.id, other));
    expect(await db.select().from(captionLines).where(eq(captionLines.sessionId, other))).toEqual([]);
    expect(await db.select().from(captionTranscripts).where(eq(captionTranscripts.sessionId, other))).toEqual([]);
  });
});
