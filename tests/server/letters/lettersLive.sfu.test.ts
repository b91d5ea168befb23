import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Letter } from '@shared/letters/schemas';
import { auditLog } from '../../../server/src/db/schema';
import { DEMO_VENUE_2_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { demoCall } from '../../support/demoCall';
import { api } from '../../support/http';
import { makeReadyLetter, recordVenueMessage } from '../../support/readyLetter';

const call = demoCall();
const { joinVenue, joinHome } = call;

describe('a video letter shown at the gathering', () => {
  let letter: Letter;

  it('plays a ready letter of the venue on every screen through the live video timeline, counting a view and auditing it', async () => {
    letter = await makeReadyLetter(call.server, call.hostCookie);
    const host = await joinVenue();
    const home = await joinHome(0);
    const loaded = await host.ok('video:control', { action: 'loadLetter', letterId: letter.id });
    expect(loaded.video).toMatchObject({ videoId: letter.id, title: letter.title, playing: false, positionSec: 0 });
    const played = await host.ok('video:control', { action: 'play' });
    const atHome = await home.client.waitFor('live:state', (s) => s.revision >= played.revision);
    expect(atHome.video).toMatchObject({ videoId: letter.id, playing: true, url: loaded.video!.url });

    // A home device has no sign-in: the signed address alone plays the file.
    const file = await fetch(`${call.server.url}${atHome.video!.url}`, { headers: { range: 'bytes=0-99' } });
    expect(file.status).toBe(206);
    expect(file.headers.get('content-type')).toBe('video/mp4');

    const paused = await host.ok('video:control', { action: 'pause' });
    expect(paused.video).toMatchObject({ videoId: letter.id, playing: false });
    const after = await api<Letter>(call.server.url, 'GET', `/api/letters/${letter.id}`, { cookie: call.hostCookie });
    expect(after.body.views).toBe(letter.views + 1);
    const shown = await call.server.db.db.select().from(auditLog).where(eq(auditLog.action, 'letter.show'));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ entityId: letter.id, after: { sessionId: call.server.demo.sessionId } });
  }, 120_000);

  it('refuses a letter not made yet, another venue’s letter and an unknown one, keeping the one shown', async () => {
    const message = await recordVenueMessage(call.server, call.hostCookie);
    const draft = await api<Letter>(call.server.url, 'POST', `/api/venues/${DEMO_VENUE_ID}/letters`, {
      cookie: call.hostCookie,
      body: { title: 'まだ', parts: [{ kind: 'message', messageId: message.id }] },
    });
    const organiser = await call.server.login('organiser');
    const elsewhere = await api<Letter>(call.server.url, 'POST', `/api/venues/${DEMO_VENUE_2_ID}/letters`, {
      cookie: organiser,
      body: { title: 'よその会場', parts: [] },
    });
    expect(elsewhere.status).toBe(201);
    const host = await joinVenue();
    await host.ok('video:control', { action: 'loadLetter', letterId: letter.id });
    expect(await host.request('video:control', { action: 'loadLetter', letterId: draft.body.id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      field: 'letterId',
    });
    expect(await host.request('video:control', { action: 'loadLetter', letterId: elsewhere.body.id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await host.request('video:control', { action: 'loadLetter', letterId: 'ltr_nope' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect((await host.ok('video:control', { action: 'play' })).video).toMatchObject({ videoId: letter.id, playing: true });
  }, 60_000);

  it('refuses a home device that asks to show a letter with NOT_ALLOWED', async () => {
    await joinVenue();
    const { client } = await joinHome(1);
    expect(await client.request('video:control', { action: 'loadLetter', letterId: letter.id })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
  });
});
