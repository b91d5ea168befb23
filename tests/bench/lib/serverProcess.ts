import type { JoinCredentials } from '@shared/call/schemas';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildCommand, ChildReady, LoopDelayReading, MemoryReading, ServerLimits } from './serverChild';
import type { InviteFixture, VenueFixture } from './fixtures';
import type { LightPeerStreams } from './lightPeer';

const CHILD = fileURLToPath(new URL('./serverChild.ts', import.meta.url));

export interface ServerProcessOptions {
  /** Serve this built client (default dist/client). */
  clientDistDir?: string;
  /** mediasoup workers (default: one per core, as in production). */
  workers?: number;
  /** Reuse an existing data folder (its SQLite file), e.g. prepared with lots of rows. */
  dataDir?: string;
  /** Run under `/usr/bin/time -v` and parse its report when the process ends (peak memory). */
  timeV?: boolean;
  /** Extra Node.js flags for the server, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
  /**
   * The server's limits (socket edge, sign-in, password thread). Unset: the test server's, which lift the
   * per-address connection cap (tests/support/testServer.ts); pass production's explicitly to measure them.
   */
  limits?: ServerLimits;
}

export interface TimeVReport {
  maxRssMb: number;
  elapsed: string;
  userSeconds: number;
  systemSeconds: number;
}

export interface ServerProcess extends ChildReady {
  child: ChildProcess;
  addParticipants(count: number, venueId?: string): Promise<InviteFixture[]>;
  addVenues(count: number, perVenue: number): Promise<VenueFixture[]>;
  /** A host account of the demo organisation. */
  addStaff(): Promise<{ id: string; email: string; password: string }>;
  /** A light peer in the call (lightPeer.ts), joined with these credentials; the port its clip sender sends to. */
  addLightPeer(credentials: JoinCredentials, streams: LightPeerStreams): Promise<number>;
  memory(gc?: boolean): Promise<MemoryReading>;
  /** The main thread's event-loop delay since the previous call (or the start). */
  loopDelay(): Promise<LoopDelayReading>;
  /** Starts the V8 sampling profiler in the server; `profileStop` writes a .cpuprofile. */
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  /** Stops the server (and returns /usr/bin/time's report when asked for). */
  close(): Promise<TimeVReport | undefined>;
}

/** Starts the real Kayoi server (tests/support/testServer.ts) in a child process of its own. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' };
  if (options.clientDistDir) env.KAYOI_BENCH_CLIENT_DIR = options.clientDistDir;
  if (options.workers) env.KAYOI_BENCH_WORKERS = String(options.workers);
  if (options.dataDir) env.KAYOI_BENCH_DATA_DIR = options.dataDir;
  if (options.limits) env.KAYOI_BENCH_SERVER_LIMITS = JSON.stringify(options.limits);
  // KAYOI_BENCH_SERVER_NODE_ARGS: extra Node.js flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = [...(options.nodeArgs ?? []), ...(process.env.KAYOI_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const nodeArgs = [...extra, '--import', 'tsx', '--expose-gc', CHILD];
  const stdio: ('ignore' | 'pipe' | 'inherit' | 'ipc')[] = ['ignore', 'inherit', options.timeV ? 'pipe' : 'inherit', 'ipc'];
  const child = options.timeV
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...nodeArgs], { env, stdio })
    : spawn(process.execPath, nodeArgs, { env, stdio });

  // Under /usr/bin/time the server's stderr is kept (time's report is at its end) and shown only on a failure.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (options.timeV && code !== 0) process.stderr.write(stderr);
      resolve(code);
    }),
  );

  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const ready = new Promise<ChildReady>((resolve, reject) => {
    child.on('message', (message: { type?: string; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.type === 'ready') return resolve(message as unknown as ChildReady);
      const waiter = message.id !== undefined ? pending.get(message.id) : undefined;
      if (!waiter || message.id === undefined) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`server child: ${message.error}`));
    });
    void exited.then((code) => reject(new Error(`server child exited (${code}) before it was ready`)));
  });
  const request = <T>(command: ChildCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, ...command });
    });

  const info = await ready;
  return {
    ...info,
    child,
    addParticipants: (count, venueId) => request<InviteFixture[]>({ cmd: 'addParticipants', count, ...(venueId ? { venueId } : {}) }),
    addVenues: (count, perVenue) => request<VenueFixture[]>({ cmd: 'addVenues', count, perVenue }),
    addStaff: () => request<{ id: string; email: string; password: string }>({ cmd: 'addStaff' }),
    addLightPeer: (credentials, streams) => request<number>({ cmd: 'addLightPeer', credentials, streams }),
    memory: (gc = true) => request<MemoryReading>({ cmd: 'memory', gc }),
    loopDelay: () => request<LoopDelayReading>({ cmd: 'loopDelay' }),
    profileStart: () => request<void>({ cmd: 'profileStart' }),
    profileStop: (file) => request<void>({ cmd: 'profileStop', file }),
    async close() {
      if (child.exitCode === null) {
        await Promise.race([request({ cmd: 'close' }), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      return options.timeV ? parseTimeV(stderr) : undefined;
    },
  };
}

/** Reads `/usr/bin/time -v`'s report. */
export function parseTimeV(text: string): TimeVReport {
  const field = (name: string) => new RegExp(`${name}:\\s*(.+)`).exec(text)?.[1]?.trim() ?? '';
  return {
    maxRssMb: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    elapsed: field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)'),
    userSeconds: Number(field('User time \\(seconds\\)')),
    systemSeconds: Number(field('System time \\(seconds\\)')),
  };
}
