import { findFreeTcpPort } from './ports';
import type { RedisServer } from './redis';
import { startTestServer, type TestServer } from './testServer';

/** Short cluster timings for nodes in the test's process: a node that stops announcing itself lapses within a second. */
export const FAST_CLUSTER_TIMING = { heartbeatMs: 200, ttlMs: 800, leaseMs: 1500 };

/**
 * A real server in the test's process as one node of a cluster (its Redis `redis`), on the database of `dataDir`
 * when given (the nodes share it: start the first alone, it migrates and seeds).
 */
export async function startInProcessNode(redis: RedisServer, nodeId: string, dataDir?: string): Promise<TestServer> {
  const port = await findFreeTcpPort();
  return await startTestServer({
    port,
    dataDir,
    publicUrl: `http://127.0.0.1:${port}`,
    cluster: { redisUrl: redis.url, nodeId, timing: FAST_CLUSTER_TIMING },
  });
}
