import { NodeAnnouncement, type NodeId, type NodeLoad, type NodeSipAddress } from '@shared/cluster/schemas';
import { CLUSTER_LIMITS } from '@shared/limits';
import { type ClusterKeys, checkNodeId } from './keys';
import { LuaScript, type Redis } from './redis';
import { DEFAULT_CLUSTER_TIMING } from './timing';

/** A node as the others see it: its announcement, whether it is draining, and how many sessions it holds. */
export interface LiveNode extends NodeAnnouncement {
  draining: boolean;
  sessions: number;
}

export interface NodeRegistryOptions {
  id: NodeId;
  publicUrl: string;
  /** This node's load now, read at every heartbeat. */
  load: () => NodeLoad;
  /** How often the node announces itself (2 s). */
  heartbeatMs?: number;
  /** How long an announcement lives without the next one (6 s: three missed heartbeats). */
  ttlMs?: number;
  /** Runs after each heartbeat's announcement, e.g. renewing the node's leases (SessionPlacement.renewAll). */
  onHeartbeat?: () => Promise<unknown>;
  /** A heartbeat that failed (Redis away); the next one tries again. */
  onError?: (error: unknown) => void;
}

/** Adds the node to the set of nodes, unless the set is full of live nodes, and (re)writes its expiring announcement. */
const ANNOUNCE = new LuaScript(`
local nodes, nodeKey, id, announcement, ttl, maxNodes, nodePrefix = KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
if redis.call('SISMEMBER', nodes, id) == 0 then
  if redis.call('SCARD', nodes) >= maxNodes then
    for _, other in ipairs(redis.call('SMEMBERS', nodes)) do
      if redis.call('EXISTS', nodePrefix .. other) == 0 then redis.call('SREM', nodes, other) end
    end
    if redis.call('SCARD', nodes) >= maxNodes then return 0 end
  end
  redis.call('SADD', nodes, id)
end
redis.call('SET', nodeKey, announcement, 'PX', ttl)
return 1
`);

/** This node's heartbeat in Redis: announced every `heartbeatMs`, gone `ttlMs` after the last one. */
export class NodeRegistry {
  private timer: NodeJS.Timeout | undefined;
  private announcement: Omit<NodeAnnouncement, 'load'>;
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly options: NodeRegistryOptions,
  ) {
    this.announcement = { id: checkNodeId(options.id), publicUrl: options.publicUrl };
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_CLUSTER_TIMING.heartbeatMs;
    this.ttlMs = options.ttlMs ?? DEFAULT_CLUSTER_TIMING.ttlMs;
    if (this.ttlMs <= this.heartbeatMs) throw new Error('the announcement must outlive the heartbeat (ttlMs > heartbeatMs)');
  }

  /** Announces the node at once (a fresh start is not draining), then every heartbeat. */
  async start(): Promise<void> {
    await this.redis.del(this.keys.draining(this.announcement.id));
    await this.announce();
    await this.options.onHeartbeat?.();
    this.timer = setInterval(() => {
      this.beat().catch((error: unknown) => this.options.onError?.(error));
    }, this.heartbeatMs);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    await this.announce();
    await this.options.onHeartbeat?.();
  }

  /** Stops the heartbeat and leaves at once (the others need not wait for the TTL). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.del(this.keys.node(this.announcement.id));
    await this.redis.sRem(this.keys.nodes, this.announcement.id);
  }

  /** The node's telephone listens now: announced at once, so that the other nodes can hand callers over to it. */
  async announceSip(sip: NodeSipAddress): Promise<void> {
    this.announcement = { ...this.announcement, sip };
    await this.announce();
  }

  /** One heartbeat; refused when CLUSTER_LIMITS.nodes live nodes are announced already. */
  async announce(): Promise<void> {
    const announcement = NodeAnnouncement.parse({ ...this.announcement, load: this.options.load() });
    const added = await ANNOUNCE.run(
      this.redis,
      [this.keys.nodes, this.keys.node(announcement.id)],
      [announcement.id, JSON.stringify(announcement), String(this.ttlMs), String(CLUSTER_LIMITS.nodes), this.keys.node('')],
    );
    if (added !== 1) throw new Error(`node ${announcement.id} not announced: ${CLUSTER_LIMITS.nodes} nodes are live already`);
  }
}

/**
 * The nodes whose announcement has not expired (at most CLUSTER_LIMITS.nodes), sorted by id. A dead id stays in the
 * set until a new node needs its place (ANNOUNCE): removing it here could race a heartbeat that brings it back.
 */
export async function readLiveNodes(redis: Redis, keys: ClusterKeys): Promise<LiveNode[]> {
  const ids = (await redis.sMembers(keys.nodes)).slice(0, CLUSTER_LIMITS.nodes).sort();
  if (ids.length === 0) return [];
  const batch = redis.multi();
  for (const id of ids) batch.get(keys.node(id)).exists(keys.draining(id)).sCard(keys.held(id));
  const replies = await batch.exec();
  const live: LiveNode[] = [];
  ids.forEach((id, i) => {
    const [text, draining, sessions] = replies.slice(i * 3, i * 3 + 3);
    const announcement = typeof text === 'string' ? parseAnnouncement(text) : undefined;
    if (announcement?.id === id) live.push({ ...announcement, draining: Number(draining) === 1, sessions: Number(sessions) });
  });
  return live;
}

function parseAnnouncement(text: string): NodeAnnouncement | undefined {
  try {
    const parsed = NodeAnnouncement.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
