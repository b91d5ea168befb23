import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallAllResult, CallOutResult, ParticipantPhone, PhoneRegulars } from '@shared/phone/schemas';
import { attendance, auditLog, participants, phoneKeypadNumbers, venueMembers } from '../../../server/src/db/schema';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { api } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/testServer';
import { freeUdpPort, killAllSipp, scenarioDir, sipConfig, startSipp } from './sippHarness';

/**
 * The telephone end to end, with the real server (SIP endpoint, bridge, mediasoup worker, SQLite) and SIPp as the
 * trunk's caller: a registered number joins today's gathering, an unknown number joins with the keypad number on
 * its card, and each becomes a phone peer of the room and a `phone` attendance row.
 */
const VENUE_NUMBER = '0501234567';
let server: TestServer;
let organiser: string;
/** Where the test's "trunk" (a SIPp answering as the callee) listens for the gathering's outbound calls. */
let trunkPort: number;

beforeAll(async () => {
  trunkPort = await freeUdpPort();
  server = await startTestServer({
    sip: sipConfig({
      rtpPortRange: { min: 41000, max: 41099 },
      trunk: { host: '127.0.0.1', port: trunkPort, transport: 'udp' },
      maxOutboundCalls: 2,
    }),
    // Nothing here listens to what the callers are told: each waits for what follows it.
    shortPrompts: true,
  });
  organiser = await server.login('organiser');
  const line = await api(server.url, 'PUT', '/api/venues/ven_demo/phone-line', { cookie: organiser, body: { number: VENUE_NUMBER } });
  expect(line.status).toBe(200);
});
afterAll(async () => {
  killAllSipp();
  await server?.close();
});

/** The demo venue's members, in a fixed order (the first six people of the demo). */
async function participantOf(index: number): Promise<string> {
  const members = await server.db.db.select().from(venueMembers).where(eq(venueMembers.venueId, 'ven_demo'));
  return members.map((m) => m.participantId).sort()[index]!;
}

const nameOf = async (participantId: string) =>
  (await server.db.db.select().from(participants).where(eq(participants.id, participantId)))[0]!.displayName;

async function phoneOf(participantId: string): Promise<ParticipantPhone> {
  const response = await api<ParticipantPhone>(server.url, 'GET', `/api/participants/${participantId}/phone`, { cookie: organiser });
  expect(response.status).toBe(200);
  return response.body;
}

const sipTarget = () => `127.0.0.1:${server.phone!.sip.port}`;

async function phonePeerIn(peerId: string): Promise<{ kind: string; displayName: string } | undefined> {
  const room = await server.rooms.find(server.demo.sessionId);
  const peer = room?.getPeer(peerId);
  return peer && { kind: peer.kind, displayName: peer.displayName };
}

/** The test has seen the caller in the room: it ends the call from the server's side (as leaving does), and SIPp answers the BYE. */
async function endCallOf(peerId: string): Promise<void> {
  const room = (await server.rooms.find(server.demo.sessionId))!;
  room.removePeer(room.getPeer(peerId)!, 'left');
}

const phoneAttendance = async (participantId: string) =>
  (
    await server.db.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, server.demo.sessionId), eq(attendance.participantId, participantId)))
  )[0];

describe('joining today’s gathering by telephone', () => {
  it('a caller whose number is registered hears the greeting and is in the room as a phone peer; hanging up leaves, attended by phone', async () => {
    const participantId = await participantOf(1);
    const added = await api(server.url, 'POST', `/api/participants/${participantId}/phone/numbers`, {
      cookie: organiser,
      body: { number: '03-1234-5678', label: 'home' },
    });
    expect(added.status).toBe(201);

    const sipp = await startSipp({
      scenario: 'uac_phone_caller.xml',
      target: sipTarget(),
      service: VENUE_NUMBER,
      keys: { caller: '0312345678' },
      timeoutSeconds: 30,
    });
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' }), {
      timeout: 15_000,
      interval: 200,
    });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toBeUndefined(), { timeout: 5_000 });
    await vi.waitFor(async () => expect(await phoneAttendance(participantId)).toMatchObject({ mode: 'phone' }), { timeout: 10_000 });
    expect((await phoneAttendance(participantId))!.firstJoinAt).not.toBeNull();
  }, 40_000);

  it('an unknown caller keys the number on their card (SIP INFO) after the greeting and joins as that person', async () => {
    const participantId = await participantOf(2);
    const { keypadNumber } = await phoneOf(participantId);
    expect(keypadNumber).toMatch(/^\d{6}$/);
    const keys = Object.fromEntries([...keypadNumber!].map((digit, i) => [`pin${i + 1}`, digit]));

    const sipp = await startSipp({
      scenario: 'uac_phone_keypad.xml',
      target: sipTarget(),
      service: VENUE_NUMBER,
      keys: { caller: '0399999999', ...keys },
      timeoutSeconds: 35,
    });
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' }), {
      timeout: 20_000,
      interval: 200,
    });
    await endCallOf(`tel-${participantId}`);
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/^BYE /m);
    await vi.waitFor(async () => expect(await phoneAttendance(participantId)).toMatchObject({ mode: 'phone' }), { timeout: 10_000 });
  }, 40_000);

  it('an unknown caller keys the number as RFC 4733 telephone events in the RTP (SIPp plays the keys) and joins', async () => {
    const participantId = await participantOf(4);
    await phoneOf(participantId);
    // SIPp replays one recorded key per digit, with that recording's RTP timestamp: a digit keyed twice would look
    // like a repeat of the same event (as RFC 4733 says it is), so this caller's number has six different digits.
    const keypadNumber = '402817';
    await server.db.db.update(phoneKeypadNumbers).set({ keypadNumber }).where(eq(phoneKeypadNumbers.participantId, participantId));
    // No pause after the last key: the caller is in the room (and the test hangs up) soon after it.
    const keys = [...keypadNumber]
      .map((digit) => `  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_${digit}.pcap"/></action></nop>\n`)
      .join('  <pause milliseconds="600"/>\n');
    const caller = fs.readFileSync(path.join(scenarioDir, 'uac_phone_stays.xml'), 'utf8');
    const afterAck = caller.indexOf('  <recv request="BYE"/>');
    const scenario = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-rfc4733-')), 'uac_phone_rfc4733.xml');
    fs.writeFileSync(scenario, `${caller.slice(0, afterAck)}  <pause milliseconds="3000"/>\n${keys}${caller.slice(afterAck)}`);

    const sipp = await startSipp({
      scenario,
      target: sipTarget(),
      service: VENUE_NUMBER,
      keys: { caller: '0377777777' },
      timeoutSeconds: 40,
    });
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' }), {
      timeout: 25_000,
      interval: 200,
    });
    await endCallOf(`tel-${participantId}`);
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
  }, 45_000);

  it('a caller who keys a wrong number twice hears the goodbye and the server hangs up; nobody joins', async () => {
    const peersBefore = (await server.rooms.find(server.demo.sessionId))?.peerCount ?? 0;
    const sipp = await startSipp({
      scenario: 'uac_phone_wrong_keypad.xml',
      target: sipTarget(),
      service: VENUE_NUMBER,
      keys: { caller: '0388888888' },
    });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/^BYE /m);
    expect((await server.rooms.find(server.demo.sessionId))?.peerCount ?? 0).toBe(peersBefore);
    expect(server.phone!.bridge.activeCalls).toBe(0);
  }, 45_000);

  it('a call to a number that is not one of ours is refused with 404 and nobody joins', async () => {
    const sipp = await startSipp({
      scenario: 'uac_phone_caller.xml',
      target: sipTarget(),
      service: '0509999999',
      keys: { caller: '0312345678' },
    });
    const result = await sipp.done;
    expect(result.code).not.toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 404/);
    expect(server.phone!.bridge.activeCalls).toBe(0);
  }, 30_000);
});

describe('「電話をかける」: the gathering calls a member', () => {
  const callOut = (cookie: string, participantId: string) =>
    api<CallOutResult>(server.url, 'POST', `/api/venue-sessions/${server.demo.sessionId}/phone-calls`, { cookie, body: { participantId } });

  it('lists members with a number (names only); the person who answers joins as a phone peer, and the host removing them hangs up', async () => {
    const host = await server.login('host');
    const participantId = await participantOf(3);
    const added = await api(server.url, 'POST', `/api/participants/${participantId}/phone/numbers`, {
      cookie: organiser,
      body: { number: '090-1111-2222', label: 'mobile' },
    });
    expect(added.status).toBe(201);
    const list = await api<PhoneRegulars>(server.url, 'GET', `/api/venue-sessions/${server.demo.sessionId}/phone-regulars`, {
      cookie: host,
    });
    expect(list.status).toBe(200);
    expect(list.body.enabled).toBe(true);
    expect(list.body.people).toContainEqual({ participantId, displayName: await nameOf(participantId), inCall: false, call: null });
    expect(JSON.stringify(list.body)).not.toContain('1111');

    const callee = await startSipp({ scenario: 'uas', port: trunkPort });
    const answered = await callOut(host, participantId);
    expect(answered).toMatchObject({ status: 200, body: { outcome: 'answered' } });
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' }), { timeout: 15_000 });
    const again = await callOut(host, participantId);
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'participantId' } });

    const room = (await server.rooms.find(server.demo.sessionId))!;
    room.removePeer(room.getPeer(`tel-${participantId}`)!, 'removed');
    const result = await callee.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/^BYE /m);
    expect(server.phone!.bridge.activeCalls).toBe(0);
  }, 40_000);

  it('a busy line answers busy and nobody joins; someone without a number is 409 naming participantId', async () => {
    const host = await server.login('host');
    const participantId = await participantOf(3);
    const callee = await startSipp({ scenario: 'uas_busy.xml', port: trunkPort });
    expect((await callOut(host, participantId)).body).toEqual({ outcome: 'busy' });
    expect((await callee.done).code).toBe(0);
    expect(await phonePeerIn(`tel-${participantId}`)).toBeUndefined();

    const withoutNumber = await callOut(host, await participantOf(4));
    expect(withoutNumber).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'participantId' } });
  }, 30_000);
});

describe('「電話の方みんなに電話をかける」: the gathering rings every phone regular at once', () => {
  const everyone = () => `/api/venue-sessions/${server.demo.sessionId}/phone-calls/everyone`;
  const callAll = (cookie: string) => api<CallAllResult>(server.url, 'POST', everyone(), { cookie });
  const regulars = async (cookie: string) =>
    (await api<PhoneRegulars>(server.url, 'GET', `/api/venue-sessions/${server.demo.sessionId}/phone-regulars`, { cookie })).body.people;
  const ids = (people: { participantId: string }[]) => people.map((p) => p.participantId).sort();

  it('rings everyone not in the call two lines at a time; who answers joins, the busy one shows busy; tapping again skips them and why', async () => {
    const host = await server.login('host');
    const busy = await participantOf(5);
    for (const [participantId, number] of [
      [await participantOf(0), '090-3333-4444'],
      [await participantOf(2), '03-2222-3333'],
      [busy, '090-5555-6666'],
    ] as const) {
      const added = await api(server.url, 'POST', `/api/participants/${participantId}/phone/numbers`, {
        cookie: organiser,
        body: { number, label: 'home' },
      });
      expect(added.status).toBe(201);
    }
    const toRing = (await regulars(host)).filter((p) => !p.inCall);
    expect(toRing.length).toBeGreaterThanOrEqual(3);
    const callee = await startSipp({ scenario: 'uas_answer_or_busy.xml', port: trunkPort, calls: toRing.length + 1, timeoutSeconds: 60 });

    const first = await callAll(host);
    expect(first.status).toBe(200);
    expect(ids(first.body.calling)).toEqual(ids(toRing));
    expect(first.body.skipped).toEqual([]);
    expect(JSON.stringify(first.body)).not.toMatch(/\+81|33334444|55556666/);
    // KAYOI_SIP_MAX_OUTBOUND_CALLS is 2 here: two phones ring (each for 2 s), the others wait for a free line.
    const states = (await regulars(host)).map((p) => p.call);
    expect(states.filter((state) => state === 'ringing')).toHaveLength(2);
    expect(states.filter((state) => state === 'waiting')).toHaveLength(toRing.length - 2);

    const second = await callAll(host);
    expect(second.body.calling).toEqual([]);
    expect(ids(second.body.skipped)).toEqual(ids(toRing));
    expect(new Set(second.body.skipped.map((s) => s.reason))).toEqual(new Set(['already-calling']));

    await vi.waitFor(async () => expect((await regulars(host)).filter((p) => p.call === 'waiting' || p.call === 'ringing')).toEqual([]), {
      timeout: 30_000,
      interval: 250,
    });
    const answered = toRing.filter((p) => p.participantId !== busy).map((p) => p.participantId);
    await vi.waitFor(
      async () => {
        for (const participantId of answered) expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' });
      },
      { timeout: 15_000, interval: 250 },
    );
    const after = await regulars(host);
    expect(after.find((p) => p.participantId === busy)).toMatchObject({ inCall: false, call: 'busy' });
    for (const participantId of answered)
      expect(after.find((p) => p.participantId === participantId)).toMatchObject({ inCall: true, call: 'answered' });

    // Ringing everyone again rings only the one who was busy; the people in the call are left out, saying so.
    const third = await callAll(host);
    expect(ids(third.body.calling)).toEqual([busy]);
    expect(ids(third.body.skipped)).toEqual(answered.sort());
    expect(new Set(third.body.skipped.map((s) => s.reason))).toEqual(new Set(['in-call']));
    await vi.waitFor(async () => expect((await regulars(host)).find((p) => p.participantId === busy)?.call).toBe('busy'), {
      timeout: 15_000,
      interval: 250,
    });

    const audits = await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'phone.callAll'));
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ entityType: 'session', entityId: server.demo.sessionId });
    expect(JSON.stringify(audits)).not.toMatch(/\+81|33334444|55556666/);

    const room = (await server.rooms.find(server.demo.sessionId))!;
    for (const participantId of answered) room.removePeer(room.getPeer(`tel-${participantId}`)!, 'removed');
    const result = await callee.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages.match(/^SIP\/2\.0 486/gm)).toHaveLength(2);
    await vi.waitFor(() => expect(server.phone!.bridge.activeCalls).toBe(0), { timeout: 10_000 });
  }, 90_000);

  it('another organisation’s organiser gets 404 for this session and rings nobody; signed out is 401', async () => {
    const other = await createOtherOrganisation(server);
    const refused = await callAll(other.cookie);
    expect(refused).toMatchObject({ status: 404, body: { code: 'SESSION_NOT_FOUND' } });
    expect((await api(server.url, 'POST', everyone())).status).toBe(401);
    expect((await regulars(await server.login('host'))).filter((p) => p.call === 'waiting' || p.call === 'ringing')).toEqual([]);
    expect(server.phone!.bridge.activeCalls).toBe(0);
  });
});
