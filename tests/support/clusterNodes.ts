import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import type { DemoSeed } from '../../server/src/demo/seed';
import type { JoinCredentials } from '@shared/call/schemas';
import type { LightPeerStreams } from '../bench/lib/lightPeer';
import type { ClusterVenue } from './clusterFixtures';
import type { NodeCommand } from './clusterNodeMain';
import { findFreeTcpPort } from './ports';
import { startPostgres, withClient, type PostgresCluster } from './postgres';
import { startRedis, type RedisServer } from './redis';

/** A node of a test cluster: a server process of its own (tests/support/clusterNodeMain.ts). */
export interface ClusterTestNode {
  id: string;
  url: string;
  /** The node's process (its CPU from /proc/<pid>/stat). */
  pid: number;
  /** The demo, on the node started with `seed`. */
  demo: DemoSeed | null;
  /** Venues with a session today and invited participants, inserted by this node into the shared database. */
  addVenues(count: number, perVenue: number): Promise<ClusterVenue[]>;
  /** A benchmark's light peer in the call on this node (tests/bench/lib/lightPeer.ts): the port its clip goes to. */
  addLightPeer(credentials: JoinCredentials, streams: LightPeerStreams): Promise<number>;
  /** SIGKILL: the node dies as in a crash (no leaving, no lease released). */
  kill(): void;
  /** SIGTERM and wait: the node leaves the cluster properly. */
  stop(): Promise<void>;
}

/** Where the nodes keep their data: a PostgreSQL they share (production's way), or one SQLite file (one machine only). */
export type ClusterDatabase = { url: string } | { dbPath: string };

/** Starts a node on a free port, on the shared database; without `redisUrl`, the embedded single-node product. */
export async function startClusterNode(options: {
  id: string;
  redisUrl: string | undefined;
  database: ClusterDatabase;
  seed?: boolean;
  /** More environment for the node (e.g. CLIENT_DIST_DIR). */
  env?: NodeJS.ProcessEnv;
}): Promise<ClusterTestNode> {
  const port = await findFreeTcpPort();
  const database = 'url' in options.database ? { KAYOI_DATABASE_URL: options.database.url } : { KAYOI_DB_PATH: options.database.dbPath };
  const { KAYOI_DATABASE_URL: _url, KAYOI_REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/clusterNodeMain.ts')], {
    env: {
      ...inherited,
      ...options.env,
      ...database,
      ...(options.redisUrl ? { KAYOI_REDIS_URL: options.redisUrl, KAYOI_NODE_ID: options.id } : {}),
      PORT: String(port),
      KAYOI_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KAYOI_TEST_SEED: options.seed ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const ready = await readyLine(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 1;
  const pending = new Map<number, (message: { ok: boolean; result?: unknown; error?: string }) => void>();
  child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const command = <T>(message: NodeCommand) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (answer) => (answer.ok ? resolve(answer.result as T) : reject(new Error(`node ${options.id}: ${answer.error}`))));
      child.send({ id, ...message });
    });
  return {
    id: options.id,
    url: ready.url,
    pid: child.pid!,
    demo: ready.demo,
    addVenues: (count, perVenue) => command<ClusterVenue[]>({ cmd: 'addVenues', count, perVenue }),
    addLightPeer: (credentials, streams) => command<number>({ cmd: 'addLightPeer', credentials, streams }),
    kill: () => void child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function readyLine(child: ChildProcess): Promise<{ url: string; demo: DemoSeed | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('cluster node did not start within 90 s'));
    }, 90_000);
    child.once('exit', (code) => reject(new Error(`cluster node exited with ${code} before it was ready`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('READY '.length)) as { url: string; demo: DemoSeed | null });
    });
  });
}

/** A whole local cluster for a test or a benchmark: Redis, the shared database and the nodes. */
export interface TestCluster {
  /** Undefined for a one-node reference without Redis. */
  redis: RedisServer | undefined;
  /** The PostgreSQL the nodes share (undefined on SQLite). */
  postgres: PostgresCluster | undefined;
  /** The PostgreSQL server's main process, for its CPU (undefined on SQLite). */
  postgresPid: number | undefined;
  nodes: ClusterTestNode[];
  /** The demo seeded by the first node. */
  demo: DemoSeed;
  /** Starts one more node on the same Redis and database (e.g. in place of a killed one). */
  addNode(id: string): Promise<ClusterTestNode>;
  /** The attendance rows of a session, read from the shared database. */
  attendanceRows(sessionId: string): Promise<{ participant_id: string; mode: string }[]>;
  stop(): Promise<void>;
}

/**
 * Which database a test cluster runs on: KAYOI_CLUSTER_TEST_DATABASE=postgres (the default: production's way, a
 * PostgreSQL cluster of Debian's package started for the test) or sqlite (one SQLite file the nodes share, WAL, one
 * machine only: quicker to start, and what the nodes ran on before the join path ran on PostgreSQL).
 */
export function clusterDatabaseKind(): 'postgres' | 'sqlite' {
  const kind = process.env.KAYOI_CLUSTER_TEST_DATABASE ?? 'postgres';
  if (kind !== 'postgres' && kind !== 'sqlite') throw new Error(`KAYOI_CLUSTER_TEST_DATABASE must be postgres or sqlite, not ${kind}`);
  return kind;
}

/**
 * Redis, the database (a fresh PostgreSQL cluster, or one SQLite file in a temporary folder) and a node per id, one
 * after the other: the first migrates and seeds the demo. `redis: false`: no Redis, the nodes embedded (one, as a
 * benchmark's reference: the product as `npm start` runs it, on the same kind of database).
 */
export async function startTestCluster(
  ids: readonly string[],
  kind = clusterDatabaseKind(),
  options: { redis?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<TestCluster> {
  const redis = options.redis === false ? undefined : await startRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-cluster-'));
  const dbPath = path.join(dir, 'kayoi.sqlite');
  let postgres: PostgresCluster | undefined;
  const nodes: ClusterTestNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.stop();
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const database: ClusterDatabase =
      kind === 'postgres' ? { url: await (postgres = await startPostgres()).createDatabase('kayoi') } : { dbPath };
    for (const [i, id] of ids.entries())
      nodes.push(await startClusterNode({ id, redisUrl: redis?.url, database, seed: i === 0, env: options.env }));
    const pgUrl = 'url' in database ? database.url : undefined;
    const addNode = async (id: string) => {
      const node = await startClusterNode({ id, redisUrl: redis?.url, database, env: options.env });
      nodes.push(node);
      return node;
    };
    return {
      redis,
      postgres,
      postgresPid: pgUrl ? await postmasterPid(pgUrl) : undefined,
      nodes,
      demo: nodes[0]!.demo!,
      addNode,
      attendanceRows: (sessionId) => (pgUrl ? pgAttendance(pgUrl, sessionId) : sqliteAttendance(dbPath, sessionId)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The postmaster's pid: the first line of postmaster.pid in the server's data folder. */
async function postmasterPid(url: string): Promise<number> {
  const dataDir = await withClient(
    url,
    async (client) => (await client.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory,
  );
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const ATTENDANCE = 'SELECT participant_id, mode FROM attendance WHERE session_id = $1';

async function pgAttendance(url: string, sessionId: string) {
  return withClient(url, async (client) => (await client.query<{ participant_id: string; mode: string }>(ATTENDANCE, [sessionId])).rows);
}

async function sqliteAttendance(dbPath: string, sessionId: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(ATTENDANCE.replace('$1', '?')).all(sessionId) as { participant_id: string; mode: string }[];
  } finally {
    db.close();
  }
}
