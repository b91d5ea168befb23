/**
 * Benchmark 12: recovery from a killed node (issue #17). A gathering — the venue tablet (signed in as the host) and
 * two homes, real pages in Debian Chromium with fake media — runs on a cluster of two nodes, the pages entering
 * through a third, drained one (the stand-in for a load balancer: it serves the pages and sends every join on with
 * WRONG_NODE). The node holding the session is killed (SIGKILL, as in a crash); timed
 * until every page is joined on a live node with media flowing again (a new receive transport receiving packets).
 * Then a fresh node takes the dead one's place and the next kill follows: p50/p90 over 5 kills.
 *
 *   flock /tmp/kayoi-browser.lock npx tsx tests/bench/cluster-recovery.ts     (KAYOI_BENCH_QUICK=1: 2 kills)
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { clusterDatabaseKind, startTestCluster, type ClusterTestNode, type TestCluster } from '../support/clusterNodes';
import { PRODUCTION_CLUSTER_TIMING, TEST_CLUSTER_TIMING } from '../support/clusterTiming';
import { ensureClientBuild } from './lib/clientBuild';
import { drainNode } from '../../server/src/cluster/admin';
import { runBench, type BenchResult } from './lib/report';
import { fmt, median, quantile, sleep } from './lib/stats';

const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
const KILLS = QUICK ? 2 : Number(process.env.KAYOI_BENCH_KILLS ?? 5);
const HOMES = 2;
const RECOVERY_TIMEOUT_MS = 30_000;
/** The issue's test asks for both devices back with media within 10 s; the benchmark reports against the same. */
const TARGET_MS = 10_000;
/**
 * The nodes run production's cluster timing (what a city's nodes do); KAYOI_BENCH_CLUSTER_TIMING=test: the tests'
 * short one instead (tests/support/clusterTiming.ts).
 */
const PRODUCTION_TIMING = process.env.KAYOI_BENCH_CLUSTER_TIMING !== 'test';
const TIMING = PRODUCTION_TIMING ? PRODUCTION_CLUSTER_TIMING : TEST_CLUSTER_TIMING;

interface PageState {
  node: string;
  state: string | null;
  transportId: string | null;
  packets: number;
}

/** Where the page's socket is, its call state, its receive transport and the packets received on it. */
function probe(page: Page): Promise<PageState> {
  return page.evaluate(async () => {
    const client = (
      window as unknown as {
        __kayoi?: {
          client: {
            socket: { connected: boolean; io: { uri: string } };
            recvTransport: { id: string; closed: boolean; getStats(): Promise<RTCStatsReport> } | null;
          };
        };
      }
    ).__kayoi?.client;
    const state = document.querySelector('[data-testid="call-status"]')?.getAttribute('data-state') ?? null;
    const transport = client?.recvTransport && !client.recvTransport.closed ? client.recvTransport : null;
    let packets = 0;
    if (transport) {
      (await transport.getStats()).forEach((stat: { type: string; packetsReceived?: number }) => {
        if (stat.type === 'inbound-rtp') packets += stat.packetsReceived ?? 0;
      });
    }
    return { node: client?.socket.connected ? client.socket.io.uri : '', state, transportId: transport?.id ?? null, packets };
  });
}

interface Device {
  name: string;
  page: Page;
  /** The receive transport before the kill (recovered = a new one with packets). */
  before?: string | null;
  recoveredMs?: number;
}

/** Polls every page until each is connected on a live node with a new receive transport receiving packets. */
async function untilRecovered(devices: Device[], dead: string | undefined, t0: number): Promise<void> {
  const deadline = t0 + RECOVERY_TIMEOUT_MS;
  while (devices.some((d) => d.recoveredMs === undefined)) {
    if (performance.now() > deadline) {
      const waiting = devices.filter((d) => d.recoveredMs === undefined);
      const states = await Promise.all(waiting.map(async (d) => `${d.name} ${JSON.stringify(await probe(d.page).catch(String))}`));
      throw new Error(`not recovered within ${RECOVERY_TIMEOUT_MS / 1000} s: ${states.join('; ')}`);
    }
    await Promise.all(
      devices
        .filter((d) => d.recoveredMs === undefined)
        .map(async (device) => {
          const state = await probe(device.page).catch(() => undefined);
          const back =
            state &&
            state.state === 'connected' &&
            state.node !== '' &&
            state.node !== dead &&
            state.transportId !== null &&
            state.transportId !== device.before &&
            state.packets > 0;
          if (back) device.recoveredMs = performance.now() - t0;
        }),
    );
    await sleep(50);
  }
}

async function main(): Promise<BenchResult> {
  const client = ensureClientBuild({ testHooks: true });
  const kind = clusterDatabaseKind();
  let cluster: TestCluster | undefined;
  let browser: Browser | undefined;
  const kills: { killed: string; devices: Record<string, number>; allMs: number; to: string }[] = [];
  const failures: string[] = [];
  try {
    cluster = await startTestCluster(['entry', 'n1', 'n2'], kind, {
      env: { CLIENT_DIST_DIR: client.dir, ...(PRODUCTION_TIMING ? { KAYOI_TEST_CLUSTER_TIMING: 'production' } : {}) },
    });
    const entry = cluster.nodes[0]!;
    // The entry takes no session: it serves the pages and answers every join with the session's node.
    await drainNode(cluster.redis!.url, entry.id);
    const live = new Set<ClusterTestNode>(cluster.nodes.slice(1));
    const [venue] = await cluster.nodes[0]!.addVenues(1, HOMES);
    const host = cluster.demo.newAccounts.find((account) => account.role === 'host')!;

    browser = await launchChromium();
    const venueContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const login = await venueContext.request.post(`${entry.url}/api/auth/login`, {
      data: { email: host.email, password: host.password },
    });
    if (!login.ok()) throw new Error(`host login failed: ${login.status()}`);
    const venuePage = await venueContext.newPage();
    await venuePage.goto(`${entry.url}/venue/${venue!.sessionId}`);
    const devices: Device[] = [{ name: 'venue', page: venuePage }];
    for (const [i, invite] of venue!.invites.entries()) {
      const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
      await page.goto(`${entry.url}/j/${invite.token}`);
      devices.push({ name: `home ${i + 1}`, page });
    }
    for (const device of devices) await device.page.getByTestId('join-button').click();
    await untilRecovered(devices, undefined, performance.now());
    await sleep(2000);

    for (let k = 0; k < KILLS; k++) {
      // The session's node: where the venue's socket is (waiting out a move still under way).
      let holder: ClusterTestNode | undefined;
      for (let tries = 0; !holder && tries < 100; tries++) {
        const where = await probe(venuePage);
        holder = [...live].find((node) => node.url === where.node);
        if (!holder) await sleep(100);
      }
      if (!holder) {
        const names = cluster.nodes.map((node) => `${node.id} ${node.url}`).join(', ');
        throw new Error(`the venue is on ${(await probe(venuePage)).node}, not a live node (${names})`);
      }
      for (const device of devices) {
        device.before = (await probe(device.page)).transportId;
        device.recoveredMs = undefined;
      }
      const t0 = performance.now();
      holder.kill();
      live.delete(holder);
      try {
        await untilRecovered(devices, holder.url, t0);
        const to = (await probe(venuePage)).node;
        const times = Object.fromEntries(devices.map((d) => [d.name, d.recoveredMs!]));
        kills.push({ killed: holder.id, devices: times, allMs: Math.max(...Object.values(times)), to });
        console.log(`  kill ${k + 1} (${holder.id}): ${devices.map((d) => `${d.name} ${fmt(d.recoveredMs!, 0)} ms`).join(', ')}`);
      } catch (error) {
        failures.push(`kill ${k + 1}: ${String(error)}`);
        break;
      }
      // A fresh node in the dead one's place, so that the next kill leaves two again.
      live.add(await cluster.addNode(`n${k + 3}`));
      await sleep(2000);
    }
  } finally {
    await browser?.close();
    await cluster?.stop();
    client.cleanup();
  }

  const all = kills.map((k) => k.allMs);
  const p50 = median(all);
  const p90 = quantile(all, 0.9);
  return {
    id: 'cluster-recovery',
    title: `12. Recovery from a killed node: a venue and ${HOMES} homes back with media (${kind === 'postgres' ? 'PostgreSQL' : 'one shared SQLite file'})`,
    headline: [
      {
        metric: `kill → every device joined on a live node with media flowing, p50 / p90 over ${kills.length} kills`,
        value: `${fmt(p50, 0)} / ${fmt(p90, 0)} ms`,
        target: `≤ ${TARGET_MS / 1000} s (the issue's test), every kill recovered`,
        pass: kills.length === KILLS && failures.length === 0 && p90 <= TARGET_MS,
      },
    ],
    tables: [
      {
        title: `${kills.length} kills of the node holding the session (SIGKILL)`,
        columns: [
          'kill',
          'node killed',
          'venue ms',
          ...Array.from({ length: HOMES }, (_, i) => `home ${i + 1} ms`),
          'all back ms',
          'now on',
        ],
        rows: kills.map((k, i) => [
          i + 1,
          k.killed,
          fmt(k.devices.venue!, 0),
          ...Array.from({ length: HOMES }, (_, h) => fmt(k.devices[`home ${h + 1}`]!, 0)),
          fmt(k.allMs, 0),
          k.to,
        ]),
      },
    ],
    method: [
      `Three node processes (tests/support/clusterNodes.ts): two that hold sessions and a drained entry, on one Debian redis-server and the shared database (${kind === 'postgres' ? 'PostgreSQL' : 'one SQLite file'}), one mediasoup worker each, the production client with the test hooks; the nodes' cluster timing is ${PRODUCTION_TIMING ? "production's defaults" : "the tests' short one"} (heartbeat ${TIMING.heartbeatMs} ms, node announcement TTL ${TIMING.ttlMs} ms, session lease ${TIMING.leaseMs} ms). A dead node's sessions may be placed again as soon as its announcement has expired, so the TTL bounds the wait, not the lease.`,
      'The pages’ origin is the drained entry node (`admin drain-node`: it holds no session, serves the pages and answers every join WRONG_NODE with the session’s node), standing in for a load balancer: a plain TCP load balancer in front of the nodes cannot be the pages’ origin today, because each node accepts a socket only from its own public URL’s origin or another node’s (server/src/realtime/handshake.ts), so the moved socket is refused. A moved socket that drops comes back through the origin (client/src/call/socket.ts) and is sent to the node the session is placed on next.',
      'A kill: SIGKILL of the node the venue’s socket is on (the session’s node), which also ends its mediasoup worker; Timed from the kill until every page, polled every 50 ms, has its socket connected to a live node, the call state "connected" and a receive transport other than the one before the kill that has received RTP packets (getStats inbound-rtp).',
      'After each kill a new node is started in the dead one’s place and the pages are left 2 s before the next kill.',
    ],
    findings: [
      `Every device was back with media ${fmt(p50, 0)} ms (p50) / ${fmt(p90, 0)} ms (p90) after the kill${failures.length > 0 ? `; failures: ${failures.join('; ')}` : ''}.`,
      `What the time is made of: the socket notices the dead node (the TCP connection is reset at once on one machine; across machines a ping timeout), socket.io’s reconnection delay, the join answered WRONG_NODE or placed (the dead node’s announcement must expire first: up to ${TIMING.ttlMs} ms after its last heartbeat), then a new room, transports and consumers, and the first packets.`,
    ],
    further: [
      'Separate machines, where a node that loses power is noticed by socket.io ping timeouts rather than connection resets.',
      'More sessions on the killed node, so that their rejoins compete for the surviving nodes.',
    ],
    raw: { kills, failures, timing: TIMING },
  };
}

runBench(main);
