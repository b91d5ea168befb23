import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
import type { Logger } from '../core/logger';

/**
 * Bounds what goes through Redis: the stream keeps about this many messages (trimmed with ~). Only broadcasts to
 * rooms pass through it (the staff pages' notices, a few hundred bytes each, debounced per session); a call's own
 * notices go from its Room straight to its sockets on the session's node.
 */
const STREAM_MAX_LEN = 2_000;

export interface RedisAdapter {
  /** The adapter of a namespace (io.ts gives it to the staff namespace only). */
  adapter: (nsp: Namespace) => Adapter;
  close(): Promise<void>;
}

/**
 * Multi-node (KAYOI_REDIS_URL): socket.io's rooms span every node through the Redis streams adapter, which also
 * keeps connection-state recovery working across nodes (a staff socket that drops comes back on any node with its
 * rooms and the notices it missed). Loaded only when configured, like the cluster module.
 */
export async function createRedisAdapter(redisUrl: string, logger: Logger): Promise<RedisAdapter> {
  const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-streams-adapter')]);
  const log = logger.child({ feature: 'socket-adapter' });
  const client = createClient({ url: redisUrl });
  client.on('error', (error: unknown) => log.warn({ err: error }, 'redis connection error (socket.io adapter)'));
  await client.connect();
  return {
    // A short blocking read: a closing server's reader stops within it.
    adapter: createAdapter(client, {
      streamName: 'kayoi:socket.io',
      maxLen: STREAM_MAX_LEN,
      blockTimeInMs: 2_000,
      // A dropped staff socket's rooms and data until it comes back (at most io.ts's STAFF_RECOVERY_MS).
      sessionKeyPrefix: 'kayoi:socket.io:session:',
    }),
    close: async () => {
      // With Redis gone a polite close would wait for it: the connection is dropped instead.
      if (!client.isReady) return client.destroy();
      await client.close().catch((error: unknown) => log.warn({ err: error }, 'closing the adapter’s redis connection failed'));
    },
  };
}
