import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutResult, ParticipantPhone } from '@shared/phone/schemas';
import { FORWARDED_BY_HEADER } from '../../../server/src/cluster/requestForwarding';
import { attendance } from '../../../server/src/db/schema';
import { HandOffTokens } from '../../../server/src/phone/handOff';
import { heardInLongestCall } from '../../support/baresip';
import { medianToneShare } from '../../support/goertzel';
import { api, rawRequest } from '../../support/http';
import type { TestServer } from '../../support/testServer';
import { freeUdpPort, startSipp } from '../phone/sippHarness';
import { HAND_OFF_SECRET, HOST_ADDRESS, PhoneNodes, VENUE_NUMBER } from './phoneNodes';

/**
 * A telephone caller reaching a node that does not hold their session (issue #17): two real nodes (one Redis, one
 * SQLite file), each with its SIP endpoint. The session is held by node 1 (the venue joined there); baresip calls
 * node 2, which transfers the call (REFER) to node 1 with a signed hand-off; the caller ends up a phone peer in node
 * 1's room, hears the other caller there and is heard by them. A forged or expired hand-off is refused; a caller
 * whose phone refuses the transfer is told and hung up on.
 */
let cluster: PhoneNodes;
/** node 1 holds the session; the callers dial node 2. */
let holder: TestServer;
let called: TestServer;
let organiser: string;

/** Where node 2's trunk (a SIPp answering as the person the gathering calls) listens. */
let trunkPort: number;

beforeAll(async () => {
  cluster = await PhoneNodes.start('phone-nodes');
  holder = await cluster.addNode('node-1', { rtpMin: 41400, overHostAddress: true });
  trunkPort = await freeUdpPort();
  called = await cluster.addNode('node-2', { rtpMin: 41450, trunkPort, overHostAddress: true });
  await cluster.joinVenue(holder);
  organiser = await cluster.giveVenueItsNumber(holder);
}, 120_000);

afterAll(async () => cluster?.close());

const callerNumbered = (index: number, number: string) => cluster.callerNumbered(holder, organiser, index, number);
const dial = (node: TestServer, caller: string, toneHz: number, seconds: number) => cluster.dial(node, caller, toneHz, seconds);

/** The last seconds of a call but the very last one: the greeting is long over, both callers are in the room. */
function tailOf(dir: string): { tail: Int16Array; sampleRate: number } {
  const heard = heardInLongestCall(dir);
  expect(heard, 'baresip recorded what it heard').not.toBeNull();
  const { samples, sampleRate } = heard!;
  const tail = samples.subarray(Math.max(0, samples.length - 5 * sampleRate), samples.length - sampleRate);
  expect(tail.length).toBeGreaterThan(sampleRate * 3);
  return { tail, sampleRate };
}

const peerIn = async (node: TestServer, peerId: string) => (await node.rooms.find(holder.demo.sessionId))?.getPeer(peerId);

/** The test has seen the caller in node 1's room: node 1 ends the call (as leaving does), and SIPp answers the BYE. */
async function endCallOf(peerId: string): Promise<void> {
  const room = (await holder.rooms.find(holder.demo.sessionId))!;
  room.removePeer(room.getPeer(peerId)!, 'left');
}

describe('a telephone caller of a session another node holds', () => {
  it('calls node 2, is transferred to node 1 and joins its room as a phone peer; audio flows both ways; one phone attendance row', async () => {
    const handedOver = await callerNumbered(1, '0312345678');
    await callerNumbered(2, '0398765432');
    const first = dial(called, '0312345678', 1000, 18);
    const second = dial(holder, '0398765432', 440, 18);

    await expect.poll(async () => (await peerIn(holder, `tel-${handedOver}`))?.kind, { timeout: 20_000, interval: 200 }).toBe('phone');
    expect(await called.rooms.find(holder.demo.sessionId)).toBeUndefined();
    await expect.poll(() => called.phone!.bridge.activeCalls, { timeout: 5_000 }).toBe(0);

    expect(await first.done).toMatch(/Call established/i);
    expect(await second.done).toMatch(/Call established/i);
    // The handed-over caller hears the other caller (440 Hz) and not their own tone…
    const byFirst = tailOf(first.dir);
    expect(medianToneShare(byFirst.tail, byFirst.sampleRate, 440)).toBeGreaterThan(0.2);
    expect(medianToneShare(byFirst.tail, byFirst.sampleRate, 1000)).toBeLessThan(0.02);
    // …and is heard by them.
    const bySecond = tailOf(second.dir);
    expect(medianToneShare(bySecond.tail, bySecond.sampleRate, 1000)).toBeGreaterThan(0.2);

    await expect.poll(async () => (await phoneRows(handedOver)).length, { timeout: 10_000 }).toBe(1);
    expect((await phoneRows(handedOver))[0]).toMatchObject({ mode: 'phone' });
  }, 90_000);

  it('a caller who keys their number on node 2 is handed to node 1 with the hand-off, which joins them once and only once', async () => {
    const participantId = await callerNumbered(5, '0344445555');
    const phone = await api<ParticipantPhone>(holder.url, 'GET', `/api/participants/${participantId}/phone`, { cookie: organiser });
    const keys = Object.fromEntries([...phone.body.keypadNumber!].map((digit, i) => [`pin${i + 1}`, digit]));
    const transferred = await startSipp({
      scenario: 'uac_keypad_transferred.xml',
      target: `127.0.0.1:${called.phone!.sip.port}`,
      service: VENUE_NUMBER,
      keys: { caller: '0399990000', ...keys },
      timeoutSeconds: 40,
    });
    const result = await transferred.done;
    expect(result.code, result.output).toBe(0);
    const handOff = /Refer-To: <sip:(kayoi-[A-Za-z0-9_.-]+)@/i.exec(result.messages)?.[1];
    expect(handOff).toBeDefined();

    // What the trunk does with the REFER: a new call to node 1 with the hand-off.
    const followed = await startSipp({
      scenario: 'uac_phone_stays.xml',
      target: `127.0.0.1:${holder.phone!.sip.port}`,
      service: handOff!,
      keys: { caller: '0399990000' },
      timeoutSeconds: 30,
    });
    await expect.poll(async () => (await peerIn(holder, `tel-${participantId}`))?.kind, { timeout: 15_000, interval: 200 }).toBe('phone');
    await endCallOf(`tel-${participantId}`);
    expect((await followed.done).code).toBe(0);
    // The same hand-off again: refused.
    const replayed = await startSipp({
      scenario: 'uac_phone_caller.xml',
      target: `127.0.0.1:${holder.phone!.sip.port}`,
      service: handOff!,
      keys: { caller: '0399990000' },
    });
    expect((await replayed.done).messages).toMatch(/SIP\/2\.0 403/);
  }, 90_000);

  // Node 2 forwards the host's request to node 1 (phoneCallOutForwarding.sfu.test.ts); one it answers itself (a
  // request already forwarded, or the session placed on node 1 while it rang) still ends on node 1.
  it('「電話をかける」 answered by node 2 itself: the person who picks up is handed to node 1 before the greeting, and joins there', async () => {
    const participantId = await callerNumbered(0, '0366667777');
    const callee = await startSipp({ scenario: 'uas_answer_transfer.xml', port: trunkPort, timeoutSeconds: 40 });
    const host = holder.demo.newAccounts.find((account) => account.role === 'host')!;
    const rung = await rawRequest<CallOutResult>(called.url, 'POST', `/api/venue-sessions/${holder.demo.sessionId}/phone-calls`, {
      headers: { cookie: await called.signIn(host), 'content-type': 'application/json', [FORWARDED_BY_HEADER]: 'node-1' },
      body: JSON.stringify({ participantId }),
    });
    expect(rung.status).toBe(200);
    expect(rung.body.outcome).toBe('answered');
    const result = await callee.done;
    expect(result.code, result.output).toBe(0);
    const handOff = /Refer-To: <sip:(kayoi-[A-Za-z0-9_.-]+)@/i.exec(result.messages)?.[1];
    expect(handOff).toBeDefined();
    await expect.poll(() => called.phone!.bridge.activeCalls).toBe(0);

    // The trunk follows the REFER: a new call to node 1 with the hand-off, from the person's number.
    const followed = await startSipp({
      scenario: 'uac_phone_stays.xml',
      target: `127.0.0.1:${holder.phone!.sip.port}`,
      service: handOff!,
      keys: { caller: '0366667777' },
      timeoutSeconds: 30,
    });
    await expect.poll(async () => (await peerIn(holder, `tel-${participantId}`))?.kind, { timeout: 15_000, interval: 200 }).toBe('phone');
    await endCallOf(`tel-${participantId}`);
    expect((await followed.done).code).toBe(0);
  }, 90_000);

  it('refuses a forged or an expired hand-off with 403, and goes on taking calls', async () => {
    const participantId = await callerNumbered(3, '0311112222');
    const genuine = new HandOffTokens(HAND_OFF_SECRET);
    const token = genuine.sign({ sessionId: holder.demo.sessionId, participantId, greeted: true, muted: false });
    const forged = `${token.slice(0, -4)}AAAA`;
    const expired = new HandOffTokens(HAND_OFF_SECRET, { now: () => new Date(Date.now() - 120_000) }).sign({
      sessionId: holder.demo.sessionId,
      participantId,
      greeted: true,
      muted: false,
    });
    const otherSecret = new HandOffTokens('another-secret-not-the-clusters-0123456789').sign({
      sessionId: holder.demo.sessionId,
      participantId,
      greeted: true,
      muted: false,
    });
    for (const service of [forged, expired, otherSecret, 'kayoi-not-a-token']) {
      const sipp = await startSipp({
        scenario: 'uac_phone_caller.xml',
        target: `127.0.0.1:${holder.phone!.sip.port}`,
        service,
        keys: { caller: '0311112222' },
      });
      const result = await sipp.done;
      expect(result.code).not.toBe(0);
      expect(result.messages).toMatch(/SIP\/2\.0 403/);
    }
    expect(await peerIn(holder, `tel-${participantId}`)).toBeUndefined();
    expect(holder.phone!.bridge.activeCalls).toBe(0);
    expect((await fetch(`${holder.url}/api/health`)).status).toBe(200);
  }, 60_000);

  it('a caller whose phone refuses the transfer (REFER) hears that they cannot join here, and the call ends', async () => {
    const participantId = await callerNumbered(4, '0322223333');
    const sipp = await startSipp({
      scenario: 'uac_refuses_refer.xml',
      target: `127.0.0.1:${called.phone!.sip.port}`,
      service: VENUE_NUMBER,
      keys: { caller: '0322223333' },
      timeoutSeconds: 40,
    });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    const referTo = new RegExp(
      `Refer-To: <sip:kayoi-[A-Za-z0-9_.-]+@${HOST_ADDRESS.replace(/\./g, '\\.')}:${holder.phone!.sip.port}>`,
      'i',
    );
    expect(result.messages).toMatch(referTo);
    expect(result.messages).toMatch(/^BYE /m);
    expect(await peerIn(holder, `tel-${participantId}`)).toBeUndefined();
    await expect.poll(() => called.phone!.bridge.activeCalls).toBe(0);
  }, 60_000);
});

const phoneRows = (participantId: string) =>
  holder.db.db
    .select()
    .from(attendance)
    .where(and(eq(attendance.sessionId, holder.demo.sessionId), eq(attendance.participantId, participantId)));
