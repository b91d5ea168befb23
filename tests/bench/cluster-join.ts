/**
 * Benchmark 11: join time with two nodes against one (issue #17: within 1.2×). The same call on each side — a venue
 * and two homes already in it, light peers (lib/lightPeer.ts, lib/clipSender.ts) — and a home joining from a real
 * page (Debian Chromium, fake media), timed from the click on 参加する to the first remote video frame:
 *   - one node: the product as `npm start` runs it (no Redis), the page from that node;
 *   - two nodes: a cluster of two on Redis, the session held by node a, the page from node b (as a load balancer may
 *     send it): its join is answered WRONG_NODE, the socket moves to node a and joins there, then the media.
 * Both on the same kind of database (KAYOI_CLUSTER_TEST_DATABASE), in the same run, in alternating blocks.
 *
 *   flock /tmp/kayoi-browser.lock npx tsx tests/bench/cluster-join.ts      (KAYOI_BENCH_QUICK=1: fewer joins)
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { clusterDatabaseKind, startTestCluster, type ClusterTestNode, type TestCluster } from '../support/clusterNodes';
import { HOME_VIDEO, loadClip, VENUE_VIDEO } from './lib/clip';
import { ensureClientBuild } from './lib/clientBuild';
import { ClipSender } from './lib/clipSender';
import { instrument, openPage, waitJoinedWithMedia, waitLobby } from './lib/joinPage';
import { OPUS_PT, VP8_PT } from './lib/plainMedia';
import { machineLoadFromOthers } from './lib/proc';
import { runBench, type BenchResult } from './lib/report';
import { fmt, median, quantile, sleep } from './lib/stats';

const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
const ROUNDS = QUICK ? 2 : Number(process.env.KAYOI_BENCH_ROUNDS ?? 6);
const JOINS_PER_BLOCK = QUICK ? 1 : 2;
const RATIO_TARGET = 1.2;
const TIMEOUT_MS = 20_000;
const LIGHT_HOMES = 2;
const SETTLE_MS = 1000;
const PAYLOAD_TYPES = { video: VP8_PT, audio: OPUS_PT };

type Side = 'one' | 'two';
const SIDES: readonly Side[] = ['one', 'two'];
const LABEL: Record<Side, string> = { one: 'one node (no Redis)', two: 'two nodes, page on the other node' };

interface Join {
  side: Side;
  round: number;
  /** Click to the first remote video frame, the first audio packet, and the call "connected", ms. */
  videoMs: number;
  audioMs: number;
  connectedMs: number;
  /** The node the page's socket ended on. */
  node: string;
  othersPct: number;
}

interface Prepared {
  cluster: TestCluster;
  /** Where the pages are opened. */
  entry: ClusterTestNode;
  senders: ClipSender[];
  tokens: string[];
}

/** A session with the venue and two homes in it as light peers, on the first node that takes it. */
async function prepare(side: Side, env: NodeJS.ProcessEnv): Promise<Prepared> {
  const kind = clusterDatabaseKind();
  const cluster =
    side === 'one' ? await startTestCluster(['solo'], kind, { redis: false, env }) : await startTestCluster(['a', 'b'], kind, { env });
  const [venue] = await cluster.nodes[0]!.addVenues(1, LIGHT_HOMES + ROUNDS * JOINS_PER_BLOCK);
  const senders: ClipSender[] = [];
  const venueSender = new ClipSender(loadClip(VENUE_VIDEO), PAYLOAD_TYPES);
  // Idle nodes: the first join places the session on the first node by id (a), which is where the light peers go.
  await venueSender.start(await cluster.nodes[0]!.addLightPeer({ role: 'venue', sessionId: venue!.sessionId }, venueSender.streams()));
  senders.push(venueSender);
  for (const invite of venue!.invites.slice(0, LIGHT_HOMES)) {
    const sender = new ClipSender(loadClip(HOME_VIDEO), PAYLOAD_TYPES);
    await sender.start(await cluster.nodes[0]!.addLightPeer({ role: 'home', token: invite.token }, sender.streams()));
    senders.push(sender);
  }
  return {
    cluster,
    entry: cluster.nodes.at(-1)!,
    senders,
    tokens: venue!.invites.slice(LIGHT_HOMES).map((invite) => invite.token),
  };
}

async function oneJoin(browser: Browser, url: string): Promise<Omit<Join, 'side' | 'round' | 'othersPct'>> {
  const { context, page } = await openPage(browser, url);
  try {
    await waitLobby(page);
    await sleep(300);
    await page.evaluate(instrument);
    await page.getByTestId('join-button').click();
    await waitJoinedWithMedia(page, TIMEOUT_MS);
    return await times(page);
  } finally {
    await context.close();
  }
}

async function times(page: Page): Promise<Omit<Join, 'side' | 'round' | 'othersPct'>> {
  return page.evaluate(() => {
    const w = window as unknown as {
      __bench: { click: number; firstFrame: number; firstAudio: number; connected: number };
      __kayoi?: { client?: { socket: { io: { uri: string } } } };
    };
    const b = w.__bench;
    return {
      videoMs: b.firstFrame - b.click,
      audioMs: b.firstAudio - b.click,
      connectedMs: b.connected - b.click,
      node: w.__kayoi?.client?.socket.io.uri ?? '',
    };
  });
}

async function main(): Promise<BenchResult> {
  const client = ensureClientBuild({ testHooks: true });
  const env = { CLIENT_DIST_DIR: client.dir };
  const prepared: Partial<Record<Side, Prepared>> = {};
  let browser: Browser | undefined;
  const joins: Join[] = [];
  const failures: string[] = [];
  try {
    for (const side of SIDES) prepared[side] = await prepare(side, env);
    browser = await launchChromium();
    const next: Record<Side, number> = { one: 0, two: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first, so that neither always follows the other's block.
      for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        const mine = prepared[side]!;
        for (const other of SIDES) {
          for (const sender of prepared[other]!.senders) {
            if (other === side) sender.resume();
            else sender.pause();
          }
        }
        await sleep(SETTLE_MS);
        for (let j = 0; j < JOINS_PER_BLOCK; j++) {
          const url = `${mine.entry.url}/j/${mine.tokens[next[side]++]!}`;
          const load = machineLoadFromOthers();
          try {
            const measured = await oneJoin(browser, url);
            joins.push({ side, round, ...measured, othersPct: load.stop().othersPct });
            console.log(
              `  round ${round + 1} ${LABEL[side]}: first video ${fmt(measured.videoMs, 0)} ms, audio ${fmt(measured.audioMs, 0)} ms (on ${measured.node})`,
            );
          } catch (error) {
            failures.push(`${side}: ${String(error).split('\n')[0]}`);
          }
        }
      }
    }
  } finally {
    await browser?.close();
    for (const side of SIDES) {
      for (const sender of prepared[side]?.senders ?? []) sender.close();
      await prepared[side]?.cluster.stop();
    }
    client.cleanup();
  }
  return report(joins, failures, prepared.two?.cluster.nodes.map((n) => n.url) ?? []);
}

function report(joins: readonly Join[], failures: readonly string[], twoNodes: readonly string[]): BenchResult {
  const of = (side: Side) => joins.filter((j) => j.side === side);
  const p50 = (side: Side, pick: (j: Join) => number) => median(of(side).map(pick));
  const ratio = p50('two', (j) => j.videoMs) / p50('one', (j) => j.videoMs);
  const moved = of('two').filter((j) => j.node.startsWith(twoNodes[0] ?? '\0')).length;
  const row = (side: Side) => [
    LABEL[side],
    of(side).length,
    fmt(
      p50(side, (j) => j.videoMs),
      0,
    ),
    fmt(
      quantile(
        of(side).map((j) => j.videoMs),
        0.9,
      ),
      0,
    ),
    fmt(
      p50(side, (j) => j.audioMs),
      0,
    ),
    fmt(
      p50(side, (j) => j.connectedMs),
      0,
    ),
    fmt(
      p50(side, (j) => j.othersPct),
      0,
    ),
  ];
  return {
    id: 'cluster-join',
    title: `11. Join time with two nodes against one (${clusterDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'one shared SQLite file'})`,
    headline: [
      {
        metric: 'join p50, two nodes (WRONG_NODE move) / one node, click → first remote video frame',
        value: `${fmt(
          p50('two', (j) => j.videoMs),
          0,
        )} / ${fmt(
          p50('one', (j) => j.videoMs),
          0,
        )} ms = ${fmt(ratio, 2)}×`,
        target: `≤ ${RATIO_TARGET}×, no failed join`,
        pass: ratio <= RATIO_TARGET && failures.length === 0,
      },
    ],
    tables: [
      {
        title: `${ROUNDS} rounds × ${JOINS_PER_BLOCK} joins per side, alternating blocks`,
        columns: ['', 'joins', 'video p50 ms', 'video p90 ms', 'audio p50 ms', 'connected p50 ms', 'other work % (p50)'],
        rows: SIDES.map(row),
      },
    ],
    method: [
      'Both sides in the same run and process tree: the one-node side is a node process without KAYOI_REDIS_URL (the embedded product, as `npm start`); the two-node side is two node processes on one Debian redis-server (tests/support/clusterNodes.ts, heartbeat 300 ms); each side has its own database of the same kind (KAYOI_CLUSTER_TEST_DATABASE: PostgreSQL or a SQLite file). One mediasoup worker per node. The client is the production build with the test hooks (window.__kayoi), served by the nodes.',
      `Each side's call has ${LIGHT_HOMES + 1} peers before the joins, light peers as in benchmark 1 (the venue's 3 simulcast layers and a voice, two homes with a 640×360 stream and a voice each), put into the room by the node holding the session; only the measured side's clips are sent (the other side's paused, resumed ${SETTLE_MS} ms before its block).`,
      'On the two-node side the light peers place the session on node a (both idle: the first by id); the page is opened from node b, so every join there is answered WRONG_NODE, the socket moves to node a (client/src/call/socket.ts moveSocket) and joins again before any media: the move is inside the timed join.',
      'A join: a new home participant in a fresh browser context, its lobby settled, then the click on 参加する; timed on the page’s clock to the first remote video frame (requestVideoFrameCallback), the first audio packet and "connected" (tests/bench/lib/joinPage.ts, shared with benchmark 1).',
      'Other work: the machine’s busy time minus this benchmark’s process tree during each join (PostgreSQL, started by pg_ctl, is counted as other work).',
    ],
    findings: [
      `Two nodes / one node at p50: ${fmt(ratio, 2)}× (target ≤ ${RATIO_TARGET}×) — ${ratio <= RATIO_TARGET ? 'met' : 'missed'}; ${moved} of ${of('two').length} two-node joins ended on node a as placed.${failures.length > 0 ? ` ${failures.length} joins failed: ${[...new Set(failures)].slice(0, 3).join('; ')}.` : ''}`,
      'The move costs the WRONG_NODE answer and a new WebSocket connection to the session’s node (one more round trip and a TCP + WebSocket handshake); on loopback that is a few milliseconds, over a home line (benchmark 1’s 100 ms RTT) about two round trips more.',
    ],
    further: [
      'A load balancer that routes by session (the join link names it) would avoid the move altogether.',
      'Over a delayed line (lib/delayProxy.ts in front of each node) the move’s extra round trips would show.',
    ],
    raw: { joins, failures },
  };
}

runBench(main);
