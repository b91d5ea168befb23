import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followTheStreamWithoutGaps } from '../../../server/src/realtime/redisAdapter';
import { startRedis, type RedisServer } from '../../support/redis';

const STREAM = 'kayoi:socket.io';

/** What node-redis's XREAD answers (its typings leave the reply open). */
type StreamRead = { name: string; messages: { id: string; message: Record<string, string> }[] }[] | null;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());

/** How the streams adapter reads: from `$` until it has read a first message (with a real Redis). */
describe('the socket.io streams adapter’s connections', () => {
  it('a message added between two reads from `$` is read by the second (the adapter alone lost it)', async () => {
    const writer = await redis.connect();
    await writer.xAdd(STREAM, '*', { before: 'the reader started' });
    const ours = await redis.connect();
    followTheStreamWithoutGaps(ours);
    const reader = ours.duplicate();
    await reader.connect();
    try {
      // The first read times out (nothing new); a message comes before the adapter reads again from `$`.
      expect(await reader.xRead([{ key: STREAM, id: '$' }], { BLOCK: 50, COUNT: 10 })).toBeNull();
      await writer.xAdd(STREAM, '*', { notice: '困りごと' });
      const read = (await reader.xRead([{ key: STREAM, id: '$' }], { BLOCK: 50, COUNT: 10 })) as StreamRead;
      // Only the message added after the reader started, not the one before it.
      expect(read?.[0]?.messages.map((entry) => entry.message)).toEqual([{ notice: '困りごと' }]);
    } finally {
      await reader.close();
    }
  });

  it('closing the adapter’s connection waits for its pending commands instead of rejecting them', async () => {
    const ours = await redis.connect();
    followTheStreamWithoutGaps(ours);
    const subscriber = ours.duplicate();
    await subscriber.connect();
    const subscribed = subscriber.subscribe('kayoi:test', () => undefined);
    await subscriber.disconnect(); // as the adapter does when its namespaces close
    await expect(subscribed).resolves.toBeUndefined();
  });
});
