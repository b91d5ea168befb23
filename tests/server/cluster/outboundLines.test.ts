import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import type { Redis } from '../../../server/src/cluster/redis';
import { RedisOutboundLines } from '../../../server/src/cluster/RedisOutboundLines';
import { systemClock } from '../../../server/src/core/clock';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const POLL_MS = 50;
const LEASE_MS = 400;

/** A call that rings until the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('RedisOutboundLines (the trunk’s lines shared by the nodes, issue #17)', () => {
  let server: RedisServer;
  let redis: Redis;
  const connections: Redis[] = [];

  const node = async (nodeId: string, max: number, options: { maxWaiting?: number } = {}) => {
    const connection = await server.connect();
    connections.push(connection);
    return {
      lines: new RedisOutboundLines(connection, keys, { max, nodeId, clock: systemClock, pollMs: POLL_MS, leaseMs: LEASE_MS, ...options }),
      connection,
    };
  };
  const linesTaken = () => redis.zCard(keys.outboundLines);

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => {
    for (const connection of connections) if (connection.isOpen) await connection.quit();
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushAll();
  });

  it('lets two nodes ring at most max calls together; a call waiting on one node rings when the other frees a line', async () => {
    const a = await node('node-a', 2);
    const b = await node('node-b', 2);
    const ringing = [gate(), gate(), gate()];
    const started: string[] = [];
    const call = (from: typeof a, name: string, g: ReturnType<typeof gate>) =>
      from.lines.run(async () => {
        started.push(name);
        await g.opened;
        return name;
      });
    const first = call(a, 'a1', ringing[0]!);
    const second = call(a, 'a2', ringing[1]!);
    await until(() => started.length === 2, 'node a ringing twice');
    const third = call(b, 'b1', ringing[2]!);
    // Several of node b's looks at Redis later, its call still waits: both lines are node a's.
    await sleep(POLL_MS * 6);
    expect(started).toEqual(['a1', 'a2']);
    expect(await linesTaken()).toBe(2);

    ringing[1]!.open();
    expect(await second).toBe('a2');
    await until(() => started.length === 3, 'node b ringing');
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(await linesTaken()).toBe(2);
    ringing[0]!.open();
    ringing[2]!.open();
    expect(await Promise.all([first, third])).toEqual(['a1', 'b1']);
    expect(await linesTaken()).toBe(0);
  });

  it('rings the calls waiting on one node in the order they came, and gives a failed call’s line back', async () => {
    const a = await node('node-a', 1);
    await expect(a.lines.run(() => Promise.reject(new Error('no RTP port')))).rejects.toThrow('no RTP port');
    expect(await linesTaken()).toBe(0);
    const ringing = [gate(), gate(), gate()];
    const started: number[] = [];
    const calls = ringing.map((g, i) =>
      a.lines.run(async () => {
        started.push(i);
        await g.opened;
      }),
    );
    for (const [i, g] of ringing.entries()) {
      await until(() => started.length === i + 1, `call ${i} ringing`);
      expect(await linesTaken()).toBe(1);
      g.open();
      await calls[i];
    }
    expect(started).toEqual([0, 1, 2]);
    expect(await linesTaken()).toBe(0);
  });

  it('keeps a long call’s line past its lease by renewing it, and gives a dead node’s lines to the others when their lease lapses', async () => {
    const a = await node('node-a', 1);
    const b = await node('node-b', 1);
    const aRinging = gate();
    let bStarted = false;
    void a.lines.run(() => aRinging.opened).catch(() => undefined);
    await until(async () => (await linesTaken()) === 1, 'node a ringing');
    const bCall = b.lines.run(async () => {
      bStarted = true;
    });
    // Three leases long: node a renews its line, so node b still waits.
    await sleep(LEASE_MS * 3);
    expect(bStarted).toBe(false);

    // Node a dies: its Redis connection is gone, nothing renews or frees its line.
    a.connection.destroy();
    await bCall;
    expect(bStarted).toBe(true);
    expect(await linesTaken()).toBe(0);
  });

  it('refuses a call past the waiting bound, and a call when Redis cannot be reached', async () => {
    const a = await node('node-a', 1, { maxWaiting: 1 });
    const ringing = gate();
    const first = a.lines.run(() => ringing.opened);
    await until(async () => (await linesTaken()) === 1, 'the first call ringing');
    const queued = a.lines.run(() => Promise.resolve('second'));
    await expect(a.lines.run(() => Promise.resolve('third'))).rejects.toThrow(/too many outbound calls waiting/);
    ringing.open();
    await first;
    expect(await queued).toBe('second');

    a.connection.destroy();
    let rang = false;
    await expect(
      a.lines.run(async () => {
        rang = true;
      }),
    ).rejects.toThrow();
    expect(rang).toBe(false);
  });
});
