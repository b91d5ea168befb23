import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionListItem } from '@shared/venues/schemas';
import { japanDate } from '@shared/japanTime';
import { attendance, callConnections, sessions } from '../../../server/src/db/schema';
import { DEFAULT_SESSION_DAY } from '../../../server/src/sessions/service';
import { SignallingClient } from '../../support/callClient';
import { TestClock } from '../../support/clock';
import { addSession } from '../../support/fixtures';
import { api } from '../../support/http';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer';

/**
 * The day of a session with the real call and production's settings (join from 30 minutes before the start until
 * 30 minutes after the end; ended by the server 60 minutes after the end), on a test clock.
 */
let server: TestServer | undefined;
const clients: SignallingClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function connect(s: TestServer, cookie?: string): Promise<SignallingClient> {
  const client = new SignallingClient(s.url, cookie);
  clients.push(client);
  return client.connected();
}

const MINUTE = 60_000;

/** A server on production's day-of-session settings and the demo's session today (10:00–11:30 in Japan). */
async function startDay(clock: TestClock, options: TestServerOptions = {}) {
  const s = (server = await startTestServer({ clock, sessionDay: DEFAULT_SESSION_DAY, ...options }));
  const row = (await s.db.db.select().from(sessions).where(eq(sessions.id, s.demo.sessionId)))[0]!;
  return { s, startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() };
}

const homeJoin = (client: SignallingClient, token: string, clientId: string) =>
  client.request('call:join', { credentials: { role: 'home', token }, clientId });

describe('the join window', () => {
  it('a home join 31 minutes before the start is refused with NOT_YET_OPEN and the time; 30 minutes before, it is in', async () => {
    const clock = new TestClock();
    const { s, startsAt, endsAt } = await startDay(clock);
    const token = s.demo.invites[0]!.token;
    const home = await connect(s);

    clock.set(new Date(startsAt - 31 * MINUTE));
    const early = await homeJoin(home, token, 'early-tab');
    expect(early).toMatchObject({ ok: false, code: 'NOT_YET_OPEN' });
    expect(early.ok === false && early.message).toContain('9:30');

    clock.set(new Date(startsAt - 30 * MINUTE));
    expect((await homeJoin(home, token, 'early-tab')).ok).toBe(true);
    await home.ok('call:leave', {});

    clock.set(new Date(endsAt + 30 * MINUTE + 1000));
    expect(await homeJoin(home, token, 'late-tab')).toMatchObject({ ok: false, code: 'SESSION_ENDED' });
    const invite = await api<{ day: string }>(s.url, 'GET', `/api/invites/${token}`);
    expect(invite.body.day).toBe('finished');
  });

  it('on a cancelled day the home and the venue joins are refused with SESSION_CANCELLED', async () => {
    const clock = new TestClock();
    const { s, startsAt } = await startDay(clock);
    clock.set(new Date(startsAt - 2 * 60 * MINUTE));
    const organiser = await s.login('organiser');
    const cancelled = await api(s.url, 'POST', `/api/venue-sessions/${s.demo.sessionId}/cancel`, {
      cookie: organiser,
      body: { reason: '台風のため' },
    });
    expect(cancelled.status).toBe(200);
    clock.set(new Date(startsAt));
    const home = await connect(s);
    expect(await homeJoin(home, s.demo.invites[0]!.token, 'home-tab')).toMatchObject({ ok: false, code: 'SESSION_CANCELLED' });
    const venue = await connect(s, await s.login('host'));
    const venueJoin = await venue.request('call:join', {
      credentials: { role: 'venue', sessionId: s.demo.sessionId },
      clientId: 'venue-tab',
    });
    expect(venueJoin).toMatchObject({ ok: false, code: 'SESSION_CANCELLED' });
  });
});

describe('auto-end', () => {
  it('a session still live 60 minutes after its planned end is ended: devices told, stretches closed, listed and correctable', async () => {
    const clock = new TestClock();
    const { s, startsAt, endsAt } = await startDay(clock, { autoEndIntervalMs: 100 });
    clock.set(new Date(startsAt));
    const venue = await connect(s, await s.login('host'));
    await venue.ok('call:join', { credentials: { role: 'venue', sessionId: s.demo.sessionId }, clientId: 'venue-tab' });
    const home = await connect(s);
    await home.ok('call:join', { credentials: { role: 'home', token: s.demo.invites[0]!.token }, clientId: 'home-tab' });
    const openStretches = async () =>
      (await s.db.db.select().from(callConnections).where(eq(callConnections.sessionId, s.demo.sessionId))).filter((c) => c.leftAt === null)
        .length;
    await expect.poll(openStretches).toBe(1);

    clock.set(new Date(endsAt + 59 * MINUTE));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await s.db.db.select().from(sessions).where(eq(sessions.id, s.demo.sessionId)))[0]!.status).toBe('live');

    clock.set(new Date(endsAt + 60 * MINUTE));
    await Promise.all([
      venue.waitFor('call:sessionEnded', (n) => n.sessionId === s.demo.sessionId),
      home.waitFor('call:sessionEnded', (n) => n.sessionId === s.demo.sessionId),
    ]);
    const row = (await s.db.db.select().from(sessions).where(eq(sessions.id, s.demo.sessionId)))[0]!;
    expect(row.status).toBe('ended');
    expect(row.endedAt?.getTime()).toBe(endsAt + 60 * MINUTE);
    await expect.poll(openStretches).toBe(0);
    const online = (await s.db.db.select().from(attendance).where(eq(attendance.sessionId, s.demo.sessionId)))[0]!;
    expect(online.mode).toBe('online');
    const participantId = online.participantId;
    expect(online.minutesConnected).toBeGreaterThanOrEqual(0);
    expect(online.minutesConnected).toBeLessThanOrEqual(90);

    // On the venue's list with its date and status, and its attendance can still be corrected.
    const host = await s.login('host');
    const date = japanDate(new Date(startsAt));
    const listed = await api<SessionListItem[]>(s.url, 'GET', `/api/venues/ven_demo/sessions?from=${date}&to=${date}`, { cookie: host });
    expect(listed.body.find((x) => x.id === s.demo.sessionId)).toMatchObject({ status: 'ended' });
    const correction = await api(s.url, 'PUT', `/api/sessions/${s.demo.sessionId}/attendance/${participantId}`, {
      cookie: host,
      body: { mode: 'venue' },
    });
    expect(correction.status).toBe(200);
  });

  it('a session left live by a server that stopped is ended when the next one starts, once it is overdue', async () => {
    const clock = new TestClock();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-day-'));
    onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = await startTestServer({ clock, sessionDay: DEFAULT_SESSION_DAY, dataDir });
    const yesterday = await addSession(first.db.db, 'ven_demo', { startsAt: new Date(Date.now() - 26 * 60 * MINUTE), status: 'live' });
    const underWay = await addSession(first.db.db, 'ven_demo', { startsAt: new Date(Date.now() - 30 * MINUTE), status: 'live' });
    await first.close();
    const s = (server = await startTestServer({ clock, sessionDay: DEFAULT_SESSION_DAY, dataDir, autoEndIntervalMs: 60 * 60 * 1000 }));
    const status = async (id: string) => (await s.db.db.select().from(sessions).where(eq(sessions.id, id)))[0]!.status;
    expect([await status(yesterday), await status(underWay)]).toEqual(['ended', 'live']);
  });
});
