import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinCredentials } from '@shared/call/schemas';
import type { LiveState } from '@shared/program/live';
import { drainNode } from '../../../server/src/cluster/admin';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import type { Redis } from '../../../server/src/cluster/redis';
import type { Db } from '../../../server/src/db/client';
import { callConnections } from '../../../server/src/db/schema';
import { SignallingClient } from '../../support/callClient';
import { uploadExerciseVideo } from '../../support/exerciseVideo';
import { startRedis, type RedisServer } from '../../support/redis';
import { openDataDirDatabase, type TestDatabase } from '../../support/testDatabase';
import { FAST_CLUSTER_TIMING, startInProcessNode } from '../../support/inProcessNodes';
import { loginCookie, type TestServer } from '../../support/testServer';

const keys = new ClusterKeys();

/**
 * Two real servers as two nodes (one Redis, one database: the lane's SQLite file or PostgreSQL): the live program a
 * host runs on node 1 goes on where it was on node 2 after node 1 is drained, and ends for good when the host ends it;
 * the installation's periodic jobs run on one of them at a time.
 */
describe('two nodes: the live program and the periodic jobs', () => {
  let redis: RedisServer;
  let client: Redis;
  let dataDir: string;
  let database: TestDatabase;
  const nodes: TestServer[] = [];
  const devices: SignallingClient[] = [];

  const startNode = (nodeId: string) => startInProcessNode(redis, nodeId, dataDir);
  const device = async (url: string, cookie?: string) => {
    const connected = await new SignallingClient(url, cookie).connected();
    devices.push(connected);
    return connected;
  };

  beforeAll(async () => {
    redis = await startRedis();
    client = await redis.connect();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-live-nodes-'));
    // One after the other: the first migrates and seeds the shared file.
    nodes.push(await startNode('node-1'));
    nodes.push(await startNode('node-2'));
    database = await openDataDirDatabase(dataDir);
  }, 120_000);

  afterAll(async () => {
    for (const d of devices) d.close();
    // Closing twice is fine (the second answers the first's promise).
    await database?.close();
    for (const node of nodes) await node.close();
    await redis?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes on node 2 what node 1 was running when node 1 is drained; the host’s 終える ends it for good', async () => {
    const [node1, node2] = [nodes[0]!, nodes[1]!];
    const { sessionId, invites } = node1.demo;
    const host = node1.demo.newAccounts.find((account) => account.role === 'host')!;
    const video = await uploadExerciseVideo(node1);
    const venueCredentials = { role: 'venue' as const, sessionId };
    const homeCredentials = { role: 'home' as const, token: invites[0]!.token };

    // Both nodes idle: the session goes to node-1 (the first by id).
    const venue = await device(node1.url, await loginCookie(node1.url, host.email, host.password));
    await venue.ok('call:join', { credentials: venueCredentials, clientId: 'venue-tab' });
    const home = await device(node1.url);
    const homeJoin = await home.ok('call:join', { credentials: homeCredentials, clientId: 'home-tab' });
    await venue.ok('program:control', { action: 'start' });
    await venue.ok('program:control', { action: 'next' });
    await venue.ok('quiz:control', { action: 'show', questionId: 'calc-1' });
    await home.ok('quiz:answer', { questionId: 'calc-1', choiceIndex: 2 });
    await home.ok('hand:set', { raised: true });
    await venue.ok('breakout:start', { split: { mode: 'manual', groups: [[homeJoin.self.id]] }, minutes: 30, venue: 'own' });
    await venue.ok('video:control', { action: 'load', videoId: video.id });
    await venue.ok('video:control', { action: 'play' });
    const removed = await device(node1.url);
    const removedJoin = await removed.ok('call:join', { credentials: { role: 'home', token: invites[1]!.token }, clientId: 'home-tab-2' });
    await venue.ok('host:remove', { peerId: removedJoin.self.id });
    const before = await venue.ok('program:setLayout', { layoutChoice: 'gallery' });

    // A node starting meanwhile leaves the home's open call connection alone (it is node 1's, live).
    await expect.poll(() => openConnections(database.db, sessionId), { timeout: 10_000 }).toBe(1);
    const node3 = await startNode('node-3');
    try {
      expect(await openConnections(database.db, sessionId)).toBe(1);
    } finally {
      await node3.close();
    }
    expect(before).toMatchObject({ clock: { status: 'running', index: 1 }, video: { playing: true } });

    // Drained: the devices are asked to rejoin, and come back through node 2.
    expect(await drainNode(redis.url, 'node-1')).toEqual([sessionId]);
    await venue.waitFor('call:rejoin', (notice) => notice.reason === 'node-moved');
    await home.waitFor('call:rejoin', (notice) => notice.reason === 'node-moved');
    expect(await node1.rooms.find(sessionId)).toBeUndefined();

    const venue2 = await device(node2.url, await loginCookie(node2.url, host.email, host.password));
    const resumed = await joinResumed(venue2, venueCredentials, 'venue-tab', before.revision);
    const home2 = await device(node2.url);
    const atHome = await joinResumed(home2, homeCredentials, 'home-tab', before.revision);
    const expected = {
      clock: before.clock,
      layoutChoice: 'gallery',
      video: before.video,
      quiz: { question: { id: 'calc-1' }, phase: 'asking', homeCounts: [0, 0, 1] },
      breakout: before.breakout,
      hands: before.hands,
    };
    expect(resumed).toMatchObject(expected);
    expect(atHome).toMatchObject({ ...expected, quiz: { yourAnswer: 2 }, you: { groupId: 'group-1', handRaised: true } });
    expect(resumed.removed.map((person) => person.peerId)).toEqual([removedJoin.self.id]);
    // Removed on node 1, still out on node 2.
    const again = await device(node2.url);
    const refused = await again.request('call:join', { credentials: { role: 'home', token: invites[1]!.token }, clientId: 'home-tab-2' });
    expect(refused).toMatchObject({ ok: false, code: 'REMOVED' });
    // The running timer goes on from the same wall-clock end: the host's remaining time did not start again.
    expect(resumed.clock.endsAt).toBe(before.clock.endsAt);

    // 終える on node 2: the saved program is gone, and a room the session gets after that starts from nothing.
    await venue2.ok('call:endSession', {});
    await expect.poll(() => client.exists(keys.liveState(sessionId))).toBe(0);
    expect(await client.exists(keys.liveEnded(sessionId))).toBe(1);
    expect(node1.live.find(sessionId)).toBeUndefined();
    await expect.poll(() => node2.rooms.find(sessionId)).toBeUndefined();
    const room = await node2.rooms.getOrCreate(sessionId);
    try {
      const fresh = (await node2.live.ready(room)).viewFor('venue');
      expect(fresh).toMatchObject({ clock: { status: 'not-started', index: 0 }, video: null, quiz: null, breakout: null, hands: [] });
    } finally {
      room.close();
    }
  }, 120_000);

  it('runs the installation’s periodic jobs on one node at a time; the other takes them over when it stops', async () => {
    const ids = ['node-1', 'node-2'];
    const leaders = () => nodes.filter((node) => node.runsJobs());
    // Usually the first node started; a node whose heartbeat was held up past the short test lease loses it.
    await expect.poll(() => leaders().length, { timeout: 5_000 }).toBe(1);
    // Over two lease lifetimes, never both at once.
    for (const deadline = Date.now() + FAST_CLUSTER_TIMING.ttlMs * 2; Date.now() < deadline;) {
      expect(leaders().length).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect.poll(() => leaders().length, { timeout: 5_000 }).toBe(1);
    const leader = leaders()[0]!;
    const other = nodes.find((node) => node !== leader)!;
    await leader.close();
    await expect.poll(() => other.runsJobs(), { timeout: 5_000 }).toBe(true);
    expect(await client.get(keys.leader('jobs'))).toBe(ids[nodes.indexOf(other)]);
  });
});

/** The session's call connections not closed yet (read from the shared file). */
async function openConnections(db: Db, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(callConnections)
    .where(and(eq(callConnections.sessionId, sessionId), isNull(callConnections.leftAt)));
  return row!.n;
}

/**
 * Joins, and answers the live program the device shows once the resumed one (a later revision than `after`) reached
 * it: in the join's answer, or in a `live:state` right after (when the join came before the program was read).
 */
async function joinResumed(device: SignallingClient, credentials: JoinCredentials, clientId: string, after: number): Promise<LiveState> {
  const answer = await device.ok('call:join', { credentials, clientId });
  if (answer.live.revision > after) return answer.live;
  await device.waitFor('live:state', (state) => state.revision > after);
  return device.latestLive()!;
}
