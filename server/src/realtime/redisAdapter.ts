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
  followTheStreamWithoutGaps(client);
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

/** The part of a node-redis client the adapter's own connections (its duplicates of ours) are adjusted through. */
interface DuplicatedClient {
  xRead(streams: { key: string; id: string }[], options?: object): Promise<unknown>;
  xRevRange(key: string, end: string, start: string, options?: { COUNT: number }): Promise<{ id: string }[]>;
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Two fixes to @socket.io/redis-streams-adapter 0.3.1 (the latest), made on the connections it duplicates from ours:
 * - its reader starts at `$` and stays there until it has read a first message, and `$` means "after this read
 *   began": a message added between two of its blocking reads was never delivered (a node's first notices, e.g. a
 *   困りごと lost on the staff pages of another node). The first read starts instead at the stream's last entry.
 * - on close it destroys its pub/sub connection, which rejects a SUBSCRIBE still pending there with nobody to catch
 *   it (an unhandled rejection). It closes it instead, after the pending commands.
 */
export function followTheStreamWithoutGaps(client: { duplicate: (...args: never[]) => unknown }): void {
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (...args: never[]) => {
    const copy = duplicate(...args) as DuplicatedClient;
    const xRead = copy.xRead.bind(copy);
    const startOf = new Map<string, Promise<string>>();
    copy.xRead = (streams, options) =>
      Promise.all(
        streams.map(async (stream) => {
          if (stream.id !== '$') return stream;
          let start = startOf.get(stream.key);
          if (!start) {
            start = copy.xRevRange(stream.key, '+', '-', { COUNT: 1 }).then((last) => last[0]?.id ?? '0-0');
            startOf.set(stream.key, start);
            start.catch(() => startOf.delete(stream.key)); // asked again at the next read
          }
          return { ...stream, id: await start };
        }),
      ).then((from) => xRead(from, options));
    copy.disconnect = () => copy.close();
    return copy;
  };
}
