import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordSocketFrames } from './signallingFrames';

/**
 * The joining page of the join benchmarks (join-time.ts, cluster-join.ts): opened in a fresh browser context, its
 * lobby awaited as a person would, and instrumented before the click on 参加する.
 */

const PAGE_TIMEOUT_MS = 20_000;

/** Installed in the joining page before the click: timestamps on the page's own clock (performance.now()). */
export function instrument(): void {
  interface Bench {
    click: number | null;
    firstFrame: number | null;
    firstFrameFrom: string;
    firstDecoded: number | null;
    firstAudio: number | null;
    connected: number | null;
    /** Whose video has shown a frame, and how many inbound audio streams have had a packet (not timed: a check). */
    videoPeers: string[];
    audioStreams: number;
  }
  type Probe = { recvTransport?: { getStats(): Promise<RTCStatsReport> } | null };
  const w = window as unknown as { __bench: Bench; __kayoi?: { client?: Probe }; __floor?: Probe };
  const bench: Bench = {
    click: null,
    firstFrame: null,
    firstFrameFrom: '',
    firstDecoded: null,
    firstAudio: null,
    connected: null,
    videoPeers: [],
    audioStreams: 0,
  };
  w.__bench = bench;
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
        const peerId = video.getAttribute('data-peer-id') ?? '';
        if (!bench.videoPeers.includes(peerId)) bench.videoPeers.push(peerId);
        if (bench.firstFrame === null) {
          bench.firstFrame = metadata.presentationTime;
          bench.firstFrameFrom = /venue/.test(video.getAttribute('data-peer-id') ?? '') ? 'venue' : 'home';
        }
      });
    });
  };
  new MutationObserver(watch).observe(document.body, { subtree: true, childList: true });
  const sample = async () => {
    if (bench.connected === null && document.querySelector('[data-testid="call-status"]')?.getAttribute('data-state') === 'connected')
      bench.connected = performance.now();
    const transport = (w.__kayoi?.client ?? w.__floor)?.recvTransport;
    if (!transport) return;
    const report = await transport.getStats();
    const now = performance.now();
    let audioStreams = 0;
    report.forEach((stat: { type: string; kind?: string; packetsReceived?: number; framesDecoded?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'audio' && (stat.packetsReceived ?? 0) > 0) audioStreams += 1;
      if (stat.kind === 'audio' && (stat.packetsReceived ?? 0) > 0 && bench.firstAudio === null) bench.firstAudio = now;
      if (stat.kind === 'video' && (stat.framesDecoded ?? 0) > 0 && bench.firstDecoded === null) bench.firstDecoded = now;
    });
    bench.audioStreams = Math.max(bench.audioStreams, audioStreams);
    if (
      bench.firstAudio !== null &&
      bench.firstDecoded !== null &&
      bench.firstFrame !== null &&
      bench.connected !== null &&
      bench.audioStreams >= 3
    )
      clearInterval(timer);
  };
  const timer = setInterval(() => void sample(), 10);
}

/** The lobby is settled: microphone and camera live, the socket on WebSocket and (the product) the Device loaded. */
export function lobbySettled(): boolean {
  type Socket = { connected: boolean; io: { engine?: { transport?: { name: string } } } };
  const w = window as unknown as {
    __kayoi?: {
      client?: { socket: Socket; deviceLoaded: boolean; getSnapshot(): { mic: { track: unknown }; camera: { track: unknown } } };
    };
    __floor?: { socketConnected: boolean; transport: string; tracks: boolean };
  };
  if (w.__floor) return w.__floor.tracks && w.__floor.socketConnected && w.__floor.transport === 'websocket';
  const client = w.__kayoi?.client;
  if (!client) return false;
  const snapshot = client.getSnapshot();
  return (
    !!snapshot.mic.track &&
    !!snapshot.camera.track &&
    client.socket.connected &&
    client.socket.io.engine?.transport?.name === 'websocket' &&
    client.deviceLoaded
  );
}

export async function openPage(
  browser: Browser,
  url: string,
  { cpuRate = 1, frames = false }: { cpuRate?: number; frames?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  // tsx (esbuild) wraps named functions in __name(); functions handed to the page need it there too.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  if (frames) await context.addInitScript(recordSocketFrames);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  if (cpuRate > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  }
  return { context, page };
}

/**
 * Waits for the lobby as a person would see it before pressing: microphone and camera live, and whatever the page
 * prepares in the lobby (the socket, the product's Device) done — up to 10 s. False when it did not settle.
 */
export async function waitLobby(page: Page): Promise<boolean> {
  await page.getByTestId('join-button').waitFor({ state: 'visible', timeout: PAGE_TIMEOUT_MS });
  return page
    .waitForFunction(lobbySettled, undefined, { timeout: 10_000, polling: 50 })
    .then(() => true)
    .catch(() => false);
}

/** After 参加する: until the instrumented page (instrument()) has its first remote frame, first voice and "connected". */
export async function waitJoinedWithMedia(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench: { firstFrame: number | null; firstAudio: number | null; connected: number | null } })
        .__bench;
      return b.firstFrame !== null && b.firstAudio !== null && b.connected !== null;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
}
