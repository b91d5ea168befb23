import { AppError } from '../core/errors';
import { ClusterKeys } from './keys';
import { readLiveNodes, type LiveNode } from './NodeRegistry';
import type { Redis } from './redis';
import { SessionPlacement } from './SessionPlacement';
import { systemClock } from '../core/clock';

/** `npm run admin -- drain-node`: no new sessions go to the node; it moves its rooms away at its next heartbeat. */
export async function drainNode(redisUrl: string | undefined, nodeId: string): Promise<string[]> {
  try {
    return await withRedis(redisUrl, (redis) => new SessionPlacement(redis, new ClusterKeys(), systemClock).drain(nodeId));
  } catch (error) {
    // The command's option is --id.
    if (error instanceof AppError && error.field === 'nodeId') throw new AppError(error.code, error.message, 'id');
    throw error;
  }
}

/** `npm run admin -- list-nodes`: the live nodes with their load. */
export async function listNodes(redisUrl: string | undefined): Promise<LiveNode[]> {
  return withRedis(redisUrl, (redis) => readLiveNodes(redis, new ClusterKeys()));
}

async function withRedis<T>(redisUrl: string | undefined, use: (redis: Redis) => Promise<T>): Promise<T> {
  if (!redisUrl)
    throw new AppError('INVALID_PAYLOAD', 'KAYOI_REDIS_URL is not set: this is not a multi-node installation', 'KAYOI_REDIS_URL');
  const { createClient } = await import('redis');
  const redis: Redis = createClient({ url: redisUrl, socket: { reconnectStrategy: false } });
  await redis.connect();
  try {
    return await use(redis);
  } finally {
    await redis.close();
  }
}
