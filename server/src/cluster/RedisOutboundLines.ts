import { randomUUID } from 'node:crypto';
import type { OutboundLines } from '../phone/outboundSlots';
import type { Clock } from '../core/clock';
import type { ClusterKeys } from './keys';
import { LuaScript, type Redis } from './redis';

export interface RedisOutboundLinesOptions {
  /** The trunk's lines, for all nodes together (KAYOI_SIP_MAX_OUTBOUND_CALLS). */
  max: number;
  nodeId: string;
  clock: Clock;
  /** How long a line stays taken without renewal (30 s): a node that dies holding lines gives them back by then. */
  leaseMs?: number;
  /** How often a node waiting for a line looks again (500 ms), unless one of its own calls frees one first. */
  pollMs?: number;
  /** Calls waiting on this node at most, as OutboundSlots. */
  maxWaiting?: number;
}

/**
 * Drops the lines whose lease has lapsed, then takes one if fewer than `max` are taken. One script: two nodes
 * asking at once cannot both take the last line.
 */
const TAKE = new LuaScript(`
local key, now, expiresAt, line, max = KEYS[1], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZCARD', key) >= max then return 0 end
redis.call('ZADD', key, expiresAt, line)
return 1
`);

/**
 * The trunk's lines counted across the nodes of a cluster (issue #17): one sorted set in Redis holds the lines
 * taken, each with the time its lease ends. A node renews the leases of its calls while they ring and gives each line
 * back when its call settles; the lines of a node that died lapse. Calls waiting on a node go first come first served
 * (one of them asks Redis at a time); across nodes, whoever asks first after a line is freed takes it.
 */
export class RedisOutboundLines implements OutboundLines {
  private readonly max: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxWaiting: number;
  /** The call waiting before the next one on this node: each waits for its turn to ask. */
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  /** Wakes the call asking now when one of this node's calls gives its line back. */
  private wake: (() => void) | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly options: RedisOutboundLinesOptions,
  ) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new Error('RedisOutboundLines: max must be a positive integer');
    this.max = options.max;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.maxWaiting = options.maxWaiting ?? 500;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.maxWaiting) throw new Error('too many outbound calls waiting for a line');
    this.waiting += 1;
    const turn = this.queue.then(() => this.takeWhenFree());
    this.queue = turn.catch(() => undefined);
    let line: string;
    try {
      line = await turn;
    } finally {
      this.waiting -= 1;
    }
    const renewal = setInterval(() => void this.renew(line).catch(() => undefined), this.leaseMs / 3);
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      await this.redis.zRem(this.keys.outboundLines, line).catch(() => undefined);
      this.wake?.();
    }
  }

  private async takeWhenFree(): Promise<string> {
    const line = `${this.options.nodeId}:${randomUUID()}`;
    for (;;) {
      const now = this.options.clock.now().getTime();
      const taken = await TAKE.run(
        this.redis,
        [this.keys.outboundLines],
        [String(now), String(now + this.leaseMs), line, String(this.max)],
      );
      if (taken === 1) return line;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Extends the line's lease, only while it is still this call's (XX: a lapsed line is not taken again here). */
  private async renew(line: string): Promise<void> {
    await this.redis.zAdd(this.keys.outboundLines, { score: this.options.clock.now().getTime() + this.leaseMs, value: line }, { XX: true });
  }
}
