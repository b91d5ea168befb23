import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { NodeRegistry } from '../../../server/src/cluster/NodeRegistry';
import type { Redis } from '../../../server/src/cluster/redis';
import { nodeRows } from '../../support/nodeLeftovers';
import { findFreeTcpPort } from '../../support/ports';
import { startRedis, type RedisServer } from '../../support/redis';
import { openDataDirDatabase, type TestDatabase } from '../../support/testDatabase';
import { startTestServer, type TestServer } from '../../support/testServer';

// Announcements and the leader's lease last seconds: a busy machine's slow event loop must not let node-b or the leader lapse.
const timing = { heartbeatMs: 500, ttlMs: 5000, leaseMs: 5000 };
const t0 = Date.parse('2026-11-22T01:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

async function clusterServer(redisUrl: string, nodeId: string, dataDir?: string): Promise<TestServer> {
  const port = await findFreeTcpPort();
  return startTestServer({ port, publicUrl: `http://127.0.0.1:${port}`, dataDir, cluster: { redisUrl, nodeId, timing } });
}

/** Real servers as nodes of a cluster (real Redis, the lane's database): whose leftovers each one cleans up. */
describe('a dead node’s leftovers (issue #17)', () => {
  let redis: RedisServer;
  let client: Redis;
  let leader: TestServer;
  let database: TestDatabase;
  let rows: ReturnType<typeof nodeRows>;

  beforeAll(async () => {
    redis = await startRedis();
    client = await redis.connect();
    leader = await clusterServer(redis.url, 'node-a');
    database = await openDataDirDatabase(leader.dataDir);
    rows = nodeRows(database.db, leader.demo.sessionId);
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await leader?.close();
    await redis?.stop();
  });

  it('the leader closes a dead node’s stretches at their last heartbeat and fails its renders; live nodes’ rows stay', async () => {
    // node-b is live: announced in Redis as a node would (its process is not needed for the rows it owns).
    const nodeB = new NodeRegistry(client, new ClusterKeys(), {
      id: 'node-b',
      publicUrl: 'http://127.0.0.1:9',
      load: () => ({ rooms: 0, consumersPerWorker: [0] }),
      ...timing,
    });
    await nodeB.start();
    try {
      const ownStretch = await rows.stretch('node-a', at(0), at(5));
      const liveStretch = await rows.stretch('node-b', at(0), at(5));
      const deadStretch = await rows.stretch('node-dead', at(1), at(7));
      const ownLetter = await rows.letter('node-a');
      const liveLetter = await rows.letter('node-b', 'queued');
      const deadLetters = [await rows.letter('node-dead'), await rows.letter('node-dead', 'queued')];
      expect(leader.runsJobs()).toBe(true);

      await leader.cleanUpDeadNodes();

      expect(await rows.connection(deadStretch.connectionId)).toMatchObject({ leftAt: at(7), lastSeenAt: at(7) });
      expect(await rows.attendanceOf(deadStretch.participantId)).toMatchObject({ minutesConnected: 6, lastLeaveAt: at(7) });
      for (const { connectionId } of [ownStretch, liveStretch]) expect((await rows.connection(connectionId)).leftAt).toBeNull();
      for (const id of deadLetters) expect(await rows.letterStatus(id)).toBe('failed');
      expect(await rows.letterStatus(ownLetter)).toBe('rendering');
      expect(await rows.letterStatus(liveLetter)).toBe('queued');
    } finally {
      await nodeB.stop();
    }
  });

  it('a node restarted while others run closes only its own leftovers, not a live node’s', async () => {
    const previousRun = await rows.stretch('node-c', at(0), at(4));
    const liveStretch = await rows.stretch('node-a', at(0), at(4));
    const previousLetter = await rows.letter('node-c');
    const liveLetter = await rows.letter('node-a');

    const restarted = await clusterServer(redis.url, 'node-c', leader.dataDir);
    try {
      expect(restarted.runsJobs()).toBe(false);
      expect(await rows.connection(previousRun.connectionId)).toMatchObject({ leftAt: at(4), lastSeenAt: at(4) });
      expect(await rows.attendanceOf(previousRun.participantId)).toMatchObject({ minutesConnected: 4, lastLeaveAt: at(4) });
      expect(await rows.letterStatus(previousLetter)).toBe('failed');
      expect((await rows.connection(liveStretch.connectionId)).leftAt).toBeNull();
      expect(await rows.letterStatus(liveLetter)).toBe('rendering');
    } finally {
      await restarted.close();
    }
  });
});
