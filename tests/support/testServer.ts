import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/src/core/config';
import { ensureDemo, type DemoSeed } from '../../server/src/demo/seed';
import { createLogger } from '../../server/src/core/logger';
import type { LiveSessionsOptions } from '../../server/src/program/live/LiveSessions';
import type { RealtimeLimits } from '../../server/src/realtime/limits';
import { startServer, type KayoiServer, type StartOptions } from '../../server/src/server';
import type { Clock } from '../../server/src/core/clock';
import { loadPrompts, PROMPT_SAMPLE_RATE, type PromptLibrary } from '../../server/src/phone/prompts';
import { TEST_SESSION_DAY } from './clock';
import { laneDatabaseOf } from './testDatabase';
import { findFreeMediaPorts } from './ports';

export interface TestServer extends KayoiServer {
  demo: DemoSeed;
  dataDir: string;
  /** Signs in as the demo organiser or host and returns the Cookie header value. */
  login(role: 'organiser' | 'host'): Promise<string>;
  /** Signs in with these credentials and returns the Cookie header value. */
  signIn(credentials: { email: string; password: string }): Promise<string>;
}

/**
 * A real server on a free port with a real SQLite file in a temp folder (under npm run test:pg, a fresh PostgreSQL
 * database: testDatabase.ts laneDatabaseOf) and real mediasoup workers.
 */
export interface TestServerOptions extends Partial<Config['media']> {
  clientDistDir?: string;
  tls?: Config['tls'];
  /** Reuse a data folder (to test a restart); it is then left in place on close. */
  dataDir?: string;
  /** Listen on this port (to restart a server where devices will look for it); default: any free port. */
  port?: number;
  /** Test settings of the live program: its server clock, how long a small-group "minute" lasts. */
  liveTestSettings?: LiveSessionsOptions;
  /** The password thread's queue, to fill it in a test. */
  passwordPool?: StartOptions['passwordPool'];
  /** Smaller sign-in limits. */
  loginLimits?: StartOptions['loginLimits'];
  /** KAYOI_PUBLIC_URL (default: http://localhost:0, as the port is chosen at start). */
  publicUrl?: string;
  /** Limits of the socket edge; by default production's, except new connections per address (see below). */
  realtimeLimits?: Partial<RealtimeLimits>;
  /** HTTP edge settings: the per-address API limit, trusted proxies, the public URL. */
  http?: Partial<Pick<Config, 'apiRequestsPerMinute' | 'trustProxy' | 'publicUrl'>>;
  /** The day-of-session rules' clock (a TestClock); default the system's. */
  clock?: Clock;
  /** The join window and auto-end; default TEST_SESSION_DAY (wide, so the demo's session is open all day). */
  sessionDay?: Config['sessionDay'];
  /** How often overdue live sessions are looked for (default every minute). */
  autoEndIntervalMs?: number;
  /** The telephone bridge's SIP settings (off by default). */
  sip?: StartOptions['sip'];
  /**
   * Every prompt cut to its first 0.2 s: the same dialog at the same steps, for a test that listens to none of them
   * and waits for what follows them (the join after 「集まりに入りました」, the BYE after the goodbye).
   */
  shortPrompts?: boolean;
  /** Multi-node: KAYOI_REDIS_URL and KAYOI_NODE_ID (publicUrl is then required), and a test heartbeat. */
  cluster?: { redisUrl: string; nodeId: string; entryUrl?: string; timing?: StartOptions['clusterTiming'] };
}

/** The recorded prompts, each cut to its first 0.2 s (shortPrompts). */
function shortenedPrompts(): PromptLibrary {
  return new Map([...loadPrompts()].map(([id, samples]) => [id, samples.subarray(0, PROMPT_SAMPLE_RATE / 5)]));
}

/**
 * Every test client connects from 127.0.0.1 and a test file opens far more sockets in ten seconds than one home
 * does; the per-address cap is tested on its own (tests/server/realtime/handshake.test.ts).
 */
const TEST_CONNECTIONS_PER_ADDRESS = { points: 100_000, seconds: 10 };

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const {
    clientDistDir,
    tls,
    dataDir: reusedDir,
    liveTestSettings,
    passwordPool,
    loginLimits,
    port,
    realtimeLimits,
    publicUrl,
    http,
    clock,
    sessionDay,
    autoEndIntervalMs,
    sip,
    shortPrompts,
    cluster,
    ...overrides
  } = options;
  const dataDir = reusedDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-test-'));
  const workers = overrides.workers ?? 1;
  const database = await laneDatabaseOf(dataDir);
  const base = loadConfig({
    PORT: String(port ?? 0),
    HOST: '127.0.0.1',
    KAYOI_DB_PATH: path.join(dataDir, 'kayoi.sqlite'),
    ...(database ? { KAYOI_DATABASE_URL: database.url } : {}),
    KAYOI_SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    CLIENT_DIST_DIR: clientDistDir ?? path.join('dist', 'client'),
    ...(publicUrl ? { KAYOI_PUBLIC_URL: publicUrl } : {}),
    ...(cluster ? { KAYOI_REDIS_URL: cluster.redisUrl, KAYOI_NODE_ID: cluster.nodeId } : {}),
    ...(cluster?.entryUrl ? { KAYOI_ENTRY_URL: cluster.entryUrl } : {}),
  });
  const config: Config = {
    ...base,
    ...http,
    tls,
    sessionDay: sessionDay ?? TEST_SESSION_DAY,
    media: { ...base.media, workers, port: await findFreeMediaPorts(workers), listenIp: '127.0.0.1', ...overrides },
  };
  const server = await startServer(config, createLogger(config.logLevel), {
    liveTestSettings,
    passwordPool,
    loginLimits,
    clock,
    autoEndIntervalMs,
    sip,
    ...(shortPrompts ? { phonePrompts: shortenedPrompts() } : {}),
    clusterTiming: cluster?.timing,
    realtimeLimits: { connectionsPerAddress: TEST_CONNECTIONS_PER_ADDRESS, ...realtimeLimits },
  });
  const demo = await ensureDemo(server.db.db);
  const close = async () => {
    await server.close();
    if (reusedDir) return;
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const login = async (role: 'organiser' | 'host') => {
    const account = demo.newAccounts.find((a) => a.role === role)!;
    return loginCookie(server.url, account.email, account.password);
  };
  const signIn = (credentials: { email: string; password: string }) => loginCookie(server.url, credentials.email, credentials.password);
  return { ...server, demo, dataDir, close, login, signIn };
}

export async function loginCookie(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}
