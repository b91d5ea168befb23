/**
 * The Kayoi server in a process of its own, for benchmarks that measure it from outside (its CPU, its memory,
 * its event loop not shared with the load generator). Started by serverProcess.ts with an IPC channel.
 *
 * It is `startTestServer()` (real server, real workers, temp SQLite with the demo seed) plus a few commands:
 * fixtures, memory readings after a forced GC, the worker pids, the event loop's delay.
 */
import type { JoinCredentials } from '@shared/call/schemas';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEMO_ORGANISATION_ID } from '../../../server/src/demo/seed';
import { insertUser } from '../../support/fixtures';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer';
import { addParticipants, addVenuesWithSessions, DEMO_VENUE_ID } from './fixtures';
import { joinLightPeer, type LightPeerStreams } from './lightPeer';
import { processMemoryMb } from './proc';

export type ChildCommand =
  | { cmd: 'addParticipants'; count: number; venueId?: string }
  | { cmd: 'addVenues'; count: number; perVenue: number }
  /** A host account of the demo organisation (its email and password). */
  | { cmd: 'addStaff' }
  /**
   * A light peer (lightPeer.ts) in the call, as the device these credentials join as (a home participant's invite
   * link, or the venue of a session); answers its PlainTransport's port.
   */
  | { cmd: 'addLightPeer'; credentials: JoinCredentials; streams: LightPeerStreams }
  | { cmd: 'memory'; gc: boolean }
  | { cmd: 'profileStart' }
  | { cmd: 'profileStop'; file: string }
  /** The event loop's delay since the last reading (or the start), and a new period from now. */
  | { cmd: 'loopDelay' }
  | { cmd: 'close' };

export interface ChildReady {
  type: 'ready';
  url: string;
  pid: number;
  workerPids: number[];
  demo: TestServer['demo'];
  dataDir: string;
}

/** The server's limits, when a benchmark sets them (KAYOI_BENCH_SERVER_LIMITS, JSON). */
export type ServerLimits = Pick<TestServerOptions, 'realtimeLimits' | 'loginLimits' | 'passwordPool'>;

/** Event-loop delay of the server's main thread over a period (perf_hooks histogram, 10 ms resolution), ms. */
export interface LoopDelayReading {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface MemoryReading {
  rssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  workers: { pid: number; rssMb: number }[];
}

async function main(): Promise<void> {
  const workers = process.env.KAYOI_BENCH_WORKERS ? Number(process.env.KAYOI_BENCH_WORKERS) : undefined;
  const limits = process.env.KAYOI_BENCH_SERVER_LIMITS ? (JSON.parse(process.env.KAYOI_BENCH_SERVER_LIMITS) as ServerLimits) : {};
  const server = await startTestServer({
    ...limits,
    clientDistDir: process.env.KAYOI_BENCH_CLIENT_DIR,
    ...(workers ? { workers } : {}),
    ...(process.env.KAYOI_BENCH_DATA_DIR ? { dataDir: process.env.KAYOI_BENCH_DATA_DIR } : {}),
  });
  const workerPids = () =>
    Array.from({ length: server.pool.size }, (_, i) => server.pool.get(i)?.worker.pid).filter((p): p is number => p !== undefined);
  const send = (message: unknown) => process.send?.(message);
  let inspector: Session | undefined;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const answer = async (message: { id: number } & ChildCommand) => {
    try {
      let result: unknown;
      switch (message.cmd) {
        case 'addParticipants':
          result = addParticipants(server.db.db, message.venueId ?? DEMO_VENUE_ID, message.count);
          break;
        case 'addVenues':
          result = addVenuesWithSessions(server.db.db, message.count, message.perVenue);
          break;
        case 'addStaff':
          result = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host' });
          break;
        case 'addLightPeer': {
          const identity = await server.services.sessions.resolveJoin(message.credentials);
          const room = await server.rooms.getOrCreate(identity.session.id);
          result = (await joinLightPeer(room, identity, message.streams)).port;
          // As CallService.join: a session is live once a device has joined it.
          await server.services.sessions.markLive(identity.session.id);
          break;
        }
        case 'memory': {
          if (message.gc && global.gc) {
            for (let i = 0; i < 3; i++) {
              global.gc();
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
          const usage = process.memoryUsage();
          const mb = (bytes: number) => bytes / 1024 / 1024;
          const own = processMemoryMb(process.pid);
          const reading: MemoryReading = {
            rssMb: own.rssMb,
            peakRssMb: own.peakMb,
            heapUsedMb: mb(usage.heapUsed),
            heapTotalMb: mb(usage.heapTotal),
            externalMb: mb(usage.external),
            workers: workerPids().map((pid) => ({ pid, rssMb: processMemoryMb(pid).rssMb })),
          };
          result = reading;
          break;
        }
        case 'profileStart':
          inspector = new Session();
          inspector.connect();
          await inspector.post('Profiler.enable');
          await inspector.post('Profiler.start');
          break;
        case 'profileStop': {
          if (!inspector) throw new Error('profiler not started');
          const { profile } = await inspector.post('Profiler.stop');
          fs.writeFileSync(message.file, JSON.stringify(profile));
          inspector.disconnect();
          inspector = undefined;
          break;
        }
        case 'loopDelay': {
          const ms = (nanoseconds: number) => nanoseconds / 1e6;
          const reading: LoopDelayReading = {
            p50Ms: ms(loopDelay.percentile(50)),
            p99Ms: ms(loopDelay.percentile(99)),
            maxMs: ms(loopDelay.max),
          };
          loopDelay.reset();
          result = reading;
          break;
        }
        case 'close':
          await server.close();
          send({ id: message.id, ok: true });
          setTimeout(() => process.exit(0), 50);
          return;
      }
      send({ id: message.id, ok: true, result });
    } catch (error) {
      send({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) });
    }
  };
  process.on('message', (message: { id: number } & ChildCommand) => void answer(message));
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  const ready: ChildReady = {
    type: 'ready',
    url: server.url,
    pid: process.pid,
    workerPids: workerPids(),
    demo: server.demo,
    dataDir: server.dataDir,
  };
  send(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
