import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainNode } from '../../../server/src/cluster/admin';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { SessionPlacement } from '../../../server/src/cluster/SessionPlacement';
import { systemClock } from '../../../server/src/core/clock';
import { attendance } from '../../../server/src/db/schema';
import { heardInLastCall, pressKeys } from '../../support/baresip';
import { medianToneShare } from '../../support/goertzel';
import { findFreeTcpPort } from '../../support/ports';
import type { TestServer } from '../../support/testServer';
import { startSipp } from '../phone/sippHarness';
import { HOST_ADDRESS, PhoneNodes, VENUE_NUMBER } from './phoneNodes';

/**
 * Telephone callers already in a session's room when the session moves to another node (issue #17): two real nodes
 * (one Redis, one SQLite file), each with its SIP endpoint. Two baresip callers are in node 1's room; node 1 is
 * drained; node 1 transfers each caller (REFER) to node 2, where they are phone peers of the session's room again,
 * hear each other, and keep one phone attendance row each; one of them had muted themselves (*6) and is unheard on
 * node 2 until they key *6 there. A caller whose phone refuses the transfer is told and hung up on.
 */
let cluster: PhoneNodes;
let node1: TestServer;
let node2: TestServer;
let organiser: string;

beforeAll(async () => {
  cluster = await PhoneNodes.start('phone-drain');
  node1 = await cluster.addNode('node-1', { rtpMin: 41500, overHostAddress: true });
  node2 = await cluster.addNode('node-2', { rtpMin: 41550, overHostAddress: true });
  await cluster.joinVenue(node1);
  organiser = await cluster.giveVenueItsNumber(node1);
}, 120_000);

afterAll(async () => cluster?.close());

const callerNumbered = (index: number, number: string) => cluster.callerNumbered(node1, organiser, index, number);
const dial = (node: TestServer, caller: string, toneHz: number, seconds: number, controlPort?: number) =>
  cluster.dial(node, caller, toneHz, seconds, controlPort);

/** What baresip heard in its last call (the one the transfer made), its last seconds but the very last one. */
function tailOfLastCall(dir: string): { tail: Int16Array; sampleRate: number } {
  const calls = fs.readdirSync(dir).filter((name) => name.startsWith('dump-') && name.endsWith('-dec.wav'));
  expect(calls.length, 'baresip made a second call (it followed the REFER)').toBeGreaterThanOrEqual(2);
  const heard = heardInLastCall(dir);
  expect(heard, 'baresip recorded what it heard').not.toBeNull();
  const { samples, sampleRate } = heard!;
  const tail = samples.subarray(Math.max(0, samples.length - 5 * sampleRate), samples.length - sampleRate);
  expect(tail.length).toBeGreaterThan(sampleRate * 3);
  return { tail, sampleRate };
}

const peerIn = async (node: TestServer, peerId: string) => (await node.rooms.find(node1.demo.sessionId))?.getPeer(peerId);

/** The phone peer's voice in the node's room: none yet (the peer exists a moment before its producer), paused or live. */
async function voiceOf(node: TestServer, participantId: string): Promise<'none' | 'paused' | 'live'> {
  const producer = (await peerIn(node, `tel-${participantId}`))?.listProducers()[0];
  return !producer ? 'none' : producer.paused ? 'paused' : 'live';
}

/**
 * The part of a recording that was heard between two wall-clock instants, from when the call ended: baresip's dump
 * of a call is written as it is heard (the server sends a packet every 20 ms, comfort noise at the least).
 */
function heardBetween(heard: { samples: Int16Array; sampleRate: number }, endedAt: number, from: number, to: number): Int16Array {
  const at = (instant: number) => Math.max(0, heard.samples.length - Math.round(((endedAt - instant) / 1000) * heard.sampleRate));
  expect(to - from).toBeGreaterThan(1_500);
  return heard.samples.subarray(at(from), at(to));
}

const phoneRows = (participantId: string) =>
  node1.db.db
    .select()
    .from(attendance)
    .where(and(eq(attendance.sessionId, node1.demo.sessionId), eq(attendance.participantId, participantId)));

describe('telephone callers in a session whose node is drained', () => {
  it('are transferred to the next node with the session, join its room as phone peers, hear each other, one phone row each; a caller who muted themselves stays muted until *6', async () => {
    const first = await callerNumbered(1, '0312345678');
    const second = await callerNumbered(2, '0398765432');
    const keysOfA = await findFreeTcpPort();
    const a = dial(node1, '0312345678', 1000, 26, keysOfA);
    const b = dial(node1, '0398765432', 440, 26);
    const bEndedAt = b.done.then(() => Date.now());
    for (const participantId of [first, second]) {
      await expect.poll(() => voiceOf(node1, participantId), { timeout: 20_000, interval: 200 }).toBe('live');
    }
    // A mutes themselves on node 1.
    await pressKeys(keysOfA, '*6');
    await expect.poll(() => voiceOf(node1, first), { timeout: 10_000, interval: 100 }).toBe('paused');

    expect(await drainNode(cluster.redis.url, 'node-1')).toEqual([node1.demo.sessionId]);
    for (const participantId of [first, second]) {
      await expect.poll(() => voiceOf(node2, participantId), { timeout: 20_000, interval: 200 }).not.toBe('none');
    }
    // On node 2, A's voice is paused from the start (their microphone came with the hand-off), B's is live.
    expect(await voiceOf(node2, first)).toBe('paused');
    expect(await voiceOf(node2, second)).toBe('live');
    const bothInRoom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const unmuting = Date.now();
    await pressKeys(keysOfA, '*6');
    await expect.poll(() => voiceOf(node2, first), { timeout: 10_000, interval: 100 }).toBe('live');
    const unmuted = Date.now();
    expect(await node1.rooms.find(node1.demo.sessionId)).toBeUndefined();
    await expect.poll(() => node1.phone!.bridge.activeCalls, { timeout: 10_000 }).toBe(0);
    expect(node2.phone!.bridge.activeCalls).toBe(2);

    expect(await a.done).toMatch(/Call established/i);
    expect(await b.done).toMatch(/Call established/i);
    // On node 2 each caller hears the other's tone and not their own.
    const byA = tailOfLastCall(a.dir);
    expect(medianToneShare(byA.tail, byA.sampleRate, 440)).toBeGreaterThan(0.2);
    expect(medianToneShare(byA.tail, byA.sampleRate, 1000)).toBeLessThan(0.02);
    const byB = tailOfLastCall(b.dir);
    expect(medianToneShare(byB.tail, byB.sampleRate, 1000)).toBeGreaterThan(0.2);
    // B heard nothing of A on node 2 while A was muted, and A once A keyed *6 there.
    const heardByB = heardInLastCall(b.dir)!;
    const whileMuted = heardBetween(heardByB, await bEndedAt, bothInRoom + 1_000, unmuting - 300);
    expect(medianToneShare(whileMuted, heardByB.sampleRate, 1000)).toBeLessThan(0.02);
    const afterUnmute = heardBetween(heardByB, await bEndedAt, unmuted + 800, unmuted + 3_800);
    expect(medianToneShare(afterUnmute, heardByB.sampleRate, 1000)).toBeGreaterThan(0.2);

    // The join on node 2 continues the caller's row, as a device's rejoin does.
    for (const participantId of [first, second]) {
      await expect.poll(async () => (await phoneRows(participantId)).length, { timeout: 10_000 }).toBe(1);
      expect((await phoneRows(participantId))[0]).toMatchObject({ mode: 'phone' });
    }
  }, 120_000);

  it('a caller whose phone refuses the transfer when their node is drained is told they cannot join here, and the call ends', async () => {
    const participantId = await callerNumbered(4, '0322223333');
    const sipp = await startSipp({
      scenario: 'uac_in_call_refuses_refer.xml',
      target: `127.0.0.1:${node2.phone!.sip.port}`,
      service: VENUE_NUMBER,
      keys: { caller: '0322223333' },
      timeoutSeconds: 90,
    });
    await expect.poll(async () => (await peerIn(node2, `tel-${participantId}`))?.kind, { timeout: 20_000, interval: 200 }).toBe('phone');

    // Node 1 (drained above, so the session went to node 2) takes sessions again, as a restarted node does; then
    // node 2 is drained.
    const client = await cluster.redis.connect();
    await new SessionPlacement(client, new ClusterKeys(), systemClock).undrain('node-1');
    expect(await drainNode(cluster.redis.url, 'node-2')).toEqual([node1.demo.sessionId]);
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    const referTo = new RegExp(`Refer-To: <sip:kayoi-[A-Za-z0-9_.-]+@${HOST_ADDRESS.replace(/\./g, '\\.')}:${node1.phone!.sip.port}>`, 'i');
    expect(result.messages).toMatch(referTo);
    expect(result.messages).toMatch(/^BYE /m);
    await expect.poll(() => node2.phone!.bridge.activeCalls).toBe(0);
    expect(await peerIn(node1, `tel-${participantId}`)).toBeUndefined();
    expect((await phoneRows(participantId))[0]).toMatchObject({ mode: 'phone' });
  }, 120_000);
});
