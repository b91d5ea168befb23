/**
 * The joining page's main-thread time, click on 参加する → status "connected" (issue #15): a home joins the demo call
 * where the venue and two homes are signalling-only peers producing a microphone and a simulcast camera (no real media,
 * so the machine is not filled by sending pages; the page still gets three peers, their consumers and every render of
 * the room). Each join is profiled over CDP (tests/bench/lib/pageProfile.ts) and summed; prints the median busy time
 * and, for the median join, where it went. Optionally with the page's CPU throttled.
 * `node scripts/build.mjs --if-changed client-test && flock /tmp/kayoi-browser.lock npx tsx tests/bench/join-page-cpu.ts [joins] [cpuRate]`
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { SignallingClient, joinWithCamera } from '../support/callClient';
import { requireTestClientBuild } from '../support/clientBuild';
import { startTestServer } from '../support/testServer';
import { startPageProfile, stopPageProfile, summarizePageProfile } from './lib/pageProfile';

const joins = Number(process.argv[2] ?? 5);
const cpuRate = Number(process.argv[3] ?? 1);
const buildDir = requireTestClientBuild();
const server = await startTestServer({ clientDistDir: buildDir });
const cookie = await server.login('host');
const invites = server.demo.invites;
const home = (i: number) => ({ role: 'home' as const, token: invites[i]!.token });
const peers = [new SignallingClient(server.url, cookie), new SignallingClient(server.url), new SignallingClient(server.url)];
await Promise.all(peers.map((c) => c.connected()));
await joinWithCamera(peers[0]!, { role: 'venue', sessionId: server.demo.sessionId }, 'venue-tablet');
await joinWithCamera(peers[1]!, home(1), 'home-tab-1');
await joinWithCamera(peers[2]!, home(2), 'home-tab-2');

async function oneJoin(browser: Browser): Promise<{ busyMs: number; connectedMs: number; summary: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/j/${invites[0]!.token}`);
    await page.getByTestId('join-button').waitFor();
    await page.waitForFunction(
      () => {
        const client = (window as unknown as { __kayoi?: { client: { deviceLoaded: boolean; socket: { connected: boolean } } } }).__kayoi
          ?.client;
        return !!client?.deviceLoaded && client.socket.connected;
      },
      undefined,
      { timeout: 20_000, polling: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cdp = await context.newCDPSession(page);
    if (cpuRate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await startPageProfile(cdp);
    const clicked = Date.now();
    await page.getByTestId('join-button').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="call-status"]')?.getAttribute('data-state') === 'connected',
      undefined,
      {
        timeout: 30_000,
        polling: 20,
      },
    );
    const connectedMs = Date.now() - clicked;
    const profile = await stopPageProfile(cdp);
    const summary = summarizePageProfile(profile, buildDir, 12);
    const busyMs = Number(/busy (\d+) ms/.exec(summary[0]!)?.[1]);
    return { busyMs, connectedMs, summary };
  } finally {
    await context.close();
  }
}

const browser = await launchChromium();
const results: Awaited<ReturnType<typeof oneJoin>>[] = [];
try {
  await oneJoin(browser); // warm-up: the first page load compiles everything
  for (let i = 0; i < joins; i++) {
    const result = await oneJoin(browser);
    console.log(`join ${i + 1}: main thread busy ${result.busyMs} ms, connected after ${result.connectedMs} ms`);
    results.push(result);
  }
} finally {
  await browser.close();
  for (const c of peers) c.close();
  await server.close();
}
const sorted = [...results].sort((a, b) => a.busyMs - b.busyMs);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(
  `\nCPU ×${cpuRate}: median main-thread busy ${median.busyMs} ms (min ${sorted[0]!.busyMs}, max ${sorted.at(-1)!.busyMs}); the median join:`,
);
console.log(median.summary.join('\n'));
process.exit(0);
