import type { FastifyInstance } from 'fastify';
import { NodeAnnouncement, type NodeLoad, type NodeSipAddress } from '@shared/cluster/schemas';
import type { AccessEvents } from '../auth/accessEvents';
import type { Room } from '../call/Room';
import type { RoomRegistry } from '../call/RoomRegistry';
import { systemClock } from '../core/clock';
import type { ClusterConfig } from '../core/config';
import { AppError, WrongNodeError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { CallOutStates } from '../phone/callOutStates';
import type { OutboundLines } from '../phone/outboundSlots';
import { AccessRelay } from './AccessRelay';
import { ClusterKeys } from './keys';
import { LeaderLease } from './LeaderLease';
import { NodeRegistry, readLiveNodes } from './NodeRegistry';
import { RedisLiveStore } from './RedisLiveStore';
import { RedisCallOutStates } from './RedisCallOutStates';
import { RedisOutboundLines } from './RedisOutboundLines';
import { installRequestForwarding } from './requestForwarding';
import type { Redis } from './redis';
import { SessionEndings } from './SessionEndings';
import { SessionPlacement } from './SessionPlacement';
import { DEFAULT_CLUSTER_TIMING } from './timing';

/** How long a closing node waits for Redis to record that it leaves. */
const STOP_TIMEOUT_MS = 2000;

export interface ClusterNodeDeps {
  rooms: RoomRegistry;
  /** How many media workers the node runs (WorkerPool.size). */
  workers: number;
  logger: Logger;
  /** Tests: a shorter heartbeat, announcement TTL and lease, so that a killed node is noticed sooner. */
  timing?: { heartbeatMs?: number; ttlMs?: number; leaseMs?: number };
}

export interface ClusterNode {
  readonly id: string;
  /** The live nodes' public origins (refreshed with each heartbeat): pages there may open a socket here. */
  readonly origins: () => ReadonlySet<string>;
  /** The sessions' live programs, in Redis: the node a session moves to resumes its program. */
  readonly liveStore: RedisLiveStore;
  /** Whether this node runs the cluster-wide periodic jobs now (it holds the leader lease). */
  leads(): boolean;
  /** The ids of the nodes live now (announced within the TTL), this one included: whose rows in progress are kept. */
  liveNodeIds(): Promise<string[]>;
  /** Sessions ended on one node (the leader's auto-end) for the node that holds their room. */
  readonly endings: SessionEndings;
  /** This node's telephone listens at this address: announced with the node, so that callers are handed over here. */
  announceSip(address: NodeSipAddress): Promise<void>;
  /**
   * Where a telephone caller of this session goes (placing the session if nobody holds it, as a device's join does):
   * here, or the node holding it and its telephone's address (undefined when that node has no telephone).
   */
  phoneHolderOf(sessionId: string): Promise<{ here: true } | { here: false; nodeId: string; sip: NodeSipAddress | undefined }>;
  /**
   * The HTTP app forwards the requests of routes served by the session's node (「電話をかける」) to the node holding
   * the session; called before the routes are registered.
   */
  forwardSessionRequests(app: FastifyInstance): Promise<void>;
  /** The trunk's `max` lines for outgoing calls, counted across all nodes (KAYOI_SIP_MAX_OUTBOUND_CALLS). */
  outboundLines(max: number): OutboundLines;
  /** The 「電話をかける」 roster's call states, shared by the nodes: a session that moves keeps them. */
  callOutStates(): CallOutStates;
  /** Changes of access made on any node reach this node's AccessEvents, and this node's reach the others (AccessRelay). */
  relayAccess(access: AccessEvents): Promise<void>;
  /** Leaves the cluster: heartbeat stopped, announcement removed, leases released, Redis closed. */
  stop(): Promise<void>;
}

/**
 * This server as one node of several (issue #17): it announces itself with its load, places each session at its
 * first join (RoomRegistry's gate: a session held by another node answers WRONG_NODE with that node's URL), renews
 * its leases with each heartbeat and releases a session's lease when its room closes. A room whose lease it no longer
 * holds (drained with `npm run admin -- drain-node`, or taken over after Redis lost this node) is moved: its devices
 * are asked to rejoin, and their join goes through placement again.
 */
export async function startClusterNode(config: ClusterConfig, publicUrl: string, deps: ClusterNodeDeps): Promise<ClusterNode> {
  const logger = deps.logger.child({ feature: 'cluster', nodeId: config.nodeId });
  const { createClient } = await import('redis');
  const redis: Redis = createClient({ url: config.redisUrl });
  redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  const keys = new ClusterKeys();
  // Leases are wall-clock times every node compares (a test's shifted session clock must not move them).
  const placement = new SessionPlacement(redis, keys, systemClock, { leaseMs: deps.timing?.leaseMs });
  const live = new Set<Room>();
  const liveStore = new RedisLiveStore(redis, keys, logger);
  const ttlMs = deps.timing?.ttlMs ?? DEFAULT_CLUSTER_TIMING.ttlMs;
  const leader = new LeaderLease(redis, keys, config.nodeId, { ttlMs });
  const endings = await SessionEndings.start(redis, keys, config.nodeId, logger);
  const id = config.nodeId;

  let stopped = false;
  let accessRelay: AccessRelay | undefined;
  const releaseOf = (room: Room) => () => {
    live.delete(room);
    if (stopped) return;
    placement.release(room.sessionId, id).catch((error: unknown) => logger.warn({ err: error }, 'lease release failed'));
  };
  deps.rooms.on('roomCreated', (room) => {
    live.add(room);
    room.once('closed', releaseOf(room));
  });
  /** The address of the node holding the session now when it is another node (nothing placed), else null. */
  const otherHolderUrl = async (sessionId: string) => {
    const lease = await placement.holderOf(sessionId);
    return lease && lease.holder !== id ? (await announcementOf(redis, keys, lease.holder)).publicUrl : null;
  };
  deps.rooms.gateWith(
    async (sessionId) => {
      const holder = await placement.placeSession(sessionId);
      if (holder !== id) throw new WrongNodeError((await announcementOf(redis, keys, holder)).publicUrl);
    },
    async (sessionId) => {
      const url = await otherHolderUrl(sessionId);
      if (url) throw new WrongNodeError(url);
    },
  );

  // The nodes' own addresses, and the load balancer's whose pages are moved here (KAYOI_ENTRY_URL).
  const entry = config.entryUrl ? [new URL(config.entryUrl).origin] : [];
  let origins: ReadonlySet<string> = new Set([new URL(publicUrl).origin, ...entry]);
  const moveAway = async () => {
    if (live.size === 0) return;
    const rooms = [...live];
    const leaving = new Set(
      await placement.leaving(
        id,
        rooms.map((room) => room.sessionId),
      ),
    );
    for (const room of rooms.filter((r) => leaving.has(r.sessionId))) {
      logger.info({ sessionId: room.sessionId }, 'moving a session to another node');
      room.moveAway();
    }
  };
  const registry = new NodeRegistry(redis, keys, {
    id,
    publicUrl,
    load: () => loadOf(live, deps.workers),
    heartbeatMs: deps.timing?.heartbeatMs,
    ttlMs,
    onHeartbeat: async () => {
      await leader.renew();
      await placement.renewAll(id);
      await moveAway();
      origins = new Set([...(await readLiveNodes(redis, keys)).map((node) => new URL(node.publicUrl).origin), ...entry]);
    },
    onError: (error) => logger.warn({ err: error }, 'cluster heartbeat failed'),
  });
  await registry.start();
  logger.info({ publicUrl }, 'joined the cluster');

  return {
    id,
    origins: () => origins,
    liveStore,
    leads: () => leader.leads,
    liveNodeIds: async () => [...new Set([id, ...(await readLiveNodes(redis, keys)).map((node) => node.id)])],
    endings,
    announceSip: (address) => registry.announceSip(address),
    outboundLines: (max) => new RedisOutboundLines(redis, keys, { max, nodeId: id, clock: systemClock }),
    callOutStates: () => new RedisCallOutStates(redis, keys, id),
    async phoneHolderOf(sessionId) {
      const holder = await placement.placeSession(sessionId);
      if (holder === id) return { here: true };
      return { here: false, nodeId: holder, sip: (await announcementOf(redis, keys, holder)).sip };
    },
    forwardSessionRequests: (app) => installRequestForwarding(app, { nodeId: id, holderUrlOf: otherHolderUrl }),
    async relayAccess(access) {
      accessRelay = await AccessRelay.start(redis, keys, id, access, logger);
    },
    async stop() {
      stopped = true;
      const leave = (async () => {
        await liveStore.flushed();
        await registry.stop();
        await leader.release();
        await endings.stop();
        await accessRelay?.stop();
        for (const room of live) await placement.release(room.sessionId, id);
        return 'left' as const;
      })().catch((error: unknown) => {
        logger.warn({ err: error }, 'leaving the cluster failed');
        return 'failed' as const;
      });
      // Redis away: its commands would wait for a reconnection forever; the leases then lapse by themselves.
      const away = new Promise<'away'>((resolve) => setTimeout(() => resolve('away'), STOP_TIMEOUT_MS).unref());
      const left = await Promise.race([leave, away]);
      if (left === 'left') await redis.close();
      else {
        endings.destroy();
        accessRelay?.destroy();
        redis.destroy();
      }
    },
  };
}

/** The rooms this node has open, and the consumers on each media worker (the media work), for its announcement. */
function loadOf(rooms: ReadonlySet<Room>, workers: number): NodeLoad {
  const consumersPerWorker = Array.from({ length: Math.max(1, workers) }, () => 0);
  for (const room of rooms) {
    const consumers = room.listPeers().reduce((sum, peer) => sum + peer.listConsumers().length, 0);
    consumersPerWorker[room.workerIndex % consumersPerWorker.length]! += consumers;
  }
  return { rooms: rooms.size, consumersPerWorker };
}

async function announcementOf(redis: Redis, keys: ClusterKeys, nodeId: string): Promise<NodeAnnouncement> {
  const text = await redis.get(keys.node(nodeId));
  const parsed = text ? NodeAnnouncement.safeParse(JSON.parse(text)) : undefined;
  // The holder's announcement expired between the placement and here: the device tries again shortly.
  if (!parsed?.success) throw new AppError('SERVER_BUSY', 'the server of this gathering is changing; try again shortly');
  return parsed.data;
}
