import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import type { Redis } from '../../../server/src/cluster/redis';
import { RedisCallOutStates } from '../../../server/src/cluster/RedisCallOutStates';
import { CALL_STATE_KEPT_MS } from '../../../server/src/phone/callOutStates';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const SESSION = 'ses_roster';

describe('RedisCallOutStates (the 「電話をかける」 roster shared by the nodes, issue #17)', () => {
  let server: RedisServer;
  let redis: Redis;

  /** A node's states, on a connection of its own; `alive`: its announcement is in Redis, as its heartbeat keeps it. */
  const node = async (id: string, { alive = true } = {}) => {
    if (alive) await redis.set(keys.node(id), JSON.stringify({ id }));
    return new RedisCallOutStates(await server.connect(), keys, id);
  };

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => server?.stop());
  beforeEach(async () => {
    await redis.flushAll();
  });

  it('shows every node the states another node recorded, each person their last, kept a day', async () => {
    const one = await node('node-1');
    const two = await node('node-2');
    await one.set(SESSION, 'par_a', 'waiting');
    await one.set(SESSION, 'par_a', 'ringing');
    await one.set(SESSION, 'par_a', 'busy');
    await one.set(SESSION, 'par_b', 'ringing');
    await one.set('ses_other', 'par_c', 'answered');

    expect(await two.of(SESSION)).toEqual(
      new Map([
        ['par_a', 'busy'],
        ['par_b', 'ringing'],
      ]),
    );
    expect(await two.of('ses_other')).toEqual(new Map([['par_c', 'answered']]));
    const ttl = await redis.pTTL(keys.callOutStates(SESSION));
    expect(ttl).toBeGreaterThan(CALL_STATE_KEPT_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(CALL_STATE_KEPT_MS);
  });

  it('leaves out a call still waiting or ringing on a node that has gone, but keeps how its finished calls went', async () => {
    const gone = await node('node-gone');
    const two = await node('node-2');
    await gone.set(SESSION, 'par_ringing', 'ringing');
    await gone.set(SESSION, 'par_waiting', 'waiting');
    await gone.set(SESSION, 'par_busy', 'busy');
    expect((await two.of(SESSION)).get('par_ringing')).toBe('ringing');

    // The node dies: its announcement expires.
    await redis.del(keys.node('node-gone'));
    expect(await two.of(SESSION)).toEqual(new Map([['par_busy', 'busy']]));
  });

  it('shows a node its own calls even without its announcement, and ignores what is not a state', async () => {
    const here = await node('node-1', { alive: false });
    await here.set(SESSION, 'par_a', 'ringing');
    await redis.hSet(keys.callOutStates(SESSION), { par_b: 'not json', par_c: JSON.stringify({ s: 'exploded', n: 'node-1' }) });
    expect(await here.of(SESSION)).toEqual(new Map([['par_a', 'ringing']]));
  });
});
