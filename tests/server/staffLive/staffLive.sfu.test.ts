import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_NAMESPACE } from '@shared/staffLive/events';
import type { StaffLiveToday } from '@shared/staffLive/schemas';
import { inlinePasswordHasher } from '../../../server/src/auth/passwords';
import { AuthService } from '../../../server/src/auth/service';
import { newId } from '../../../server/src/db/ids';
import { participants, venues } from '../../../server/src/db/schema';
import { SignallingClient } from '../../support/callClient';
import { api } from '../../support/http';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { startRedis, type RedisServer } from '../../support/redis';
import { StaffClient } from '../../support/staffClient';
import { startInProcessNode } from '../../support/inProcessNodes';
import { loginCookie, startTestServer, type TestServer } from '../../support/testServer';

/** A host of another venue of the demo organisation: venue-scoped, so nothing of the demo venue is theirs. */
async function otherVenueHost(server: TestServer): Promise<{ email: string; password: string }> {
  const db = server.db.db;
  const [demoVenue] = await db.select({ organisationId: venues.organisationId }).from(venues).limit(1);
  const venueId = newId('ven');
  await db.insert(venues).values({ id: venueId, organisationId: demoVenue!.organisationId, name: '西公民館' });
  const credentials = { email: `host-${venueId}@example.jp`, password: 'other-venue-host-password' };
  await new AuthService(db, { passwords: inlinePasswordHasher }).createUser({
    organisationId: demoVenue!.organisationId,
    displayName: '西 担当',
    role: 'host',
    venueIds: [venueId],
    ...credentials,
  });
  return credentials;
}

/**
 * Issue #17 part 3: two real server processes' worth of services in one test (two servers, one SQLite file, one
 * real redis-server): what happens on node A reaches the staff pages connected to node B, and only those that may
 * see the venue.
 */
describe('staff pages live across two nodes', () => {
  let redis: RedisServer;
  let nodeA: TestServer;
  let nodeB: TestServer;
  let organiser: StaffClient;
  let host: StaffClient;
  let otherOrganisation: StaffClient;
  let otherVenue: StaffClient;
  let organiserCookie: string;
  let hostCookie: string;
  let otherVenueCookie: string;
  const homes: SignallingClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    nodeA = await startInProcessNode(redis, 'node-a');
    nodeB = await startInProcessNode(redis, 'node-b', nodeA.dataDir);
    const account = (role: 'organiser' | 'host') => nodeA.demo.newAccounts.find((a) => a.role === role)!;
    organiserCookie = await loginCookie(nodeB.url, account('organiser').email, account('organiser').password);
    hostCookie = await loginCookie(nodeB.url, account('host').email, account('host').password);
    const other = await createOtherOrganisation(nodeA);
    const otherHost = await otherVenueHost(nodeA);
    organiser = await new StaffClient(nodeB.url, organiserCookie).connected();
    host = await new StaffClient(nodeB.url, hostCookie).connected();
    otherOrganisation = await new StaffClient(nodeB.url, other.cookie).connected();
    otherVenueCookie = await nodeB.signIn(otherHost);
    otherVenue = await new StaffClient(nodeB.url, otherVenueCookie).connected();
  }, 90_000);

  afterAll(async () => {
    for (const client of [organiser, host, otherOrganisation, otherVenue, ...homes]) client?.close();
    await nodeB?.close();
    await nodeA?.close();
    await redis?.stop();
  });

  const sessionId = () => nodeA.demo.sessionId;
  const invite = (name: string) => nodeA.demo.invites.find((i) => i.displayName === name)!.token;
  const personId = async (name: string) =>
    (await nodeA.db.db.select({ id: participants.id }).from(participants).where(eq(participants.displayName, name)).limit(1))[0]!.id;

  async function joinHomeOnA(name: string): Promise<SignallingClient> {
    const home = await new SignallingClient(nodeA.url).connected();
    homes.push(home);
    await home.ok('call:join', { credentials: { role: 'home', token: invite(name) }, clientId: `home-${name}` });
    return home;
  }

  it('refuses a staff socket without a sign-in', async () => {
    await expect(new StaffClient(nodeB.url).connected()).rejects.toThrow('unauthorised');
  });

  it('a home on node A pressing 困りごとがある reaches the staff pages on node B; 対応した there reaches them too', async () => {
    const home = await joinHomeOnA('山田 花子');
    await home.ok('checkin:submit', { answers: { mood: 'bad' }, trouble: true });
    const requested = { sessionId: sessionId(), displayName: '山田 花子', venueName: nodeA.demo.venueName, handled: false };
    for (const staff of [organiser, host]) {
      expect(await staff.waitFor('staff:trouble', (t) => t.displayName === '山田 花子')).toMatchObject(requested);
    }
    const today = await api<StaffLiveToday>(nodeB.url, 'GET', '/api/staff-live/today', { cookie: organiserCookie });
    expect(today.body.troubles).toEqual([expect.objectContaining(requested)]);
    // Nothing of the answers goes to the page.
    expect(Object.keys(organiser.received('staff:trouble')[0]!)).not.toContain('answers');

    const handled = await api(nodeB.url, 'POST', `/api/sessions/${sessionId()}/checkins/${await personId('山田 花子')}/handled`, {
      cookie: hostCookie,
    });
    expect(handled.status).toBe(200);
    for (const staff of [organiser, host]) await staff.waitFor('staff:trouble', (t) => t.displayName === '山田 花子' && t.handled);
    expect((await api<StaffLiveToday>(nodeB.url, 'GET', '/api/staff-live/today', { cookie: organiserCookie })).body.troubles).toEqual([]);
  });

  it('an arrival online on node A and a host’s venue mark on node B change the counts on both nodes’ staff pages', async () => {
    await joinHomeOnA('佐藤 一郎');
    const online = await organiser.waitFor('staff:attendance', (c) => c.sessionId === sessionId() && c.online >= 2);
    expect(online).toMatchObject({ venue: 0, phone: 0, connectedNow: 2 });

    const marked = await api(nodeB.url, 'PUT', `/api/sessions/${sessionId()}/attendance/${await personId('鈴木 よし子')}`, {
      cookie: hostCookie,
      body: { mode: 'venue' },
    });
    expect(marked.status).toBe(200);
    expect(await host.waitFor('staff:attendance', (c) => c.venue === 1)).toMatchObject({ sessionId: sessionId(), online: 2 });

    homes.pop()!.close();
    // Attendance stays one row per person; who is connected now follows the leave.
    expect(await organiser.waitFor('staff:attendance', (c) => c.venue === 1 && c.connectedNow === 1)).toMatchObject({ online: 2 });
    const today = await api<StaffLiveToday>(nodeA.url, 'GET', '/api/staff-live/today', { cookie: organiserCookie });
    expect(today.body.sessions).toContainEqual(expect.objectContaining({ sessionId: sessionId(), venue: 1, online: 2, connectedNow: 1 }));
  });

  it('tells nothing to another organisation’s organiser nor to a host of another venue', async () => {
    // The notices above have all arrived on node B by now (the organiser saw the last one).
    expect(organiser.notices.length).toBeGreaterThan(3);
    expect(otherOrganisation.notices).toEqual([]);
    expect(otherVenue.notices).toEqual([]);
    const today = await api<StaffLiveToday>(nodeB.url, 'GET', '/api/staff-live/today', { cookie: otherVenueCookie });
    expect(today.body).toEqual({ troubles: [], sessions: [] });
  });

  it('closes a staff socket whose sign-in ends', async () => {
    const signedOut = await api(nodeB.url, 'POST', '/api/auth/logout', { cookie: hostCookie });
    expect(signedOut.status).toBeLessThan(300);
    const deadline = Date.now() + 5_000;
    while (host.socket.connected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(host.socket.connected).toBe(false);
    await expect(new StaffClient(nodeB.url, hostCookie).connected()).rejects.toThrow('unauthorised');
  });
});

describe('staff pages live on a single node without Redis', () => {
  let server: TestServer;
  let staff: StaffClient;
  let watcher: StaffClient;
  let home: SignallingClient;
  let hostCookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    hostCookie = await server.login('host');
    staff = await new StaffClient(server.url, hostCookie).connected();
    watcher = await new StaffClient(server.url, await server.login('organiser')).connected();
  }, 60_000);

  afterAll(async () => {
    staff?.close();
    watcher?.close();
    home?.close();
    await server?.close();
  });

  it('delivers 困りごと and attendance', async () => {
    home = await new SignallingClient(server.url).connected();
    const token = server.demo.invites.find((i) => i.displayName === '佐藤 一郎')!.token;
    await home.ok('call:join', { credentials: { role: 'home', token }, clientId: 'home-sato' });
    await staff.waitFor('staff:attendance', (c) => c.sessionId === server.demo.sessionId && c.online === 1 && c.connectedNow === 1);
    await home.ok('checkin:submit', { answers: { mood: 'bad' }, trouble: true });
    expect(await staff.waitFor('staff:trouble', (t) => !t.handled)).toMatchObject({
      displayName: '佐藤 一郎',
      venueName: server.demo.venueName,
    });
  });

  it('recovers a staff socket that dropped for a moment, with the notice sent meanwhile (socket.io’s in-memory recovery)', async () => {
    const socketId = staff.socket.id!;
    const gone = new Promise((resolve) => staff.socket.once('disconnect', resolve));
    staff.socket.io.engine.close();
    await gone;
    const deadline = Date.now() + 5_000;
    while (server.io.of(STAFF_NAMESPACE).sockets.has(socketId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const [person] = await server.db.db.select({ id: participants.id }).from(participants).where(eq(participants.displayName, '佐藤 一郎'));
    const handled = await api(server.url, 'POST', `/api/sessions/${server.demo.sessionId}/checkins/${person!.id}/handled`, {
      cookie: hostCookie,
    });
    expect(handled.status).toBe(200);
    // Sent while the page was away: the organiser's page, connected, has it.
    await watcher.waitFor('staff:trouble', (t) => t.displayName === '佐藤 一郎' && t.handled);

    const back = new Promise((resolve) => staff.socket.once('connect', () => resolve(undefined)));
    staff.socket.connect();
    await back;
    expect(staff.socket.recovered).toBe(true);
    await staff.waitFor('staff:trouble', (t) => t.displayName === '佐藤 一郎' && t.handled);
  });
});
