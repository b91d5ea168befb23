import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StaffAccessLink } from '@shared/staff/schemas';
import type { Invite, Participant } from '@shared/venues/schemas';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_2_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import type { SignallingClient } from '../../support/callClient';
import { demoCall } from '../../support/demoCall';
import { insertUser, signIn } from '../../support/fixtures';
import { api } from '../../support/http';

/**
 * Each change of access takes the affected device out of the call before the HTTP request that made it is
 * answered (so well within a second), tells it, and leaves everyone else in the call untouched.
 */
const call = demoCall();

/** A host of the demo venue of its own (so that signing it out or stopping it leaves the demo host alone). */
async function newHost() {
  const host = await insertUser(call.server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host', venueIds: [DEMO_VENUE_ID] });
  return { ...host, signIn: () => signIn(call.server.url, host) };
}

/** The venue tablet, signed in with `cookie`, joins the demo session; a home participant joins too. */
async function gathering(cookie: string) {
  const tablet = await call.connect(cookie);
  await tablet.ok('call:join', { credentials: call.venue(), clientId: 'revocable-tablet' });
  const home = await call.joinHome(0);
  return { tablet, home };
}

async function peersInRoom(): Promise<string[]> {
  return (await call.room()).listPeers().map((p) => p.id);
}

/** The tablet was told and its host actions are refused; it cannot come back as the venue with the sign-in it had. */
async function expectTabletOut(tablet: SignallingClient, reason: 'signed-out' | 'venue-access-removed', rejoinCode: string) {
  expect(await tablet.waitFor('call:accessRevoked')).toEqual({ reason });
  expect(await tablet.request('host:muteAll', {})).toMatchObject({ ok: false, code: 'NOT_JOINED' });
  expect(await tablet.request('program:control', { action: 'start' })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
  expect(await tablet.request('call:join', { credentials: call.venue(), clientId: 'revocable-tablet' })).toMatchObject({
    ok: false,
    code: rejoinCode,
  });
}

/** The person at home saw the venue leave, was not told anything about themselves, and still acts in the call. */
async function expectHomeUntouched(home: { client: SignallingClient; peerId: string }) {
  await home.client.waitFor('call:peerLeft', (n) => n.peerId === 'venue');
  expect(home.client.received('call:accessRevoked')).toEqual([]);
  expect(await home.client.ok('hand:set', { raised: true })).toMatchObject({ you: { handRaised: true } });
}

describe('a venue tablet whose sign-in ends', () => {
  it('signing out that sign-in takes the tablet out of the call at once; another device of the same host keeps its sign-in', async () => {
    const host = await newHost();
    const [tabletCookie, laptopCookie] = [await host.signIn(), await host.signIn()];
    const { tablet, home } = await gathering(tabletCookie);
    const laptop = await call.connect(laptopCookie);

    expect((await api(call.server.url, 'POST', '/api/auth/logout', { cookie: tabletCookie })).status).toBe(200);
    expect(await peersInRoom()).toEqual([home.peerId]);
    await expectTabletOut(tablet, 'signed-out', 'UNAUTHENTICATED');
    await expectHomeUntouched(home);
    expect(await laptop.request('call:join', { credentials: call.venue(), clientId: 'laptop-device' })).toMatchObject({ ok: true });
  });

  it('changing the password on another device takes the tablet out; the device that changed it keeps its sign-in', async () => {
    const host = await newHost();
    const [tabletCookie, laptopCookie] = [await host.signIn(), await host.signIn()];
    const { tablet, home } = await gathering(tabletCookie);
    const laptop = await call.connect(laptopCookie);

    const changed = await api(call.server.url, 'POST', '/api/auth/password', {
      cookie: laptopCookie,
      body: { currentPassword: host.password, newPassword: 'a brand new password' },
    });
    expect(changed.status).toBe(200);
    expect(await peersInRoom()).toEqual([home.peerId]);
    await expectTabletOut(tablet, 'signed-out', 'UNAUTHENTICATED');
    await expectHomeUntouched(home);
    expect(await laptop.request('call:join', { credentials: call.venue(), clientId: 'laptop-device' })).toMatchObject({ ok: true });
  });

  it('stopping the account takes its tablet out of the call, and its other open connection can no longer join', async () => {
    const host = await newHost();
    const { tablet, home } = await gathering(await host.signIn());
    const laptop = await call.connect(await host.signIn());
    const organiser = await call.server.login('organiser');

    expect((await api(call.server.url, 'POST', `/api/staff/${host.id}/disable`, { cookie: organiser })).status).toBe(200);
    expect(await peersInRoom()).toEqual([home.peerId]);
    await expectTabletOut(tablet, 'signed-out', 'UNAUTHENTICATED');
    await expectHomeUntouched(home);
    expect(await laptop.request('call:join', { credentials: call.venue(), clientId: 'laptop-device' })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });

  it('resetting the account’s access takes its tablet out of the call at once; its new link signs in and it may join again', async () => {
    const host = await newHost();
    const { tablet, home } = await gathering(await host.signIn());
    const organiser = await call.server.login('organiser');

    const reset = await api<StaffAccessLink>(call.server.url, 'POST', `/api/staff/${host.id}/reset-access`, { cookie: organiser });
    expect(reset.status).toBe(200);
    expect(await peersInRoom()).toEqual([home.peerId]);
    await expectTabletOut(tablet, 'signed-out', 'UNAUTHENTICATED');
    await expectHomeUntouched(home);

    const token = new URL(reset.body.url).pathname.split('/').pop()!;
    const used = await api(call.server.url, 'POST', `/api/auth/links/${token}`, { body: { password: 'a new tablet password' } });
    expect(used.status).toBe(200);
    const again = await call.connect(await signIn(call.server.url, { email: host.email, password: 'a new tablet password' }));
    expect(await again.request('call:join', { credentials: call.venue(), clientId: 'revocable-tablet' })).toMatchObject({ ok: true });
  });

  it('taking the venue away from the host takes its tablet out; the sign-in stays but no longer opens this session', async () => {
    const host = await newHost();
    const { tablet, home } = await gathering(await host.signIn());
    const organiser = await call.server.login('organiser');

    const moved = await api(call.server.url, 'PUT', `/api/staff/${host.id}/venues`, {
      cookie: organiser,
      body: { venueIds: [DEMO_VENUE_2_ID] },
    });
    expect(moved.status).toBe(200);
    expect(await peersInRoom()).toEqual([home.peerId]);
    await expectTabletOut(tablet, 'venue-access-removed', 'SESSION_NOT_FOUND');
    await expectHomeUntouched(home);
  });

  it('keeps the tablet in the call when the host’s venues change but still include this one', async () => {
    const host = await newHost();
    const { tablet, home } = await gathering(await host.signIn());
    const organiser = await call.server.login('organiser');

    const widened = await api(call.server.url, 'PUT', `/api/staff/${host.id}/venues`, {
      cookie: organiser,
      body: { venueIds: [DEMO_VENUE_ID, DEMO_VENUE_2_ID] },
    });
    expect(widened.status).toBe(200);
    expect((await peersInRoom()).sort()).toEqual(['venue', home.peerId].sort());
    expect(await tablet.request('host:muteAll', {})).toMatchObject({ ok: true });
    expect(tablet.received('call:accessRevoked')).toEqual([]);
  });
});

/** A new participant of the demo venue and a link of their own (reissued once, so the API returns it). */
async function newParticipantLink(organiser: string) {
  const created = await api<Participant>(call.server.url, 'POST', `/api/venues/${DEMO_VENUE_ID}/participants`, {
    cookie: organiser,
    body: { displayName: '取消 テスト' },
  });
  const invite = await api<Invite>(call.server.url, 'POST', `/api/participants/${created.body.id}/invite`, {
    cookie: organiser,
    body: { venueId: DEMO_VENUE_ID },
  });
  return { participantId: created.body.id, token: invite.body.token };
}

describe('a participant whose invite link stops working', () => {
  async function gatheringWith(token: string) {
    const tablet = await call.joinVenue();
    const other = await call.joinHome(0);
    const person = await call.connect();
    const joined = await person.ok('call:join', { credentials: { role: 'home', token }, clientId: 'revoked-tab' });
    return { tablet, other, person, peerId: joined.self.id };
  }

  async function expectPersonOut(person: SignallingClient, token: string) {
    expect(await person.waitFor('call:accessRevoked')).toEqual({ reason: 'invite-revoked' });
    expect(await person.request('hand:set', { raised: true })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
    expect(await person.request('reaction:send', { kind: 'clap' })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
    expect(await person.request('call:join', { credentials: { role: 'home', token }, clientId: 'revoked-tab' })).toMatchObject({
      ok: false,
      code: 'INVALID_TOKEN',
    });
  }

  async function expectOthersUntouched(tablet: SignallingClient, other: { client: SignallingClient; peerId: string }, peerId: string) {
    await tablet.waitFor('call:peerLeft', (n) => n.peerId === peerId);
    expect(tablet.received('call:accessRevoked')).toEqual([]);
    expect(other.client.received('call:accessRevoked')).toEqual([]);
    expect(await tablet.request('host:muteAll', {})).toMatchObject({ ok: true });
    expect(await other.client.ok('hand:set', { raised: true })).toMatchObject({ you: { handRaised: true } });
  }

  it('stopping the link takes the participant out of the call at once and they are told; the others stay', async () => {
    const organiser = await call.server.login('organiser');
    const { participantId, token } = await newParticipantLink(organiser);
    const { tablet, other, person, peerId } = await gatheringWith(token);
    const raised = await person.ok('hand:set', { raised: true });
    await tablet.waitFor('live:state', (s) => s.revision >= raised.revision);

    expect((await api(call.server.url, 'POST', `/api/participants/${participantId}/invite/revoke`, { cookie: organiser })).status).toBe(
      200,
    );
    expect((await peersInRoom()).sort()).toEqual(['venue', other.peerId].sort());
    await expectPersonOut(person, token);
    await expectOthersUntouched(tablet, other, peerId);
    // Sent out like a removal: their raised hand is gone from the venue's picture.
    const afterwards = await tablet.waitFor('live:state', (s) => s.hands.some((h) => h.peerId === other.peerId));
    expect(afterwards.hands.map((h) => h.peerId)).toEqual([other.peerId]);
  });

  it('reissuing the link takes out the device on the old link; the new link joins', async () => {
    const organiser = await call.server.login('organiser');
    const { participantId, token } = await newParticipantLink(organiser);
    const { tablet, other, person, peerId } = await gatheringWith(token);

    const reissued = await api<Invite>(call.server.url, 'POST', `/api/participants/${participantId}/invite`, {
      cookie: organiser,
      body: { venueId: DEMO_VENUE_ID },
    });
    expect(reissued.status).toBe(201);
    expect((await peersInRoom()).sort()).toEqual(['venue', other.peerId].sort());
    await expectPersonOut(person, token);
    await expectOthersUntouched(tablet, other, peerId);
    const newCard = await call.connect();
    expect(
      await newCard.request('call:join', { credentials: { role: 'home', token: reissued.body.token }, clientId: 'new-card-device' }),
    ).toMatchObject({ ok: true });
  });
  it.each(['leave', 'erase'])(
    'a participant who leaves (%s) is taken out of the call at once and told; the others stay',
    async (action) => {
      const organiser = await call.server.login('organiser');
      const { participantId, token } = await newParticipantLink(organiser);
      const { tablet, other, person, peerId } = await gatheringWith(token);

      expect((await api(call.server.url, 'POST', `/api/participants/${participantId}/${action}`, { cookie: organiser })).status).toBe(200);
      expect((await peersInRoom()).sort()).toEqual(['venue', other.peerId].sort());
      await expectPersonOut(person, token);
      await expectOthersUntouched(tablet, other, peerId);
    },
  );
});

describe('a change of access while a device is still joining', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs `change` while the join waits for its room, where the revocation cannot see the device yet. */
  function duringRoomSetUp(change: () => Promise<unknown>) {
    const rooms = call.server.rooms;
    const getOrCreate = rooms.getOrCreate.bind(rooms);
    vi.spyOn(rooms, 'getOrCreate').mockImplementationOnce(async (sessionId) => {
      await change();
      return getOrCreate(sessionId);
    });
  }

  it('refuses a participant whose link was stopped meanwhile with INVALID_TOKEN and leaves them out of the room', async () => {
    const organiser = await call.server.login('organiser');
    const { participantId, token } = await newParticipantLink(organiser);
    await call.joinVenue();
    duringRoomSetUp(() => api(call.server.url, 'POST', `/api/participants/${participantId}/invite/revoke`, { cookie: organiser }));
    const person = await call.connect();
    expect(await person.request('call:join', { credentials: { role: 'home', token }, clientId: 'joining-tab' })).toMatchObject({
      ok: false,
      code: 'INVALID_TOKEN',
    });
    expect(await peersInRoom()).toEqual(['venue']);
  });

  it('refuses a venue tablet signed out meanwhile with UNAUTHENTICATED and leaves no venue in the room', async () => {
    const host = await newHost();
    const cookie = await host.signIn();
    await call.joinHome(0);
    duringRoomSetUp(() => api(call.server.url, 'POST', '/api/auth/logout', { cookie }));
    const tablet = await call.connect(cookie);
    expect(await tablet.request('call:join', { credentials: call.venue(), clientId: 'joining-tablet' })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
    expect(await peersInRoom()).not.toContain('venue');
  });
});
