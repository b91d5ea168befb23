import { checkNodeId, type ClusterKeys } from './keys';
import { LuaScript, type Redis } from './redis';

/** Takes the lease when it is free, or extends it when this node holds it; 1 when this node holds it now. */
const CLAIM = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** Gives the lease up, only when this node holds it. */
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

/**
 * Which node runs the cluster-wide periodic jobs (issue #17): one lease in Redis, `leader:<job>`, that its holder
 * renews with each heartbeat and that another node takes once it lapses (the holder died, or left and released it).
 * This node counts itself the leader only until its last successful renewal's lease would run out by its own clock,
 * so that a node cut off from Redis stops before another can take over.
 */
export class LeaderLease {
  private heldUntil = 0;
  private readonly nodeId: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    nodeId: string,
    private readonly options: { job?: string; ttlMs: number; now?: () => number },
  ) {
    this.nodeId = checkNodeId(nodeId);
  }

  /** Whether this node runs the jobs now. */
  get leads(): boolean {
    return this.now() < this.heldUntil;
  }

  /** With each heartbeat: takes or extends the lease; answers whether this node now leads. A failure means no. */
  async renew(): Promise<boolean> {
    const asked = this.now();
    try {
      const held = await CLAIM.run(this.redis, [this.key], [this.nodeId, String(this.options.ttlMs)]);
      this.heldUntil = held === 1 ? asked + this.options.ttlMs : 0;
    } catch (error) {
      this.heldUntil = 0;
      throw error;
    }
    return this.leads;
  }

  /** Leaving: another node may take over at its next heartbeat instead of waiting for the lease to lapse. */
  async release(): Promise<void> {
    this.heldUntil = 0;
    await RELEASE.run(this.redis, [this.key], [this.nodeId]);
  }

  private get key(): string {
    return this.keys.leader(this.options.job ?? 'jobs');
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
