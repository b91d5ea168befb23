/**
 * Benchmark: start and restart. How long `npm start`'s server takes from launch to its first answer, and what a
 * restart (systemd after a crash or an update) does to a running gathering: from the signal to the server
 * answering again, and on to a venue tablet and a home participant both back in the call by themselves.
 *
 * The server is the production build (dist/server/main.mjs, as `npm start` and the systemd unit run it) in a child process on a fixed port with its own SQLite file and the demo seed; the pages are Debian Chromium.
 *
 *   npx tsx tests/bench/restart.ts          (KAYOI_BENCH_QUICK=1: fewer rounds)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { findFreeMediaPorts, findFreeTcpPort } from '../support/ports';
import { ensureClientBuild } from './lib/clientBuild';
import { systemBusyPercent, systemCpuTimes } from './lib/proc';
import { runBench, type BenchResult } from './lib/report';
import { fmt, median, quantile, sleep } from './lib/stats';

const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
const COLD_STARTS = QUICK ? 2 : 5;
const RESTARTS_PER_SIGNAL = QUICK ? 1 : 3;
const START_TARGET_MS = 5000;
const BUNDLE = path.resolve('dist/server/main.mjs');

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

interface Setup {
  port: number;
  env: NodeJS.ProcessEnv;
}

function launch({ env }: Setup): Server {
  const child = spawn(process.execPath, ['--enable-source-maps', BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Milliseconds from now until GET /api/health answers 200 (polled every 20 ms). */
async function untilHealthy(port: number, server: Server, timeoutMs = 60_000): Promise<number> {
  const start = performance.now();
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (performance.now() - start < timeoutMs) {
    if (exited) throw new Error(`server exited before answering:\n${server.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return performance.now() - start;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`no answer within ${timeoutMs} ms:\n${server.output()}`);
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal);
  await server.exited;
}

const callState = (page: Page) => page.getByTestId('call-status').getAttribute('data-state');

async function untilConnected(pages: Page[], timeoutMs = 60_000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    const states = await Promise.all(pages.map((p) => callState(p).catch(() => null)));
    if (states.every((s) => s === 'connected')) return performance.now() - start;
    await sleep(50);
  }
  throw new Error('the pages did not rejoin in time');
}

interface RestartSample {
  signal: NodeJS.Signals;
  /** Signal sent → old process gone. */
  stopMs: number;
  /** Launch of the new process → its first answer. */
  startMs: number;
  /** First answer → both pages back in the call. */
  rejoinAfterStartMs: number;
  /** Signal sent → both pages back in the call (no systemd RestartSec in between). */
  totalMs: number;
}

async function main(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-bench-restart-'));
  const client = ensureClientBuild();
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-changed', 'server'], { stdio: 'inherit' });
  const port = await findFreeTcpPort();
  const workers = os.availableParallelism();
  const setup: Setup = {
    port,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAYOI_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KAYOI_DB_PATH: path.join(dataDir, 'kayoi.sqlite'),
      KAYOI_SEED_DEMO: 'true',
      CLIENT_DIST_DIR: client.dir,
      MEDIA_PORT: String(await findFreeMediaPorts(workers)),
      MEDIASOUP_WORKERS: String(workers),
      LOG_LEVEL: 'warn',
    },
  };
  let browser: Browser | undefined;
  let server: Server | undefined;
  try {
    // 1. Starts: the first seeds the demo (accounts hashed, eight weeks of attendance); the others start on it.
    const busyStart = systemCpuTimes();
    await sleep(1000);
    const firstBusy = systemBusyPercent(busyStart);
    server = launch(setup);
    const firstStartMs = await untilHealthy(port, server);
    const announcement = server.output();
    await stop(server, 'SIGTERM');
    const coldStartMs: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      server = launch(setup);
      coldStartMs.push(await untilHealthy(port, server));
      await stop(server, 'SIGTERM');
      console.log(`  start ${i + 1}: ${fmt(coldStartMs.at(-1)!, 0)} ms`);
    }

    // 2. A gathering: the venue tablet (signed in as the demo host) and one home participant.
    const hostPassword = /host@example\.jp \/ (\S+)/.exec(announcement)?.[1];
    const venueLink = /Venue tablet.*?(http\S+)/.exec(announcement)?.[1];
    const homeLink = /山田 花子:\s+(http\S+)/.exec(announcement)?.[1];
    if (!hostPassword || !venueLink || !homeLink) throw new Error(`demo links not found in:\n${announcement}`);
    server = launch(setup);
    await untilHealthy(port, server);
    browser = await launchChromium();
    const venueContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const login = await venueContext.request.post(`http://127.0.0.1:${port}/api/auth/login`, {
      data: { email: 'host@example.jp', password: hostPassword },
    });
    if (!login.ok()) throw new Error(`host login failed: ${login.status()}`);
    const venue = await venueContext.newPage();
    await venue.goto(venueLink.replace('localhost', '127.0.0.1'));
    const home = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await home.goto(homeLink.replace('localhost', '127.0.0.1'));
    for (const page of [venue, home]) await page.getByTestId('join-button').click();
    await untilConnected([venue, home]);
    await sleep(2000);

    // 3. Restarts while they are in the call: a clean stop (SIGTERM, as systemd stops it) and a crash (SIGKILL).
    const samples: RestartSample[] = [];
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      for (let i = 0; i < RESTARTS_PER_SIGNAL; i++) {
        const t0 = performance.now();
        await stop(server, signal);
        const stopMs = performance.now() - t0;
        server = launch(setup);
        const startMs = await untilHealthy(port, server);
        const rejoinAfterStartMs = await untilConnected([venue, home]);
        const sample = { signal, stopMs, startMs, rejoinAfterStartMs, totalMs: performance.now() - t0 };
        samples.push(sample);
        console.log(
          `  ${signal} ${i + 1}: stop ${fmt(stopMs, 0)} ms, start ${fmt(startMs, 0)} ms, rejoin after start ${fmt(rejoinAfterStartMs, 0)} ms, total ${fmt(sample.totalMs, 0)} ms`,
        );
        await sleep(3000);
      }
    }
    const busyAfter = systemBusyPercent(busyStart);

    const startP50 = median(coldStartMs);
    const total = samples.map((s) => s.totalMs);
    return {
      id: 'restart',
      title: '8. Start and restart: first answer, and a gathering back in the call after a restart',
      headline: [
        {
          metric: `server start → first answer (median of ${COLD_STARTS}, existing database)`,
          value: `${fmt(startP50, 0)} ms`,
          target: `< ${START_TARGET_MS} ms`,
          pass: startP50 < START_TARGET_MS,
        },
        {
          metric: 'restart → venue and home back in the call by themselves (median, max)',
          value: `${fmt(median(total), 0)} ms, max ${fmt(Math.max(...total), 0)} ms`,
          target: 'rejoin by themselves (README states it)',
          pass: true,
        },
      ],
      tables: [
        {
          title: 'restarts during a gathering (venue tablet + one home participant, both sending audio and video)',
          columns: ['signal', 'stop ms', 'start → first answer ms', 'first answer → both in the call ms', 'signal → both in the call ms'],
          rows: [
            ...samples.map((s) => [s.signal, fmt(s.stopMs, 0), fmt(s.startMs, 0), fmt(s.rejoinAfterStartMs, 0), fmt(s.totalMs, 0)]),
            [
              'median',
              fmt(median(samples.map((s) => s.stopMs)), 0),
              fmt(median(samples.map((s) => s.startMs)), 0),
              fmt(median(samples.map((s) => s.rejoinAfterStartMs)), 0),
              fmt(median(total), 0),
            ],
          ],
        },
        {
          title: 'server start → first answer of GET /api/health',
          columns: ['start', 'ms'],
          rows: [
            ['first start (seeds the demo)', fmt(firstStartMs, 0)],
            ...coldStartMs.map((ms, i) => [`start ${i + 1}`, fmt(ms, 0)]),
            ['median', fmt(startP50, 0)],
            ['p90', fmt(quantile(coldStartMs, 0.9), 0)],
          ],
        },
      ],
      method: [
        `The server is the production build dist/server/main.mjs (what \`npm start\` and the systemd unit run, after the build check) in a child process with ${workers} mediasoup workers, a SQLite file in a temp folder and the demo seed; "first answer" is the first 200 from GET /api/health, polled every 20 ms from the launch of the process.`,
        'The gathering: Debian Chromium with fake camera and microphone; the venue page signed in as the demo host and one home participant (390×844), both press the join button and are connected.',
        'Each restart: the signal is sent, the old process waited for, a new one launched at once on the same port and database (systemd adds its RestartSec=1 on top), then the pages are polled every 50 ms until both say they are connected again (the socket reconnects with a 0.5–5 s backoff, then the page rejoins the call with new transports).',
        `Machine busy: ${fmt(firstBusy, 0)} % in the second before the first start (other people's work), ${fmt(busyAfter, 0)} % over the whole run (ours included).`,
      ],
      findings: [],
      further: [],
      raw: { firstStartMs, coldStartMs, samples },
    };
  } finally {
    await browser?.close();
    if (server && server.child.exitCode === null) await stop(server, 'SIGTERM');
    client.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
