import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParticipantPhone, CallOutResult, PhoneRegulars } from '@shared/phone/schemas';
import { attendance, participants, phoneKeypadNumbers, venueMembers } from '../../../server/src/db/schema';
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
    sip: sipConfig({ rtpPortRange: { min: 41000, max: 41099 }, trunk: { host: '127.0.0.1', port: trunkPort, transport: 'udp' } }),
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
function participantOf(index: number): string {
  const members = server.db.db.select().from(venueMembers).where(eq(venueMembers.venueId, 'ven_demo')).all();
  return members.map((m) => m.participantId).sort()[index]!;
}

const nameOf = (participantId: string) =>
  server.db.db.select().from(participants).where(eq(participants.id, participantId)).get()!.displayName;

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

const phoneAttendance = (participantId: string) =>
  server.db.db
    .select()
    .from(attendance)
    .where(and(eq(attendance.sessionId, server.demo.sessionId), eq(attendance.participantId, participantId)))
    .get();

describe('joining today’s gathering by telephone', () => {
  it('a caller whose number is registered hears the greeting and is in the room as a phone peer; hanging up leaves, attended by phone', async () => {
    const participantId = participantOf(1);
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
    });
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' }), {
      timeout: 15_000,
      interval: 200,
    });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toBeUndefined(), { timeout: 5_000 });
    await vi.waitFor(() => expect(phoneAttendance(participantId)).toMatchObject({ mode: 'phone' }), { timeout: 10_000 });
    expect(phoneAttendance(participantId)!.firstJoinAt).not.toBeNull();
  }, 40_000);

  it('an unknown caller keys the number on their card (SIP INFO) after the greeting and joins as that person', async () => {
    const participantId = participantOf(2);
    const { keypadNumber } = await phoneOf(participantId);
    expect(keypadNumber).toMatch(/^\d{6}$/);
    const keys = Object.fromEntries([...keypadNumber!].map((digit, i) => [`pin${i + 1}`, digit]));

    const sipp = await startSipp({
      scenario: 'uac_phone_keypad.xml',
      target: sipTarget(),
      service: VENUE_NUMBER,
      keys: { caller: '0399999999', ...keys },
    });
    await vi.waitFor(async () => expect(await phonePeerIn(`tel-${participantId}`)).toMatchObject({ kind: 'phone' }), {
      timeout: 20_000,
      interval: 200,
    });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    await vi.waitFor(() => expect(phoneAttendance(participantId)).toMatchObject({ mode: 'phone' }), { timeout: 10_000 });
  }, 40_000);

  it('an unknown caller keys the number as RFC 4733 telephone events in the RTP (SIPp plays the keys) and joins', async () => {
    const participantId = participantOf(4);
    await phoneOf(participantId);
    // SIPp replays one recorded key per digit, with that recording's RTP timestamp: a digit keyed twice would look
    // like a repeat of the same event (as RFC 4733 says it is), so this caller's number has six different digits.
    const keypadNumber = '402817';
    server.db.db.update(phoneKeypadNumbers).set({ keypadNumber }).where(eq(phoneKeypadNumbers.participantId, participantId)).run();
    const keys = [...keypadNumber]
      .map(
        (digit) =>
          `  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_${digit}.pcap"/></action></nop>\n  <pause milliseconds="600"/>\n`,
      )
      .join('');
    const caller = fs.readFileSync(path.join(scenarioDir, 'uac_phone_caller.xml'), 'utf8');
    const afterAck = caller.indexOf('  <pause milliseconds="14000"/>');
    const scenario = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-rfc4733-')), 'uac_phone_rfc4733.xml');
    fs.writeFileSync(scenario, `${caller.slice(0, afterAck)}  <pause milliseconds="5000"/>\n${keys}${caller.slice(afterAck)}`);

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
    const participantId = participantOf(3);
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
    expect(list.body.people).toContainEqual({ participantId, displayName: nameOf(participantId), inCall: false });
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
    const participantId = participantOf(3);
    const callee = await startSipp({ scenario: 'uas_busy.xml', port: trunkPort });
    expect((await callOut(host, participantId)).body).toEqual({ outcome: 'busy' });
    expect((await callee.done).code).toBe(0);
    expect(await phonePeerIn(`tel-${participantId}`)).toBeUndefined();

    const withoutNumber = await callOut(host, participantOf(4));
    expect(withoutNumber).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'participantId' } });
  }, 30_000);
});
