import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { NodeId } from '@shared/cluster/schemas';
import { CLUSTER_LIMITS, HTTP_LIMITS } from '@shared/limits';

/**
 * Which reverse proxies' X-Forwarded-For / -Proto to believe: false (none, the default), true (the one proxy
 * directly in front), or a list of proxy addresses or CIDR ranges (e.g. 127.0.0.1 for nginx on the same machine).
 * http/proxyTrust.ts turns it into the one rule the API and the signalling handshake use.
 */
export type TrustProxy = boolean | string[];

const TrustProxySetting = z
  .string()
  .default('false')
  .transform((value, context): TrustProxy => {
    const text = value.trim();
    if (text === '' || text === 'false') return false;
    if (text === 'true') return true;
    const addresses = text
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (addresses.every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) return addresses;
    context.addIssue({ code: 'custom', message: 'expected false, true or a comma-separated list of addresses' });
    return z.NEVER;
  });

const port = z.coerce.number().int().min(0).max(65535);
/** Up to a day, in minutes. */
const minutes = z.coerce
  .number()
  .int()
  .min(0)
  .max(24 * 60);

const EnvSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('localhost'),
  KAYOI_DB_PATH: z.string().default(path.join('data', 'kayoi.sqlite')),
  KAYOI_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .max(CLUSTER_LIMITS.url)
    .optional(),
  KAYOI_VIDEO_DIR: z.string().optional(),
  KAYOI_PUBLIC_URL: z.url().optional(),
  KAYOI_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  MEDIA_PORT: port.default(40000),
  MEDIA_LISTEN_IP: z.string().default('127.0.0.1'),
  MEDIA_ANNOUNCED_IP: z.string().optional(),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  MEDIASOUP_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIST_DIR: z.string().default(path.join('dist', 'client')),
  KAYOI_TRUST_PROXY: TrustProxySetting,
  KAYOI_API_RATE_LIMIT: z.coerce.number().int().min(1).default(HTTP_LIMITS.apiRequestsPerMinute),
  KAYOI_JOIN_OPENS_MINUTES: minutes.optional(),
  KAYOI_JOIN_GRACE_MINUTES: minutes.optional(),
  KAYOI_AUTO_END_MINUTES: minutes.optional(),
  KAYOI_REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .max(CLUSTER_LIMITS.url)
    .optional(),
  KAYOI_NODE_ID: NodeId.optional(),
  KAYOI_ENTRY_URL: z
    .url({ protocol: /^https?$/ })
    .max(CLUSTER_LIMITS.url)
    .optional(),
});

/**
 * The day of a session: homes may join from `joinOpensMinutes` before its start until `joinGraceMinutes` after its
 * planned end; a session still live `autoEndMinutes` after its planned end is ended by the server.
 */
export interface SessionDaySettings {
  joinOpensMinutes: number;
  joinGraceMinutes: number;
  autoEndMinutes: number;
}

/** Production's day of a session. */
export const PRODUCTION_SESSION_DAY: SessionDaySettings = { joinOpensMinutes: 30, joinGraceMinutes: 30, autoEndMinutes: 60 };
/** With the demo (KAYOI_SEED_DEMO=true) unless set: a whole day each way, so the demo's 10:00 gathering works at any hour. */
export const DEMO_SESSION_DAY: SessionDaySettings = { joinOpensMinutes: 24 * 60, joinGraceMinutes: 24 * 60, autoEndMinutes: 24 * 60 };

export interface MediaConfig {
  /** Worker i's WebRtcServer listens on UDP and TCP port `port + i`. */
  port: number;
  listenIp: string;
  announcedIp: string | undefined;
  workers: number;
  logLevel: 'debug' | 'warn' | 'error' | 'none';
}

/** Multi-node (issue #17): this node's name and the Redis the nodes share; absent on a single node. */
export interface ClusterConfig {
  redisUrl: string;
  nodeId: NodeId;
  /**
   * KAYOI_ENTRY_URL: the address people open when a load balancer stands in front of the nodes. Its pages' sockets
   * are moved to the session's node (WRONG_NODE), so every node accepts that origin in the signalling handshake.
   */
  entryUrl?: string;
}

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** KAYOI_DATABASE_URL: the PostgreSQL the nodes share (issue #17); undefined (the default): SQLite at dbPath. */
  databaseUrl: string | undefined;
  /** Where uploaded exercise videos are stored; defaults to `videos/` next to the database. */
  videoDir: string;
  /** The address printed in invite links; defaults to the listening address. */
  publicUrl: string;
  seedDemo: boolean;
  tls: { certFile: string; keyFile: string } | undefined;
  media: MediaConfig;
  logLevel: string;
  clientDistDir: string;
  /** Fastify's trustProxy: whose forwarding headers make `request.ip` the real client (KAYOI_TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** API requests per client address per minute (KAYOI_API_RATE_LIMIT). */
  apiRequestsPerMinute: number;
  /** The join window and auto-end (KAYOI_JOIN_OPENS_MINUTES, KAYOI_JOIN_GRACE_MINUTES, KAYOI_AUTO_END_MINUTES). */
  sessionDay: SessionDaySettings;
  /** KAYOI_REDIS_URL and KAYOI_NODE_ID; KAYOI_ENTRY_URL; undefined (the default) is the single-node product. */
  cluster: ClusterConfig | undefined;
}

/** Reads the configuration from environment variables; every one has a default that works on localhost. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new Error('Invalid configuration: TLS_CERT_FILE and TLS_KEY_FILE must be given together');
  }
  // The demo's gathering is today at 10:00: whoever tries the demo can join it, and it is not ended, at any hour.
  const day = e.KAYOI_SEED_DEMO === 'true' ? DEMO_SESSION_DAY : PRODUCTION_SESSION_DAY;
  const sessionDay: SessionDaySettings = {
    joinOpensMinutes: e.KAYOI_JOIN_OPENS_MINUTES ?? day.joinOpensMinutes,
    joinGraceMinutes: e.KAYOI_JOIN_GRACE_MINUTES ?? day.joinGraceMinutes,
    autoEndMinutes: e.KAYOI_AUTO_END_MINUTES ?? day.autoEndMinutes,
  };
  if (sessionDay.autoEndMinutes < sessionDay.joinGraceMinutes) {
    throw new Error('Invalid configuration: KAYOI_AUTO_END_MINUTES must not be less than KAYOI_JOIN_GRACE_MINUTES');
  }
  const cluster = clusterConfig(e);
  const tls = e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined;
  const scheme = tls ? 'https' : 'http';
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.KAYOI_DB_PATH,
    databaseUrl: e.KAYOI_DATABASE_URL,
    videoDir: e.KAYOI_VIDEO_DIR ?? path.join(path.dirname(e.KAYOI_DB_PATH), 'videos'),
    publicUrl: (e.KAYOI_PUBLIC_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/$/, ''),
    seedDemo: e.KAYOI_SEED_DEMO === 'true',
    tls,
    media: {
      port: e.MEDIA_PORT,
      listenIp: e.MEDIA_LISTEN_IP,
      announcedIp: e.MEDIA_ANNOUNCED_IP,
      workers: e.MEDIASOUP_WORKERS,
      logLevel: e.MEDIASOUP_LOG_LEVEL,
    },
    logLevel: e.LOG_LEVEL,
    clientDistDir: e.CLIENT_DIST_DIR,
    trustProxy: e.KAYOI_TRUST_PROXY,
    apiRequestsPerMinute: e.KAYOI_API_RATE_LIMIT,
    sessionDay,
    cluster,
  };
}

/** Several nodes need all three: the shared Redis, a name for each node, and the address its devices reach it at. */
function clusterConfig(e: z.infer<typeof EnvSchema>): ClusterConfig | undefined {
  if (!e.KAYOI_REDIS_URL) {
    if (e.KAYOI_NODE_ID) throw new Error('Invalid configuration: KAYOI_NODE_ID needs KAYOI_REDIS_URL');
    if (e.KAYOI_ENTRY_URL) throw new Error('Invalid configuration: KAYOI_ENTRY_URL needs KAYOI_REDIS_URL');
    return undefined;
  }
  if (!e.KAYOI_NODE_ID) throw new Error('Invalid configuration: KAYOI_REDIS_URL needs KAYOI_NODE_ID (a name for this node)');
  if (!e.KAYOI_PUBLIC_URL) throw new Error('Invalid configuration: KAYOI_REDIS_URL needs KAYOI_PUBLIC_URL (where devices reach this node)');
  return { redisUrl: e.KAYOI_REDIS_URL, nodeId: e.KAYOI_NODE_ID, entryUrl: e.KAYOI_ENTRY_URL };
}
