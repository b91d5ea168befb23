import { LETTER_PRUNE_INTERVAL_MS } from './letters/retention';
import type { FastifyInstance } from 'fastify';
import type { Server as IoServer } from 'socket.io';
import { buildApp } from './app';
import { AttendanceRecorder } from './attendance/recorder';
import { CallService } from './call/CallService';
import { RoomRegistry } from './call/RoomRegistry';
import { WorkerPool } from './call/WorkerPool';
import { CheckinCallActions } from './checkins/callActions';
import { createServices, type Services, type ServiceOptions } from './composition/services';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import { openConfiguredDatabase, type DatabaseHandle } from './db/client';
import type { NodeFilter } from './db/nodes';
import { announceDemo } from './demo/announcement';
import { ensureDemo } from './demo/seed';
import { proxyTrust } from './http/proxyTrust';
import { LiveRequests } from './program/live/LiveRequests';
import { LiveSessions, type LiveSessionsOptions } from './program/live/LiveSessions';
import { memoryLiveStore } from './program/live/liveStore';
import { CaptionBoards } from './captions/CaptionBoards';
import { CaptionRequests } from './captions/CaptionRequests';
import { createRequestHandlers } from './realtime/handlers';
import { attachRealtime } from './realtime/io';
import type { RealtimeLimits } from './realtime/limits';
import { ConnectionRevocation } from './realtime/revocation';
import { attachStaffSockets } from './realtime/staffSockets';
import { ThrottledLog } from './realtime/ThrottledLog';
import { StaffLivePublisher } from './staffLive/publisher';
import { PhoneBridge } from './phone/bridge/PhoneBridge';
import { DEFAULT_MAX_OUTBOUND_CALLS } from './phone/callOut';
import { VideoSounds } from './phone/bridge/VideoSounds';
import { CallerHandOver, HandOffTokens, type PhoneCluster } from './phone/handOff';
import { loadPrompts, type PromptLibrary } from './phone/prompts';
import { SipEndpoint } from './phone/sip';
import type { SipConfig } from './phone/types';
import { firstStartHint } from './staff/organisations';
import { planUpcomingSessions } from './venues/planner';

export interface KayoiServer {
  app: FastifyInstance;
  io: IoServer;
  db: DatabaseHandle;
  services: Services;
  pool: WorkerPool;
  rooms: RoomRegistry;
  live: LiveSessions;
  /** The telephone bridge, when SIP is configured. */
  phone: { bridge: PhoneBridge; sip: SipEndpoint } | null;
  /** Whether this server runs the installation's periodic jobs now (always alone; the leader node in a cluster). */
  runsJobs(): boolean;
  /** Ends the sessions still live long after their planned end (the auto-end timer does this every minute). */
  endOverdueSessions(): Promise<string[]>;
  /** The leader's clean-up after nodes no longer live (it runs every 30 s); nothing on a server alone. */
  cleanUpDeadNodes(): Promise<void>;
  /** The address it listens on, e.g. http://127.0.0.1:3000 (useful with port 0). */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions extends ServiceOptions {
  /** Where the demo's links (and new accounts) are written as plain text; `npm start` prints them. */
  announce?: (text: string) => void;
  /** Tests only: a shifted server clock or a shorter small-group minute for the live program. Production leaves it unset. */
  liveTestSettings?: LiveSessionsOptions;
  /** Tests only: other limits for the socket edge (e.g. a short join window). Production leaves it unset. */
  realtimeLimits?: Partial<RealtimeLimits>;
  /** Tests only: how often overdue live sessions are looked for (default every minute). */
  autoEndIntervalMs?: number;
  /** The telephone (SIP) settings; null or absent: no telephone (main.ts reads them from KAYOI_SIP_*). */
  sip?: SipConfig | null;
  /** Tests only: the prompts callers hear instead of the recorded ones (a test that does not listen to them shortens them). */
  phonePrompts?: PromptLibrary;
  /** Tests only, multi-node: a shorter heartbeat, announcement TTL and lease (a killed node noticed sooner). */
  clusterTiming?: { heartbeatMs?: number; ttlMs?: number; leaseMs?: number };
  /** Tests only, multi-node: how often the leader cleans up after nodes no longer live (default every 30 s). */
  deadNodeSweepMs?: number;
  /** Tests only: how long a session's joins and leaves are gathered into one attendance notice to staff pages. */
  staffLiveDebounceMs?: number;
}

const PLANNER_INTERVAL_MS = 60 * 60 * 1000;
const AUTO_END_INTERVAL_MS = 60 * 1000;
/** How often the cluster's leader looks for nodes gone (their announcement lapsed, 6 s after their last heartbeat). */
const DEAD_NODE_SWEEP_MS = 30 * 1000;

async function announceFirstStart(db: DatabaseHandle['db'], logger: Logger, announce?: (text: string) => void): Promise<void> {
  const hint = await firstStartHint(db);
  if (!hint) return;
  logger.warn('no organisation yet: npm run admin -- create-organisation --name … --email …');
  announce?.(hint);
}

/** Start-up, top to bottom: database, services, media workers, the call, HTTP app, realtime, listen. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<KayoiServer> {
  const db = await openConfiguredDatabase({ dbPath: config.dbPath, databaseUrl: config.databaseUrl, nodeId: config.cluster?.nodeId });
  const now = () => options.clock?.now() ?? new Date();
  const pool = await WorkerPool.start(config.media, logger);
  const rooms = new RoomRegistry(pool, logger);
  // Multi-node only when configured: without KAYOI_REDIS_URL neither the cluster module nor a Redis client is loaded.
  const cluster = config.cluster
    ? await (
        await import('./cluster/ClusterNode')
      ).startClusterNode(config.cluster, config.publicUrl, {
        rooms,
        workers: pool.size,
        logger,
        timing: options.clusterTiming,
      })
    : null;
  // The jobs for the whole installation run on one node at a time: the leader, in a cluster.
  const leads = () => cluster?.leads() ?? true;
  // What the database shows in progress (letters rendering, call connections open) is cleaned per node: at start a
  // node's own leftovers (alone: all of them), and on the leader, those of nodes no longer live (cleanUpDeadNodes).
  const ownLeftovers: NodeFilter = cluster ? { of: [cluster.id] } : {};
  const every = (ms: number, what: string, job: () => Promise<unknown>) =>
    setInterval(() => {
      if (leads()) job().catch((error: unknown) => logger.error({ err: error }, `${what} failed`));
    }, ms).unref();

  if (leads()) await planUpcomingSessions(db.db, now());
  if (config.seedDemo) announceDemo(await ensureDemo(db.db), config.publicUrl, logger, options.announce);
  await announceFirstStart(db.db, logger, options.announce);
  const services = createServices(db.db, config, logger, options);
  await cluster?.relayAccess(services.access);
  const planner = every(PLANNER_INTERVAL_MS, 'planning sessions', () => planUpcomingSessions(db.db, now()));
  const interrupted = await services.letters.failInterrupted(ownLeftovers);
  if (interrupted > 0) logger.info({ letters: interrupted }, 'letters left rendering by the previous run marked failed');
  const pruneLetters = async () => {
    const pruned = await services.letterRetention.prune(now());
    if (pruned.messages + pruned.letters > 0) logger.info(pruned, 'deleted video letters and messages past their retention period');
  };
  if (leads()) await pruneLetters();
  const letterPruning = every(LETTER_PRUNE_INTERVAL_MS, 'deleting old video letters', pruneLetters);

  const recorder = await AttendanceRecorder.start(rooms, services.callFacts, logger, ownLeftovers);
  const cleanUpDeadNodes = async () => {
    if (!cluster) return;
    const live: NodeFilter = { except: await cluster.liveNodeIds() };
    const closed = await services.callFacts.closeStaleConnections(live);
    const failed = await services.letters.failInterrupted(live);
    if (closed + failed > 0) logger.info({ connections: closed, letters: failed }, 'cleaned up after nodes no longer live');
  };
  if (leads()) await cleanUpDeadNodes();
  const deadNodeSweep = every(options.deadNodeSweepMs ?? DEAD_NODE_SWEEP_MS, 'cleaning up after dead nodes', cleanUpDeadNodes);
  const { programs, videos, letters, quizzes } = services;
  const liveStore = cluster?.liveStore ?? memoryLiveStore;
  const live = new LiveSessions(rooms, { programs, videos, letters, quizzes }, liveStore, logger, options.liveTestSettings);
  const call = new CallService(services.sessions, rooms, services.permissions, services.checkins, live);
  // At start too: a session left live by a server that stopped is ended once it is overdue.
  const endOverdueSessions = async () => {
    const ended = await call.endOverdueSessions();
    if (ended.length > 0) logger.info({ sessions: ended.length }, 'ended sessions still live long after their planned end');
    await cluster?.endings.announce(ended);
    return ended;
  };
  // The leader ended a session whose room is here: every device is told and the room closes, as on this node.
  cluster?.endings.onEnded((sessionId) => {
    void rooms.find(sessionId).then((room) => room?.endSession());
    live.dispose(sessionId);
  });
  if (leads()) await endOverdueSessions();
  const autoEnd = every(options.autoEndIntervalMs ?? AUTO_END_INTERVAL_MS, 'auto-end', endOverdueSessions);

  const phone = options.sip
    ? await startPhone(options.sip, { rooms, live, services, logger, cluster, prompts: options.phonePrompts ?? loadPrompts() })
    : null;
  const app = await buildApp(config, logger, services, cluster ?? undefined);
  const handlers = createRequestHandlers({
    call,
    checkins: new CheckinCallActions(services.checkins, services.questionnaires),
    live: new LiveRequests(live),
    captions: new CaptionRequests(
      db.db,
      new CaptionBoards(rooms, services.captionTranscripts, services.clock),
      services.captionLinks,
      services.permissions,
      rooms,
    ),
  });
  // Multi-node: rooms of sockets span the nodes (the staff pages' notices); loaded only with KAYOI_REDIS_URL.
  const socketAdapter = config.cluster
    ? await (await import('./realtime/redisAdapter')).createRedisAdapter(config.cluster.redisUrl, logger)
    : null;
  const io = attachRealtime(app.server, handlers, services.auth, logger, {
    publicUrl: config.publicUrl,
    trustProxy: proxyTrust(config.trustProxy),
    limits: options.realtimeLimits,
    revocation: new ConnectionRevocation(services.access, services.auth, services.permissions, services.sessions, logger),
    clusterOrigins: cluster?.origins,
    adapter: socketAdapter?.adapter,
  });
  const staffLive = new StaffLivePublisher({
    db: db.db,
    changes: services.staffLiveChanges,
    rooms,
    callFacts: services.callFacts,
    broadcast: attachStaffSockets(io, services.auth, services.access, new ThrottledLog(logger)),
    logger,
    attendanceDebounceMs: options.staffLiveDebounceMs,
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.tls ? 'https' : 'http'}://${config.host === 'localhost' ? 'localhost' : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(planner);
      clearInterval(autoEnd);
      clearInterval(letterPruning);
      clearInterval(deadNodeSweep);
      recorder.stop();
      phone?.bridge.close();
      await phone?.sip.stop();
      // Writes what is queued; the leaves of the rooms closing below are then written at once.
      await services.callFacts.stop();
      live.disposeAll();
      await cluster?.stop();
      await rooms.closeAll();
      staffLive.stop();
      await io.close();
      await socketAdapter?.close();
      await app.close();
      await services.close();
      await pool.close();
      await db.close();
    })());

  return { app, io, db, services, pool, rooms, live, phone, runsJobs: leads, endOverdueSessions, cleanUpDeadNodes, url, close };
}

/** The SIP endpoint and the bridge that puts callers into rooms (the prompts are read once, at start). */
async function startPhone(
  sip: SipConfig,
  deps: {
    rooms: RoomRegistry;
    live: LiveSessions;
    services: Services;
    logger: Logger;
    cluster: PhoneCluster | null;
    prompts: PromptLibrary;
  },
): Promise<{ bridge: PhoneBridge; sip: SipEndpoint }> {
  const logger = deps.logger.child({ feature: 'phone' });
  const endpoint = new SipEndpoint(sip, logger);
  const { cluster } = deps;
  // Multi-node: a caller whose session another node holds is transferred there with a signed hand-off.
  const handOver =
    cluster && sip.handOffSecret
      ? new CallerHandOver(new HandOffTokens(sip.handOffSecret), (sessionId) => cluster.phoneHolderOf(sessionId))
      : undefined;
  const bridge = new PhoneBridge({
    sip: endpoint,
    directory: deps.services.phoneDirectory,
    rooms: deps.rooms,
    live: deps.live,
    prompts: deps.prompts,
    checkins: deps.services.checkins,
    videoSounds: new VideoSounds({
      now: () => deps.live.serverTime(),
      // A letter shown at the gathering plays through the same timeline: callers hear it too.
      fileOf: (videoId) => deps.services.videos.filePathOf(videoId) ?? deps.services.letters.filePathOf(videoId),
      logger,
    }),
    line: { bindAddress: sip.bindAddress, publicAddress: sip.publicAddress, portRange: sip.rtpPortRange },
    logger,
    ...(handOver ? { handOver } : {}),
  });
  await endpoint.start();
  await cluster?.announceSip({ host: sip.publicAddress, port: endpoint.port });
  const maxOutboundCalls = sip.maxOutboundCalls ?? DEFAULT_MAX_OUTBOUND_CALLS;
  deps.services.phoneCallOut.attach(bridge, deps.rooms, {
    maxOutboundCalls,
    // Nodes sharing a trunk share its lines.
    ...(cluster ? { lines: cluster.outboundLines(maxOutboundCalls), states: cluster.callOutStates() } : {}),
    logger,
  });
  logger.info({ port: endpoint.port }, 'telephone (SIP) listening');
  return { bridge, sip: endpoint };
}
