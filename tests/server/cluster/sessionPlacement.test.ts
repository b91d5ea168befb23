import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NodeLoad } from '../../../shared/src/cluster/schemas';
import { CLUSTER_LIMITS } from '../../../shared/src/limits';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { type LiveNode, NodeRegistry } from '../../../server/src/cluster/NodeRegistry';
import type { Redis } from '../../../server/src/cluster/redis';
import { SessionPlacement } from '../../../server/src/cluster/SessionPlacement';
import { TestClock } from '../../support/clock';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const LEASE_MS = 15_000;

describe('SessionPlacement: each session pinned to one node by a lease in Redis', () => {
  let server: RedisServer;
  let redis: Redis;
  let clock: TestClock;
  let placement: SessionPlacement;
  const registries = new Map<string, NodeRegistry>();
  const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));

  /** A node that has announced itself once, with this load; its announcement lives a minute unless stopped. */
  async function node(id: string, load: NodeLoad = { rooms: 0, consumersPerWorker: [0] }): Promise<NodeRegistry> {
    const registry = new NodeRegistry(redis, keys, { id, publicUrl: `https://${id}.example.jp`, load: () => load, ttlMs: 60_000 });
    await registry.announce();
    registries.set(id, registry);
    return registry;
  }

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    registries.clear();
    await redis.flushAll();
    clock = new TestClock('2026-12-04T10:00:00Z');
    placement = new SessionPlacement(redis, keys, clock, { leaseMs: LEASE_MS });
  });

  it('pins a new session to the node with the fewest consumers per worker, and answers that node afterwards', async () => {
    await node('busy', { rooms: 1, consumersPerWorker: [30, 10] });
    await node('quiet', { rooms: 2, consumersPerWorker: [4, 6] });
    expect(await placement.placeSession('ses_1')).toBe('quiet');
    await node('quiet', { rooms: 9, consumersPerWorker: [80, 80] });
    expect(await placement.placeSession('ses_1')).toBe('quiet');
    expect(await placement.holderOf('ses_1')).toEqual({ holder: 'quiet', expiresAt: new Date(clock.now().getTime() + LEASE_MS) });
    expect(await placement.sessionsOf('quiet')).toEqual(['ses_1']);
    expect(await placement.sessionsOf('busy')).toEqual([]);
  });

  it('spreads sessions placed before the next heartbeat: the leases a node holds count at once', async () => {
    await node('node-a');
    await node('node-b');
    const holders = [];
    for (const id of ['s1', 's2', 's3', 's4']) holders.push(await placement.placeSession(id));
    expect(holders).toEqual(['node-a', 'node-b', 'node-a', 'node-b']);
  });

  it('keeps a lease its holder renews, and lets one lapse that is not renewed', async () => {
    await node('node-a');
    await node('node-b');
    expect(await placement.placeSession('renewed')).toBe('node-a');
    expect(await placement.placeSession('forgotten')).toBe('node-b');
    later(LEASE_MS - 1000);
    expect(await placement.renewAll('node-a')).toBe(1);
    later(2000);
    expect(await placement.holderOf('renewed')).toEqual({ holder: 'node-a', expiresAt: new Date(clock.now().getTime() + LEASE_MS - 2000) });
    expect(await placement.holderOf('forgotten')).toBeUndefined();
    expect(await placement.sessionsOf('node-b')).toEqual([]);
    expect(await placement.renewAll('node-b')).toBe(1);
    expect(await placement.holderOf('forgotten')).toMatchObject({ holder: 'node-b' });
  });

  it('keeps the leases of a node whose heartbeat renews them, past the lease', async () => {
    const beating = new NodeRegistry(redis, keys, {
      id: 'node-a',
      publicUrl: 'https://node-a.example.jp',
      load: () => ({ rooms: 0, consumersPerWorker: [0] }),
      heartbeatMs: 50,
      ttlMs: 1000,
      onHeartbeat: () => placement.renewAll('node-a'),
    });
    await beating.start();
    try {
      expect(await placement.placeSession('ses_1')).toBe('node-a');
      later(LEASE_MS - 1000);
      const renewedUntil = clock.now().getTime() + LEASE_MS;
      for (let i = 0; i < 100 && (await placement.holderOf('ses_1'))?.expiresAt.getTime() !== renewedUntil; i++) await sleep(50);
      later(2000);
      expect(await placement.holderOf('ses_1')).toMatchObject({ holder: 'node-a' });
    } finally {
      await beating.stop();
    }
  });

  it('re-places a dead node’s sessions exactly once when two nodes race for each of them', async () => {
    const dead = await node('node-a');
    const sessions = Array.from({ length: 20 }, (_, i) => `ses_${i}`);
    for (const id of sessions) expect(await placement.placeSession(id)).toBe('node-a');
    await node('node-b');
    await node('node-c');
    await dead.stop();
    expect(await placement.holderOf('ses_0')).toBeUndefined();
    // Two nodes, each with its own connection and clock, ask for every session at the same moment, and each would
    // rather take it itself: only one of them may.
    const [onB, onC] = [await server.connect(), await server.connect()];
    const preferring = (id: string) => (nodes: readonly LiveNode[]) => [...nodes].sort((a, b) => Number(b.id === id) - Number(a.id === id));
    const placeOnB = new SessionPlacement(onB, keys, new TestClock(clock.now()), { leaseMs: LEASE_MS, order: preferring('node-b') });
    const placeOnC = new SessionPlacement(onC, keys, new TestClock(clock.now()), { leaseMs: LEASE_MS, order: preferring('node-c') });
    const answers = await Promise.all(sessions.map((id) => Promise.all([placeOnB.placeSession(id), placeOnC.placeSession(id)])));
    for (const [fromB, fromC] of answers) {
      expect(fromB).toBe(fromC);
      expect(fromB).not.toBe('node-a');
    }
    const [heldByB, heldByC] = [await placement.sessionsOf('node-b'), await placement.sessionsOf('node-c')];
    expect([...heldByB, ...heldByC].sort()).toEqual([...sessions].sort());
    expect(heldByB.filter((id) => heldByC.includes(id))).toEqual([]);
    expect(await redis.sCard(keys.held('node-a'))).toBe(0);
  });

  it('re-places a session whose lease lapsed while its holder still announces itself, and the old holder can no longer renew or release it', async () => {
    await node('node-a');
    expect(await placement.placeSession('ses_1')).toBe('node-a');
    await node('node-b');
    await redis.set(keys.draining('node-a'), '1');
    later(LEASE_MS + 1);
    expect(await placement.placeSession('ses_1')).toBe('node-b');
    expect(await placement.renewAll('node-a')).toBe(0);
    expect(await placement.release('ses_1', 'node-a')).toBe(false);
    expect(await placement.holderOf('ses_1')).toMatchObject({ holder: 'node-b' });
  });

  it('drains a node: answers its sessions, places no new one there, keeps the old ones until they are released', async () => {
    await node('node-a');
    await placement.placeSession('s1');
    await placement.placeSession('s2');
    await node('node-b', { rooms: 0, consumersPerWorker: [50] });
    expect(await placement.drain('node-a')).toEqual(['s1', 's2']);
    expect(await placement.placeSession('s3')).toBe('node-b');
    expect(await placement.placeSession('s1')).toBe('node-a');
    expect(await placement.release('s1', 'node-a')).toBe(true);
    expect(await placement.placeSession('s1')).toBe('node-b');
    expect(await placement.sessionsOf('node-a')).toEqual(['s2']);
    await placement.undrain('node-a');
    expect(await placement.placeSession('s4')).toBe('node-a');
  });

  it('answers a drained node’s sessions although the node moves them away at the first heartbeat that sees the mark', async () => {
    await node('node-a');
    await placement.placeSession('s1');
    await placement.placeSession('s2');
    // Node a's heartbeat, on its own connection, runs before every command of the admin's connection: the worst
    // interleaving of the two (the three-node test once saw drain-node answer [] right after the first join).
    const heartbeats: string[][] = [];
    const heartbeat = async () => heartbeats.push(await placement.leaving('node-a', ['s1', 's2']));
    const admin = await server.connect();
    const interleaved = new Proxy(admin, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await heartbeat();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    expect(await new SessionPlacement(interleaved, keys, clock).drain('node-a')).toEqual(['s1', 's2']);
    await heartbeat();
    expect(heartbeats.flat()).toEqual(['s1', 's2']);
    expect(await placement.holderOf('s1')).toBeUndefined();
  });

  it('moves away the sessions whose lease the node lost, or all of them once it drains, releasing them', async () => {
    await node('node-a');
    await placement.placeSession('kept');
    await placement.placeSession('lost');
    await node('node-b');
    await redis.hSet(keys.session('lost'), { holder: 'node-b' });
    expect(await placement.leaving('node-a', ['kept', 'lost', 'never-placed'])).toEqual(['lost', 'never-placed']);
    expect(await placement.holderOf('lost')).toMatchObject({ holder: 'node-b' });
    expect(await placement.leaving('node-a', ['kept'])).toEqual([]);
    await placement.drain('node-a');
    expect(await placement.leaving('node-a', ['kept'])).toEqual(['kept']);
    expect(await placement.sessionsOf('node-a')).toEqual([]);
  });

  it('treats a lease record without its expiry (written by something else) as lapsed', async () => {
    await node('node-a');
    await node('node-b');
    await redis.hSet(keys.session('odd'), { holder: 'node-b' });
    await redis.sAdd(keys.held('node-b'), 'odd');
    expect(await placement.holderOf('odd')).toBeUndefined();
    expect(await placement.sessionsOf('node-b')).toEqual([]);
    expect(await placement.placeSession('odd')).toBe('node-a');
  });

  it('answers SERVER_BUSY when no live node may take a session, and places it once one can', async () => {
    await expect(placement.placeSession('s1')).rejects.toMatchObject({ code: 'SERVER_BUSY' });
    await node('node-a');
    await placement.drain('node-a');
    await expect(placement.placeSession('s1')).rejects.toMatchObject({ code: 'SERVER_BUSY' });
    await placement.undrain('node-a');
    expect(await placement.placeSession('s1')).toBe('node-a');
  });

  it(`gives a node at most ${CLUSTER_LIMITS.sessionsPerNode} sessions`, async () => {
    await node('node-a');
    await node('node-b', { rooms: 0, consumersPerWorker: [90] });
    const batch = redis.multi();
    const ids = Array.from({ length: CLUSTER_LIMITS.sessionsPerNode }, (_, i) => `full_${i}`);
    for (const id of ids) batch.hSet(keys.session(id), { holder: 'node-a', expiresAt: String(clock.now().getTime() + LEASE_MS) });
    batch.sAdd(keys.held('node-a'), ids);
    await batch.exec();
    expect(await placement.placeSession('one-more')).toBe('node-b');
  });

  it('refuses bad session and node ids with INVALID_PAYLOAD and the field', async () => {
    await node('node-a');
    for (const bad of ['', 'x'.repeat(101), 42]) {
      await expect(placement.placeSession(bad as string)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', field: 'sessionId' });
      await expect(placement.holderOf(bad as string)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', field: 'sessionId' });
    }
    for (const bad of ['', 'a:b', 'node a', '-x', 'x'.repeat(CLUSTER_LIMITS.nodeId + 1)]) {
      await expect(placement.drain(bad)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', field: 'nodeId' });
      await expect(placement.sessionsOf(bad)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', field: 'nodeId' });
    }
    await expect(placement.drain('node-z')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'nodeId' });
    expect(await redis.keys('*draining*')).toEqual([]);
  });
});
