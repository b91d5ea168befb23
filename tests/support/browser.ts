import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for Debian's Chromium on a closed network, with a fake camera and microphone that are always allowed. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * In the tests (vitest) the fake camera makes 10 frames a second instead of Chromium's 20: they look at which pictures
 * arrive and where, not how smoothly, and every call then encodes half the frames. Its sizes, and so the simulcast
 * layers, stay those asked for. The benchmarks keep Chromium's.
 */
const TEST_CAMERA = '--use-fake-device-for-media-stream=fps=10';

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`npm run setup\` (it installs Debian's chromium).`);
  }
  const args = process.env.VITEST
    ? CHROMIUM_ARGS.map((arg) => (arg === '--use-fake-device-for-media-stream' ? TEST_CAMERA : arg))
    : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...args, ...extraArgs] });
}

/**
 * The browser files' Chromium, one per test worker: launched by the first file that asks for it and kept for the
 * worker's next browser files (isolate: false), so that a file does not pay a launch and a close (about a second on
 * 2 cores). A file gives it back with closeContexts, not close. Chromium quits with the worker: it lives on
 * Playwright's pipe to this process.
 */
export async function sharedChromium(): Promise<Browser> {
  const key = Symbol.for('kayoi.e2e.chromium');
  const worker = globalThis as { [key]?: Promise<Browser> };
  const running = await worker[key]?.catch(() => undefined);
  if (running?.isConnected()) return running;
  worker[key] = launchChromium();
  return worker[key];
}

/** Closes every context of the shared Chromium, so that nothing of a file's is left for the next (afterAll). */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  await Promise.all(browser?.contexts().map((context) => context.close()) ?? []);
}

export interface InboundTotals {
  audioBytes: number;
  videoBytes: number;
  framesDecoded: number;
}

/** Sums inbound RTP over the page's receive transport, read from RTCPeerConnection.getStats(). */
export async function inboundTotals(page: Page): Promise<InboundTotals> {
  return page.evaluate(async () => {
    const totals = { audioBytes: 0, videoBytes: 0, framesDecoded: 0 };
    const transport = (window as unknown as { __kayoi?: { client?: { recvTransport?: { getStats(): Promise<RTCStatsReport> } } } }).__kayoi
      ?.client?.recvTransport;
    if (!transport) return totals;
    const report = await transport.getStats();
    report.forEach((stat: { type: string; kind?: string; bytesReceived?: number; framesDecoded?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'audio') totals.audioBytes += stat.bytesReceived ?? 0;
      if (stat.kind === 'video') {
        totals.videoBytes += stat.bytesReceived ?? 0;
        totals.framesDecoded += stat.framesDecoded ?? 0;
      }
    });
    return totals;
  });
}

/**
 * Waits until inbound audio and video bytes (and decoded frames) rise between two readings, a quarter of a second apart
 * (the fake camera's 10 frames a second and 50 audio packets a second both arrive in that time).
 */
export async function expectMediaFlowing(page: Page, timeoutMs = 30_000): Promise<{ before: InboundTotals; after: InboundTotals }> {
  const deadline = Date.now() + timeoutMs;
  let before = await inboundTotals(page);
  for (;;) {
    await page.waitForTimeout(250);
    const after = await inboundTotals(page);
    const rising =
      after.audioBytes > before.audioBytes && after.videoBytes > before.videoBytes && after.framesDecoded > before.framesDecoded;
    if (rising && before.audioBytes > 0 && before.videoBytes > 0) return { before, after };
    if (Date.now() > deadline) {
      throw new Error(`media not flowing on ${page.url()}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    }
    before = after;
  }
}

/** The largest videoWidth among the page's remote videos (0 while none has decoded a frame). */
export async function remoteVideoWidth(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].map((v) => v.videoWidth)),
  );
}
