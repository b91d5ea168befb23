import type { NodeId } from '@shared/cluster/schemas';
import { CLUSTER_LIMITS } from '@shared/limits';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import { type ClusterKeys, checkNodeId, checkSessionId } from './keys';
import { type LiveNode, readLiveNodes } from './NodeRegistry';
import { LuaScript, type Redis } from './redis';
import { DEFAULT_CLUSTER_TIMING } from './timing';

export interface SessionPlacementOptions {
  /** How long a lease lasts without renewal (15 s); the holder renews all its leases with each heartbeat. */
  leaseMs?: number;
  /** How long Redis keeps a session's record after its last change (a day), so records of old sessions go away. */
  retentionMs?: number;
  /** The placement policy: the nodes a new session may go to, best first (default leastLoadedFirst). */
  order?: (nodes: readonly LiveNode[]) => LiveNode[];
}

/**
 * Keeps the lease when it is current and its holder's announcement alive; otherwise gives it to the first candidate
 * that is alive, not draining and below its session limit. One script: two nodes placing the same session at once
 * get the same holder.
 */
const PLACE = new LuaScript(`
local sessionKey, sessionId, now, expiresAt, retention, prefix, maxSessions = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local function alive(node) return redis.call('EXISTS', prefix .. 'node:' .. node) == 1 end
local holder = redis.call('HGET', sessionKey, 'holder')
if holder and (tonumber(redis.call('HGET', sessionKey, 'expiresAt')) or 0) > now and alive(holder) then return holder end
for i = 7, #ARGV do
  local node = ARGV[i]
  if alive(node) and redis.call('EXISTS', prefix .. 'draining:' .. node) == 0 and redis.call('SCARD', prefix .. 'held:' .. node) < maxSessions then
    if holder then redis.call('SREM', prefix .. 'held:' .. holder, sessionId) end
    redis.call('HSET', sessionKey, 'holder', node, 'expiresAt', expiresAt)
    redis.call('PEXPIRE', sessionKey, retention)
    redis.call('SADD', prefix .. 'held:' .. node, sessionId)
    return node
  end
end
return false
`);

/** Extends every lease the node still holds; forgets the sessions another node has taken over. */
const RENEW_ALL = new LuaScript(`
local heldKey, node, expiresAt, retention, prefix = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local renewed = 0
for _, sessionId in ipairs(redis.call('SMEMBERS', heldKey)) do
  local sessionKey = prefix .. 'session:' .. sessionId
  if redis.call('HGET', sessionKey, 'holder') == node then
    redis.call('HSET', sessionKey, 'expiresAt', expiresAt)
    redis.call('PEXPIRE', sessionKey, retention)
    renewed = renewed + 1
  else
    redis.call('SREM', heldKey, sessionId)
  end
end
return renewed
`);

/** Ends a lease, only when the node asking holds it. */
const RELEASE = new LuaScript(`
local sessionKey, heldKey, node, sessionId = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
if redis.call('HGET', sessionKey, 'holder') ~= node then return 0 end
redis.call('DEL', sessionKey)
redis.call('SREM', heldKey, sessionId)
return 1
`);

/** The sessions the node holds a current lease on (Lua shared by the scripts that need them). */
const HELD_LUA = `
local function heldBy(heldKey, node, now, prefix)
  local held = {}
  for _, sessionId in ipairs(redis.call('SMEMBERS', heldKey)) do
    local lease = redis.call('HMGET', prefix .. 'session:' .. sessionId, 'holder', 'expiresAt')
    if lease[1] == node and (tonumber(lease[2]) or 0) > now then table.insert(held, sessionId) end
  end
  return held
end
`;

const HELD = new LuaScript(`${HELD_LUA}
return heldBy(KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3])
`);

/**
 * Marks the node draining and answers its sessions in one step: the node releases them as soon as its heartbeat sees
 * the mark, so reading them after setting it could find none (the drain race of #17).
 */
const DRAIN = new LuaScript(`${HELD_LUA}
redis.call('SET', KEYS[2], '1')
return heldBy(KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3])
`);

/**
 * Of the sessions a node has rooms for, releases and answers those it must move away: all of them while it is
 * draining, else those whose lease it no longer holds. One step, so that the draining mark and the leases are read
 * together.
 */
const LEAVE = new LuaScript(`${HELD_LUA}
local heldKey, drainingKey, node, now, prefix = KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local keep = {}
if redis.call('EXISTS', drainingKey) == 0 then
  for _, sessionId in ipairs(heldBy(heldKey, node, now, prefix)) do keep[sessionId] = true end
end
local leaving = {}
for i = 4, #ARGV do
  local sessionId = ARGV[i]
  if not keep[sessionId] then
    local sessionKey = prefix .. 'session:' .. sessionId
    if redis.call('HGET', sessionKey, 'holder') == node then redis.call('DEL', sessionKey) end
    redis.call('SREM', heldKey, sessionId)
    table.insert(leaving, sessionId)
  end
end
return leaving
`);

/** Where a session's lease puts it, and until when (by the placement's clock). */
export interface Lease {
  holder: NodeId;
  expiresAt: Date;
}

/**
 * Which node holds each session (issue #17): a session is pinned to one live node by a lease in Redis, chosen by load
 * the first time anyone asks, and moved only when its lease lapses (the holder died or stopped renewing), when its
 * holder releases it, or after a drain. Lease times come from the injected clock (every node's clock, kept by NTP);
 * the announcements' expiry is Redis's own.
 */
export class SessionPlacement {
  private readonly leaseMs: number;
  private readonly retentionMs: number;
  private readonly order: (nodes: readonly LiveNode[]) => LiveNode[];

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly clock: Clock,
    options: SessionPlacementOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_CLUSTER_TIMING.leaseMs;
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.order = options.order ?? leastLoadedFirst;
  }

  /** The node holding the session, or the least-loaded live node that now holds it; SERVER_BUSY when none can. */
  async placeSession(sessionId: string): Promise<NodeId> {
    const id = checkSessionId(sessionId);
    const candidates = this.order(await readLiveNodes(this.redis, this.keys)).map((node) => node.id);
    const now = this.clock.now().getTime();
    const holder = await PLACE.run(
      this.redis,
      [this.keys.session(id)],
      [
        id,
        String(now),
        String(now + this.leaseMs),
        String(this.retentionMs),
        this.keys.prefix,
        String(CLUSTER_LIMITS.sessionsPerNode),
        ...candidates,
      ],
    );
    if (typeof holder !== 'string') throw new AppError('SERVER_BUSY', 'no node can take this session now');
    return holder;
  }

  /** The session's current lease, or undefined when nobody holds it (never placed, released, lapsed, holder gone). */
  async holderOf(sessionId: string): Promise<Lease | undefined> {
    const [holder, expiresAt] = await this.redis.hmGet(this.keys.session(checkSessionId(sessionId)), ['holder', 'expiresAt']);
    const expires = Number(expiresAt);
    if (!holder || !(expires > this.clock.now().getTime())) return undefined;
    if (!(await this.redis.exists(this.keys.node(holder)))) return undefined;
    return { holder, expiresAt: new Date(expires) };
  }

  /** The sessions the node holds a current lease on (at most CLUSTER_LIMITS.sessionsPerNode). */
  async sessionsOf(nodeId: string): Promise<string[]> {
    const node = checkNodeId(nodeId);
    const held = await HELD.run(this.redis, [this.keys.held(node)], [node, String(this.clock.now().getTime()), this.keys.prefix]);
    return (held as string[]).sort();
  }

  /** Extends the node's leases (with each heartbeat); answers how many it still holds. */
  async renewAll(nodeId: string): Promise<number> {
    const node = checkNodeId(nodeId);
    const expiresAt = this.clock.now().getTime() + this.leaseMs;
    const renewed = await RENEW_ALL.run(
      this.redis,
      [this.keys.held(node)],
      [node, String(expiresAt), String(this.retentionMs), this.keys.prefix],
    );
    return Number(renewed);
  }

  /** Gives the session up (it ended, or it is being moved); false when the node did not hold it. */
  async release(sessionId: string, nodeId: string): Promise<boolean> {
    const [id, node] = [checkSessionId(sessionId), checkNodeId(nodeId)];
    return (await RELEASE.run(this.redis, [this.keys.session(id), this.keys.held(node)], [node, id])) === 1;
  }

  /** Marks the node draining (no new sessions land there) and answers the sessions to move away from it. */
  async drain(nodeId: string): Promise<string[]> {
    const node = checkNodeId(nodeId);
    if (!(await this.redis.sIsMember(this.keys.nodes, node))) throw new AppError('NOT_FOUND', `no node ${node}`, 'nodeId');
    const held = await DRAIN.run(
      this.redis,
      [this.keys.held(node), this.keys.draining(node)],
      [node, String(this.clock.now().getTime()), this.keys.prefix],
    );
    return (held as string[]).sort();
  }

  /**
   * With each heartbeat: of the sessions the node has rooms for, those it must move away (all of them once it is
   * draining, else those whose lease it lost), released already.
   */
  async leaving(nodeId: string, open: readonly string[]): Promise<string[]> {
    const node = checkNodeId(nodeId);
    if (open.length === 0) return [];
    const ids = open.map((id) => checkSessionId(id));
    const leaving = await LEAVE.run(
      this.redis,
      [this.keys.held(node), this.keys.draining(node)],
      [node, String(this.clock.now().getTime()), this.keys.prefix, ...ids],
    );
    return leaving as string[];
  }

  /** Takes new sessions again (a drained node that restarts does this itself: NodeRegistry.start). */
  async undrain(nodeId: string): Promise<void> {
    await this.redis.del(this.keys.draining(checkNodeId(nodeId)));
  }
}

/**
 * Live, non-draining nodes, the least loaded first: fewest consumers per worker on average (the media work), then
 * fewest sessions (leases count at once, before the node's next heartbeat shows the room), then by id.
 */
export function leastLoadedFirst(nodes: readonly LiveNode[]): LiveNode[] {
  const consumers = (node: LiveNode) => node.load.consumersPerWorker.reduce((sum, n) => sum + n, 0) / node.load.consumersPerWorker.length;
  const sessions = (node: LiveNode) => Math.max(node.sessions, node.load.rooms);
  return nodes
    .filter((node) => !node.draining)
    .sort((a, b) => consumers(a) - consumers(b) || sessions(a) - sessions(b) || a.id.localeCompare(b.id));
}
