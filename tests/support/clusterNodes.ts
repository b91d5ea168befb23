import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { DemoSeed } from '../../server/src/demo/seed';
import { findFreeTcpPort } from './ports';

/** A node of a test cluster: a server process of its own (tests/support/clusterNodeMain.ts). */
export interface ClusterTestNode {
  id: string;
  url: string;
  /** The demo, on the node started with `seed`. */
  demo: DemoSeed | null;
  /** SIGKILL: the node dies as in a crash (no leaving, no lease released). */
  kill(): void;
  /** SIGTERM and wait: the node leaves the cluster properly. */
  stop(): Promise<void>;
}

/**
 * Starts a node on a free port. Interim until the services run on PostgreSQL (issue #17 part 2): the nodes of a test
 * cluster share one SQLite file (WAL, separate processes), which production must not do; KAYOI_DATABASE_URL replaces it.
 */
export async function startClusterNode(options: {
  id: string;
  redisUrl: string;
  dbPath: string;
  seed?: boolean;
}): Promise<ClusterTestNode> {
  const port = await findFreeTcpPort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/clusterNodeMain.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      KAYOI_DB_PATH: options.dbPath,
      KAYOI_REDIS_URL: options.redisUrl,
      KAYOI_NODE_ID: options.id,
      KAYOI_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KAYOI_TEST_SEED: options.seed ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await readyLine(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    id: options.id,
    url: ready.url,
    demo: ready.demo,
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
