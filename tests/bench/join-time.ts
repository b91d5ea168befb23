/**
 * Benchmark 1: join time in a real browser. Headless Debian Chromium with fake camera and microphone on
 * loopback; a session already has 3 peers (the venue tablet signed in as the host, and two home participants,
 * all sending audio and video); then 10 home participants join one after another, each in a fresh browser
 * context: from the click on 参加する to the first remote video frame rendered (requestVideoFrameCallback on the
 * remote <video>s) and to the first audio packet received (getStats of the receive transport). Each joiner leaves
 * before the next one comes. Repeated for ROUNDS rounds; percentiles per round, medians across rounds.
 *
 *   npx tsx tests/bench/join-time.ts          (KAYOI_BENCH_QUICK=1: one round of 3 joins)
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ensureClientBuild } from './lib/clientBuild';
import { cpuMeter, systemBusyPercent, systemCpuTimes } from './lib/proc';
import { runBench, type BenchResult } from './lib/report';
import { startServerProcess, type ServerProcess } from './lib/serverProcess';
import { fmt, median, quantile, sleep } from './lib/stats';

const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
const JOINS = QUICK ? 3 : 10;
const ROUNDS = QUICK ? 1 : Number(process.env.KAYOI_BENCH_ROUNDS ?? 2);
const P50_TARGET_MS = 1000;
const TIMEOUT_MS = 15_000;
const MAX_SECONDS = 70;

interface JoinSample {
  round: number;
  join: number;
  /** All in ms from the click. */
  firstVideoFrameMs: number;
  firstDecodedMs: number;
  firstAudioPacketMs: number;
  connectedMs: number;
  /** Signalling steps, ms from the click. */
  steps: Record<string, number>;
  /** Whose frame came first: 'venue' or 'home'. */
  firstVideoFrom: string;
}

/** Installed in the joining page before the click: timestamps on the page's own clock (performance.now()). */
function instrument(): void {
  interface Bench {
    click: number | null;
    firstFrame: number | null;
    firstFrameFrom: string;
    firstDecoded: number | null;
    firstAudio: number | null;
    connected: number | null;
    /** First time each signalling step happened: "<event> sent", "<event> answered", "<notice> received". */
    steps: Record<string, number>;
  }
  interface BenchSocket {
    emit(event: string, ...args: unknown[]): unknown;
    on(event: string, listener: () => void): unknown;
    onAny(listener: (event: string) => void): unknown;
  }
  const w = window as unknown as {
    __bench: Bench;
    __kayoi?: { client?: { socket?: BenchSocket; recvTransport?: { getStats(): Promise<RTCStatsReport> } | null } };
  };
  const bench: Bench = {
    click: null,
    firstFrame: null,
    firstFrameFrom: '',
    firstDecoded: null,
    firstAudio: null,
    connected: null,
    steps: {},
  };
  w.__bench = bench;
  // Repeated steps are numbered: "call:createTransport sent", then "call:createTransport sent #2", …
  const seen: Record<string, number> = {};
  const step = (name: string) => {
    if (bench.click === null) return;
    const count = (seen[name] = (seen[name] ?? 0) + 1);
    if (count <= 3) bench.steps[count === 1 ? name : `${name} #${count}`] = performance.now();
  };
  // The page's signalling: when each request leaves and is answered, when notices arrive.
  const socket = w.__kayoi?.client?.socket;
  if (socket) {
    const emit = socket.emit.bind(socket);
    socket.emit = (event: string, ...args: unknown[]) => {
      step(`${event} sent`);
      const last = args.at(-1);
      if (typeof last === 'function') {
        args[args.length - 1] = (...answer: unknown[]) => {
          step(`${event} answered`);
          return (last as (...a: unknown[]) => unknown)(...answer);
        };
      }
      return emit(event, ...args);
    };
    socket.on('connect', () => step('socket connected'));
    socket.onAny((event: string) => step(`${event} received`));
  }
  document.addEventListener(
    'click',
    (event) => {
      if ((event.target as Element | null)?.closest('[data-testid="join-button"]') && bench.click === null) bench.click = event.timeStamp;
    },
    true,
  );
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = () => {
    document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]').forEach((video) => {
      if (watched.has(video) || typeof video.requestVideoFrameCallback !== 'function') return;
      watched.add(video);
      video.requestVideoFrameCallback((_now, metadata) => {
        if (bench.firstFrame === null) {
          bench.firstFrame = metadata.presentationTime;
          bench.firstFrameFrom = video.getAttribute('data-peer-id') === 'venue' ? 'venue' : 'home';
        }
      });
    });
  };
  new MutationObserver(watch).observe(document.body, { subtree: true, childList: true });
  const sample = async () => {
    if (bench.connected === null && document.querySelector('[data-testid="call-status"]')?.getAttribute('data-state') === 'connected')
      bench.connected = performance.now();
    const transport = w.__kayoi?.client?.recvTransport;
    if (!transport) return;
    const report = await transport.getStats();
    const now = performance.now();
    report.forEach((stat: { type: string; kind?: string; packetsReceived?: number; framesDecoded?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'audio' && (stat.packetsReceived ?? 0) > 0 && bench.firstAudio === null) bench.firstAudio = now;
      if (stat.kind === 'video' && (stat.framesDecoded ?? 0) > 0 && bench.firstDecoded === null) bench.firstDecoded = now;
    });
    if (bench.firstAudio !== null && bench.firstDecoded !== null && bench.firstFrame !== null && bench.connected !== null)
      clearInterval(timer);
  };
  const timer = setInterval(() => void sample(), 10);
}

async function openCallPage(
  browser: Browser,
  url: string,
  login?: { base: string; email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  // tsx (esbuild) wraps named functions in __name(); functions handed to page.evaluate need it in the page too.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  if (login) {
    const response = await context.request.post(`${login.base}/api/auth/login`, { data: { email: login.email, password: login.password } });
    if (!response.ok()) throw new Error(`login failed: ${response.status()}`);
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return { context, page };
}

/** Waits until the page's microphone and camera are live (the lobby preview shows), as a person would before pressing. */
async function lobbyReady(page: Page): Promise<void> {
  await page.getByTestId('join-button').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  // window.__kayoi is the test build's hook; without it (or without devices) wait a moment instead.
  await page
    .waitForFunction(
      () => {
        const snapshot = (
          window as unknown as { __kayoi?: { client?: { getSnapshot(): { mic: { track: unknown }; camera: { track: unknown } } } } }
        ).__kayoi?.client?.getSnapshot();
        return !!snapshot?.mic.track && !!snapshot?.camera.track;
      },
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => page.waitForTimeout(1000));
}

async function waitConnected(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="call-status"]')?.getAttribute('data-state') === 'connected',
    undefined,
    { timeout: TIMEOUT_MS },
  );
}

async function oneJoin(browser: Browser, server: ServerProcess, token: string): Promise<Omit<JoinSample, 'round' | 'join'>> {
  const { context, page } = await openCallPage(browser, `${server.url}/j/${token}`);
  try {
    await lobbyReady(page);
    await sleep(300);
    await page.evaluate(instrument);
    await page.getByTestId('join-button').click();
    await page.waitForFunction(
      () => {
        const b = (window as unknown as { __bench: { firstFrame: number | null; firstAudio: number | null; connected: number | null } })
          .__bench;
        return b.firstFrame !== null && b.firstAudio !== null && b.connected !== null;
      },
      undefined,
      { timeout: TIMEOUT_MS, polling: 50 },
    );
    const b = await page.evaluate(
      () =>
        (
          window as unknown as {
            __bench: {
              click: number;
              firstFrame: number;
              firstFrameFrom: string;
              firstDecoded: number | null;
              firstAudio: number;
              connected: number;
              steps: Record<string, number>;
            };
          }
        ).__bench,
    );
    return {
      steps: Object.fromEntries(Object.entries(b.steps).map(([name, at]) => [name, at - b.click])),
      firstVideoFrameMs: b.firstFrame - b.click,
      firstDecodedMs: b.firstDecoded === null ? Number.NaN : b.firstDecoded - b.click,
      firstAudioPacketMs: b.firstAudio - b.click,
      connectedMs: b.connected - b.click,
      firstVideoFrom: b.firstFrameFrom,
    };
  } finally {
    await context.close();
  }
}

function stepMedian(samples: JoinSample[], name: string): number {
  return median(samples.map((s) => s.steps[name]).filter((v): v is number => v !== undefined));
}

/** What the signalling timeline says could be faster (medians, ms from the click). */
function stepFindings(samples: JoinSample[]): string[] {
  const at = (name: string) => stepMedian(samples, name);
  const socket = at('socket connected');
  const joined = at('call:join answered');
  const deviceLoaded = at('call:createTransport sent');
  const recvCreated = at('call:createTransport answered #2');
  const readySent = at('call:ready sent');
  const firstConsumer = at('call:newConsumer received');
  const audio = median(samples.map((s) => s.firstAudioPacketMs));
  if (![socket, joined, deviceLoaded, recvCreated, readySent, firstConsumer].every(Number.isFinite)) return [];
  return [
    `Timeline of a join (medians): the socket connects only after the click (${fmt(socket, 0)} ms, socket.io starts with HTTP long-polling), call:join is answered at ${fmt(joined, 0)} ms, the mediasoup Device is loaded at ${fmt(deviceLoaded, 0)} ms, both transports exist at ${fmt(recvCreated, 0)} ms and call:ready — which makes the server send consumers — goes out ${fmt(readySent - recvCreated, 0)} ms later, at ${fmt(readySent, 0)} ms, while the microphone and camera producers are created in parallel (CallClient.connectMedia); the first consumer arrives at ${fmt(firstConsumer, 0)} ms, the first audio packet at ${fmt(audio, 0)} ms, after the receive transport's own ICE/DTLS.`,
    `What would cut this further (none is a server limit): open the signalling socket (and load the Device) while the lobby is on screen rather than on the click (≈ ${fmt(socket, 0)} + ${fmt(deviceLoaded - joined, 0)} ms). Each step is a round trip: on a home line with 50–100 ms RTT the ${requestsBefore(samples, audio)} requests made one after another before the first audio packet (plus the socket.io handshake and two ICE/DTLS handshakes) cost far more than here on loopback.`,
  ];
}

function requestsBefore(samples: JoinSample[], ms: number): number {
  const names = new Set(samples.flatMap((s) => Object.keys(s.steps)));
  return [...names].filter((name) => / sent( #\d)?$/.test(name) && stepMedian(samples, name) < ms).length;
}

/** Every step seen, in the order of its median time. */
function stepRows(samples: JoinSample[]): (string | number)[][] {
  const names = new Set(samples.flatMap((s) => Object.keys(s.steps)));
  const media: [string, (s: JoinSample) => number][] = [
    ['first audio packet received', (s) => s.firstAudioPacketMs],
    ['first video frame decoded', (s) => s.firstDecodedMs],
    ['first remote video frame rendered', (s) => s.firstVideoFrameMs],
    ['status "connected" shown', (s) => s.connectedMs],
  ];
  const rows: [string, number, number][] = [
    ...[...names].map((name): [string, number, number] => {
      const values = samples.map((s) => s.steps[name]).filter((v): v is number => v !== undefined);
      return [name, median(values), values.length];
    }),
    ...media.map(([name, pick]): [string, number, number] => [name, median(samples.map(pick)), samples.length]),
  ];
  return rows.sort((a, b) => a[1] - b[1]).map(([name, ms, count]) => [name, fmt(ms, 0), count]);
}

async function main(): Promise<BenchResult> {
  // The test build: the pages' window.__kayoi tells when the socket connects and what the transports received.
  const build = ensureClientBuild({ testHooks: true });
  const server = await startServerProcess({ clientDistDir: build.dir });
  const browser = await launchChromium();
  const hostAccount = server.demo.newAccounts.find((a) => a.role === 'host')!;
  const existing: BrowserContext[] = [];
  try {
    // The 3 peers already in the call.
    const venue = await openCallPage(browser, `${server.url}/venue/${server.demo.sessionId}`, {
      base: server.url,
      email: hostAccount.email,
      password: hostAccount.password,
    });
    existing.push(venue.context);
    await lobbyReady(venue.page);
    await venue.page.getByTestId('join-button').click();
    await waitConnected(venue.page);
    for (const invite of server.demo.invites.slice(0, 2)) {
      const home = await openCallPage(browser, `${server.url}/j/${invite.token}`);
      existing.push(home.context);
      await lobbyReady(home.page);
      await home.page.getByTestId('join-button').click();
      await waitConnected(home.page);
    }
    await sleep(2000);

    const joiners = await server.addParticipants(JOINS * ROUNDS);
    const samples: JoinSample[] = [];
    const failures: string[] = [];
    const serverCpu = cpuMeter(server.pid);
    const system0 = systemCpuTimes();
    serverCpu.start();
    const began = Date.now();
    for (let round = 0; round < ROUNDS; round++) {
      // Keep run-all within its budget on a slow, shared machine: no new round after MAX_SECONDS.
      if (round > 0 && (Date.now() - began) / 1000 > MAX_SECONDS) break;
      for (let j = 0; j < JOINS; j++) {
        let sample: JoinSample;
        try {
          sample = { round: round + 1, join: j + 1, ...(await oneJoin(browser, server, joiners[round * JOINS + j]!.token)) };
        } catch (error) {
          const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
          failures.push(`round ${round + 1} join ${j + 1}: ${message}`);
          console.log(`  round ${round + 1} join ${j + 1}: FAILED ${message}`);
          continue;
        }
        samples.push(sample);
        console.log(
          `  round ${round + 1} join ${j + 1}: video ${fmt(sample.firstVideoFrameMs, 0)} ms, audio ${fmt(sample.firstAudioPacketMs, 0)} ms, connected ${fmt(sample.connectedMs, 0)} ms`,
        );
        await sleep(500);
      }
    }
    const serverCpuPct = serverCpu.stop();
    const machineBusyPct = systemBusyPercent(system0);

    const rounds = Array.from({ length: ROUNDS }, (_, r) => samples.filter((s) => s.round === r + 1)).filter((list) => list.length > 0);
    const per = (pick: (s: JoinSample) => number, q: number) => median(rounds.map((list) => quantile(list.map(pick), q)));
    const video50 = per((s) => s.firstVideoFrameMs, 0.5);
    const video90 = per((s) => s.firstVideoFrameMs, 0.9);
    const audio50 = per((s) => s.firstAudioPacketMs, 0.5);
    const audio90 = per((s) => s.firstAudioPacketMs, 0.9);
    const connected50 = per((s) => s.connectedMs, 0.5);
    const decoded50 = per((s) => s.firstDecodedMs, 0.5);

    return {
      id: 'join-time',
      title: '1. Join time in a real browser (click on 参加する → first remote frame)',
      headline: [
        {
          metric: `first remote video frame rendered, p50 / p90 (${JOINS} joins into 3 peers, median of ${rounds.length} rounds)`,
          value: `${fmt(video50, 0)} / ${fmt(video90, 0)} ms`,
          target: `p50 < ${P50_TARGET_MS} ms`,
          pass: video50 < P50_TARGET_MS && failures.length === 0,
        },
        ...(failures.length > 0
          ? [
              {
                metric: 'joins that did not show remote video and audio within 15 s',
                value: `${failures.length}`,
                target: '0',
                pass: false,
              },
            ]
          : []),
        { metric: 'first audio packet received, p50 / p90', value: `${fmt(audio50, 0)} / ${fmt(audio90, 0)} ms` },
        { metric: 'call status "connected" shown, p50', value: `${fmt(connected50, 0)} ms` },
      ],
      tables: [
        {
          title: `ms from the click, ${JOINS} joins per round into a session with 3 peers (venue + 2 homes), medians of ${rounds.length} rounds`,
          columns: ['measure', 'p50', 'p90', 'min', 'max', `target`],
          rows: [
            [
              'first remote video frame (requestVideoFrameCallback)',
              fmt(video50, 0),
              fmt(video90, 0),
              fmt(Math.min(...samples.map((s) => s.firstVideoFrameMs)), 0),
              fmt(Math.max(...samples.map((s) => s.firstVideoFrameMs)), 0),
              `p50 < ${P50_TARGET_MS} ms: ${video50 < P50_TARGET_MS ? 'PASS' : 'FAIL'}`,
            ],
            [
              'first video frame decoded (getStats framesDecoded)',
              fmt(decoded50, 0),
              fmt(
                per((s) => s.firstDecodedMs, 0.9),
                0,
              ),
              fmt(Math.min(...samples.map((s) => s.firstDecodedMs)), 0),
              fmt(Math.max(...samples.map((s) => s.firstDecodedMs)), 0),
              '—',
            ],
            [
              'first audio packet received (getStats packetsReceived)',
              fmt(audio50, 0),
              fmt(audio90, 0),
              fmt(Math.min(...samples.map((s) => s.firstAudioPacketMs)), 0),
              fmt(Math.max(...samples.map((s) => s.firstAudioPacketMs)), 0),
              '—',
            ],
            [
              'call status "connected"',
              fmt(connected50, 0),
              fmt(
                per((s) => s.connectedMs, 0.9),
                0,
              ),
              fmt(Math.min(...samples.map((s) => s.connectedMs)), 0),
              fmt(Math.max(...samples.map((s) => s.connectedMs)), 0),
              '—',
            ],
          ],
        },
        {
          title:
            "where the time goes: the joining page's signalling steps and media, ms from the click (median over all joins; repeated steps numbered #2, #3)",
          columns: ['step', 'ms (median)', 'seen in joins'],
          rows: stepRows(samples),
        },
      ],
      method: [
        'The real server (tests/support/testServer.ts, one mediasoup worker per core) in a child process, serving a fresh production build of the client; Debian Chromium headless (tests/support/browser.ts flags: fake camera and microphone, autoplay allowed) on 127.0.0.1.',
        'Before the joins: the venue page signed in as the host (はじめる) and two home participants, all connected and sending audio + simulcast video. Each joiner is a new participant (inserted with drizzle) in a fresh browser context: the page loads, the lobby gets the camera and microphone, 300 ms later 参加する is clicked by Playwright. The joiner leaves (context closed) before the next.',
        "Times are on the page's own clock from the click event's timeStamp: the first remote <video> frame from requestVideoFrameCallback (presentationTime) on any remote tile; the first inbound audio packet and the first decoded frame by polling the receive transport's getStats() every 10 ms (so up to ~10 ms late); \"connected\" when the status element says so.",
        `${rounds.length} rounds of ${JOINS}; p50/p90 per round, medians across rounds. Server CPU during the joins: ${fmt(serverCpuPct, 0)} % of a core (Node.js process only); the whole machine was ${fmt(machineBusyPct, 0)} % busy (2 cores: 3 sending Chromium pages, the joiner, the server, the workers).`,
      ],
      findings: [
        `A home participant sees the first picture ${fmt(video50, 0)} ms after pressing 参加する (p50; p90 ${fmt(video90, 0)} ms) — ${video50 < P50_TARGET_MS ? 'within' : 'over'} the 1 s target — and hears the first audio packet after ${fmt(audio50, 0)} ms.`,
        ...stepFindings(samples),
        `The first picture shown came from the venue in ${samples.filter((s) => s.firstVideoFrom === 'venue').length} of ${samples.length} joins, from one of the two homes otherwise (all three videos arrive together).`,
      ],
      further: [
        'All on one 2-core machine: the three sending pages encode 720p/360p simulcast in software while the joiner decodes, so CPU contention inflates the figures; real devices each have their own CPU. Running the senders on another machine (or real tablets) and adding network emulation (tc netem: 50–100 ms RTT, 1–2 % loss, as on home Wi-Fi or 4G) is the next step.',
        'Cold start (first visit: page download before the lobby) is not included; see benchmark 6 for the bytes.',
      ],
      raw: { samples, failures, serverCpuPct, machineBusyPct },
    };
  } finally {
    for (const context of existing) await context.close().catch(() => undefined);
    await browser.close();
    await server.close();
    build.cleanup();
  }
}

runBench(main);
