import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { NodeRegistry, readLiveNodes, type LiveNode } from '../../../server/src/cluster/NodeRegistry';
import type { Redis } from '../../../server/src/cluster/redis';
import { SessionPlacement } from '../../../server/src/cluster/SessionPlacement';
import { systemClock } from '../../../server/src/core/clock';
import { SignallingClient } from '../../support/callClient';
import { findFreeTcpPort } from '../../support/ports';
import { startRedis, type RedisServer } from '../../support/redis';
import { startTestServer, type TestServer } from '../../support/testServer';

const keys = new ClusterKeys();

/** One real server started with KAYOI_REDIS_URL: its heartbeat, its placement at join, its leases, its shutdown. */
describe('a server started as a cluster node', () => {
  let redis: RedisServer;
  let client: Redis;
  let server: TestServer;
  let hostCookie: string;

  beforeAll(async () => {
    redis = await startRedis();
    client = await redis.connect();
    const port = await findFreeTcpPort();
    server = await startTestServer({
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      cluster: {
        redisUrl: redis.url,
        nodeId: 'node-1',
        entryUrl: 'https://kayoi.example.jp/',
        timing: { heartbeatMs: 200, ttlMs: 800, leaseMs: 1500 },
      },
    });
    hostCookie = await server.login('host');
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  const node = async (): Promise<LiveNode | undefined> => (await readLiveNodes(client, keys)).find((n) => n.id === 'node-1');
  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('answers WRONG_NODE with the holder’s address to a join for a session another node serves', async () => {
    const other = new NodeRegistry(client, keys, {
      id: 'node-2',
      publicUrl: 'https://node-2.example.jp',
      load: () => ({ rooms: 0, consumersPerWorker: [0] }),
    });
    await other.announce();
    const sessionId = server.demo.sessionId;
    await client.del(keys.session(sessionId));
    const onlyNode2 = (nodes: readonly LiveNode[]) => nodes.filter((n) => n.id === 'node-2');
    expect(await new SessionPlacement(client, keys, systemClock, { order: onlyNode2 }).placeSession(sessionId)).toBe('node-2');

    const home = await new SignallingClient(server.url).connected();
    try {
      const answer = await home.request('call:join', {
        credentials: { role: 'home', token: server.demo.invites[0]!.token },
        clientId: 'home-tab',
      });
      expect(answer).toMatchObject({ ok: false, code: 'WRONG_NODE', nodeUrl: 'https://node-2.example.jp' });
      expect(await server.rooms.find(sessionId)).toBeUndefined();
    } finally {
      home.close();
      await other.stop();
      await client.del(keys.session(sessionId));
    }
  });

  it('announces itself with its real load, holds the session it serves while its room lives and releases it at the end', async () => {
    expect(await node()).toMatchObject({ publicUrl: server.url, load: { rooms: 0, consumersPerWorker: [0] }, draining: false });
    const venue = await new SignallingClient(server.url, hostCookie).connected();
    try {
      await venue.ok('call:join', { credentials: { role: 'venue', sessionId: server.demo.sessionId }, clientId: 'venue-tab' });
      const placement = new SessionPlacement(client, keys, systemClock);
      expect((await placement.holderOf(server.demo.sessionId))?.holder).toBe('node-1');
      await until(async () => (await node())?.load.rooms === 1, 'a heartbeat with the room');
      // Renewed with the heartbeat: still held after the first lease (1.5 s) would have run out.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await placement.holderOf(server.demo.sessionId))?.holder).toBe('node-1');

      await venue.ok('call:endSession', {});
      await until(async () => (await placement.holderOf(server.demo.sessionId)) === undefined, 'the lease released');
      await until(async () => (await node())?.load.rooms === 0, 'a heartbeat without the room');
    } finally {
      venue.close();
    }
  });

  it('accepts a signalling connection from a page of another live node', async () => {
    const other = new NodeRegistry(client, keys, {
      id: 'node-3',
      publicUrl: 'https://node-3.example.jp',
      load: () => ({ rooms: 0, consumersPerWorker: [0] }),
    });
    await other.announce();
    try {
      await until(async () => server.url !== '' && (await handshake(server.url, 'https://node-3.example.jp')) === 200, 'node-3 known');
      expect(await handshake(server.url, 'https://stranger.example.jp')).toBe(403);
      // The load balancer's address (KAYOI_ENTRY_URL): its pages' sockets are moved here by WRONG_NODE.
      expect(await handshake(server.url, 'https://kayoi.example.jp')).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it('closes within seconds even when Redis has gone away', async () => {
    await redis.stop();
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});

/** The status of a socket.io polling handshake with this Origin (403: refused by the origin check). */
async function handshake(url: string, origin: string): Promise<number> {
  const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
  await response.body?.cancel();
  return response.status;
}
