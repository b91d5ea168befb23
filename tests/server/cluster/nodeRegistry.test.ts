import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLUSTER_LIMITS } from '../../../shared/src/limits';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { NodeRegistry, readLiveNodes } from '../../../server/src/cluster/NodeRegistry';
import type { Redis } from '../../../server/src/cluster/redis';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const idle = () => ({ rooms: 0, consumersPerWorker: [0, 0] });

describe('NodeRegistry: nodes announce themselves in Redis with a heartbeat that expires', () => {
  let server: RedisServer;
  let redis: Redis;
  const registries: NodeRegistry[] = [];
  const node = (id: string, options: Partial<ConstructorParameters<typeof NodeRegistry>[2]> = {}) => {
    const registry = new NodeRegistry(redis, keys, { id, publicUrl: `https://${id}.example.jp`, load: idle, ...options });
    registries.push(registry);
    return registry;
  };

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.stop()));
    await redis.flushAll();
  });

  it('lists the live nodes with their address and load, and a fresh heartbeat shows the new load', async () => {
    let rooms = 1;
    await node('node-a', { load: () => ({ rooms, consumersPerWorker: [4, 6] }) }).start();
    await node('node-b').start();
    expect(await readLiveNodes(redis, keys)).toEqual([
      {
        id: 'node-a',
        publicUrl: 'https://node-a.example.jp',
        load: { rooms: 1, consumersPerWorker: [4, 6] },
        draining: false,
        sessions: 0,
      },
      { id: 'node-b', publicUrl: 'https://node-b.example.jp', load: idle(), draining: false, sessions: 0 },
    ]);
    rooms = 3;
    await registries[0]!.announce();
    expect((await readLiveNodes(redis, keys))[0]!.load.rooms).toBe(3);
  });

  it('keeps a heartbeating node listed past its TTL, and forgets one that stopped beating once the TTL is over', async () => {
    await node('beating', { heartbeatMs: 50, ttlMs: 300 }).start();
    // Announced once and never again, as a node that crashed right after.
    await node('crashed', { heartbeatMs: 50, ttlMs: 300 }).announce();
    expect((await readLiveNodes(redis, keys)).map((n) => n.id)).toEqual(['beating', 'crashed']);
    await sleep(700);
    expect((await readLiveNodes(redis, keys)).map((n) => n.id)).toEqual(['beating']);
  });

  it('takes a stopped node off the list at once', async () => {
    const leaving = node('leaving');
    await leaving.start();
    await leaving.stop();
    expect(await readLiveNodes(redis, keys)).toEqual([]);
  });

  it('starts a node undrained: a restarted node takes sessions again', async () => {
    await redis.set(keys.draining('node-a'), '1');
    await node('node-a').start();
    expect((await readLiveNodes(redis, keys))[0]!.draining).toBe(false);
  });

  it('refuses a node beyond CLUSTER_LIMITS.nodes live ones, and takes it once one of them has died', async () => {
    for (let i = 0; i < CLUSTER_LIMITS.nodes - 1; i++) await node(`n${i}`).announce();
    const shortLived = node('short', { heartbeatMs: 50, ttlMs: 200 });
    await shortLived.announce();
    await expect(node('one-too-many').announce()).rejects.toThrow(`${CLUSTER_LIMITS.nodes} nodes are live already`);
    expect(await readLiveNodes(redis, keys)).toHaveLength(CLUSTER_LIMITS.nodes);
    await sleep(300);
    await registries.at(-1)!.announce();
    expect((await readLiveNodes(redis, keys)).map((n) => n.id)).toContain('one-too-many');
  });

  it('refuses a bad node id, a public URL that is not http(s), and a load out of bounds', async () => {
    expect(() => node('a:b')).toThrow(/nodeId/);
    expect(() => node('x'.repeat(CLUSTER_LIMITS.nodeId + 1))).toThrow(/nodeId/);
    await expect(node('ftp-node', { publicUrl: 'ftp://example.jp' }).announce()).rejects.toThrow();
    await expect(node('busy', { load: () => ({ rooms: -1, consumersPerWorker: [0] }) }).announce()).rejects.toThrow();
    const workers = new Array<number>(CLUSTER_LIMITS.workersPerNode + 1).fill(0);
    await expect(node('wide', { load: () => ({ rooms: 0, consumersPerWorker: workers }) }).announce()).rejects.toThrow();
    expect(await readLiveNodes(redis, keys)).toEqual([]);
  });

  it('ignores an announcement in Redis that is not one (written by something else)', async () => {
    await node('node-a').start();
    await redis.sAdd(keys.nodes, 'forged');
    await redis.set(keys.node('forged'), '{"id":"forged","publicUrl":"javascript:alert(1)"}');
    expect((await readLiveNodes(redis, keys)).map((n) => n.id)).toEqual(['node-a']);
  });
});
