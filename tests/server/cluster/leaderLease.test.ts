import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { LeaderLease } from '../../../server/src/cluster/LeaderLease';
import { NodeRegistry } from '../../../server/src/cluster/NodeRegistry';
import type { Redis } from '../../../server/src/cluster/redis';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const HEARTBEAT_MS = 50;
const TTL_MS = 300;

/** One node's job runner as server.ts wires it: the lease renewed with the heartbeat, the job run while it leads. */
class JobRunner {
  runs = 0;
  readonly lease: LeaderLease;
  private readonly registry: NodeRegistry;
  private timer: NodeJS.Timeout | undefined;

  constructor(redis: Redis, id: string) {
    this.lease = new LeaderLease(redis, keys, id, { ttlMs: TTL_MS });
    this.registry = new NodeRegistry(redis, keys, {
      id,
      publicUrl: `https://${id}.example.jp`,
      load: () => ({ rooms: 0, consumersPerWorker: [0] }),
      heartbeatMs: HEARTBEAT_MS,
      ttlMs: TTL_MS,
      onHeartbeat: () => this.lease.renew(),
    });
  }

  async start(): Promise<this> {
    await this.registry.start();
    this.timer = setInterval(() => {
      if (this.lease.leads) this.runs += 1;
    }, 20);
    return this;
  }

  /** Leaves properly: heartbeat stopped, lease released. */
  async stop(): Promise<void> {
    await this.registry.stop();
    await this.lease.release();
    clearInterval(this.timer);
  }

  /** Dies: no more heartbeats, nothing released (its job timer stops with the process). */
  async die(): Promise<void> {
    clearInterval(this.timer);
    await this.registry.stop();
  }
}

/** The cluster-wide jobs (planner, letter pruning, auto-end) on one node at a time, on a real redis-server. */
describe('LeaderLease: the periodic jobs run on one node at a time', () => {
  let server: RedisServer;
  let redis: Redis;
  const runners: JobRunner[] = [];
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  };

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop().catch(() => undefined);
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushAll();
  });

  const runner = async (id: string) => {
    const started = await new JobRunner(await server.connect(), id).start();
    runners.push(started);
    return started;
  };

  it('runs the job on the first node only; the second takes over as soon as the first leaves', async () => {
    const a = await runner('node-a');
    const b = await runner('node-b');
    await until(() => a.runs >= 10, 'node a running the job');
    expect(b.runs).toBe(0);
    expect(b.lease.leads).toBe(false);

    await a.stop();
    const runsOfA = a.runs;
    await until(() => b.runs >= 5, 'node b taking over');
    expect(a.runs).toBe(runsOfA);
    expect(a.lease.leads).toBe(false);
    await b.stop();
  });

  it('takes over from a node that died once its lease lapses, never both at once', async () => {
    const a = await runner('node-c');
    const b = await runner('node-d');
    await until(() => a.runs >= 3, 'node c running the job');
    await a.die();
    await until(() => b.lease.leads, 'node d taking over');
    // Node c's own clock tells it the lease ran out before node d could take it.
    expect(a.lease.leads).toBe(false);
    expect(await redis.get(keys.leader('jobs'))).toBe('node-d');
    await b.stop();
  });

  it('does not count itself the leader when Redis cannot be reached', async () => {
    const lonely = await server.connect();
    const lease = new LeaderLease(lonely, keys, 'node-e', { ttlMs: TTL_MS });
    expect(await lease.renew()).toBe(true);
    await lonely.close();
    await expect(lease.renew()).rejects.toThrow();
    expect(lease.leads).toBe(false);
  });
});
