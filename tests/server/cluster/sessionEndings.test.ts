import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import type { Redis } from '../../../server/src/cluster/redis';
import { SessionEndings } from '../../../server/src/cluster/SessionEndings';
import { createLogger } from '../../../server/src/core/logger';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const logger = createLogger('silent');

/** Sessions the leader ended reach the node holding their room, on a real redis-server. */
describe('SessionEndings', () => {
  let server: RedisServer;
  let redis: Redis;
  const started: SessionEndings[] = [];

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => {
    for (const endings of started) await endings.stop();
    await server?.stop();
  });

  const node = async (id: string) => {
    const endings = await SessionEndings.start(await server.connect(), keys, id, logger);
    started.push(endings);
    const ended: string[] = [];
    endings.onEnded((sessionId) => ended.push(sessionId));
    return { endings, ended };
  };

  it('tells every other node, in order, and not the node that ended them', async () => {
    const [a, b, c] = [await node('node-a'), await node('node-b'), await node('node-c')];
    const many = Array.from({ length: 1200 }, (_, i) => `ses_${i}`);
    await a.endings.announce(['ses_x', ...many]);
    await expect.poll(() => b.ended.length).toBe(1201);
    await expect.poll(() => c.ended.length).toBe(1201);
    expect(b.ended).toEqual(['ses_x', ...many]);
    expect(a.ended).toEqual([]);
  });

  it('ignores what it cannot read, and goes on when ending one session fails', async () => {
    const sender = await node('node-d');
    const receiver = await node('node-e');
    let calls = 0;
    receiver.endings.onEnded((sessionId) => {
      calls += 1;
      if (sessionId === 'ses_bad') throw new Error('room gone');
    });
    for (const junk of ['not json', '{"from":"x"}', JSON.stringify({ from: 'x', sessionIds: [''] })])
      await redis.publish(keys.sessionEndings, junk);
    await sleep(100);
    expect(calls).toBe(0);
    await sender.endings.announce(['ses_bad', 'ses_good']);
    await expect.poll(() => calls).toBe(2);
  });
});
