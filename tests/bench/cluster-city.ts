/**
 * Benchmark 10: a simulated city on three nodes (issue #17). 100 sessions of 21 signalling-only clients (a venue
 * tablet signed in as the host and 20 homes with their invite links) arrive around 10:00 across three nodes on one
 * Redis and one shared database, with the client's own socket code (tests/support/clusterDevice.ts: the real join
 * protocol, WRONG_NODE followed to the session's node). Join acknowledgement p95 against 200 ms, and the CPU of each
 * node, of Redis and of PostgreSQL over the arrivals.
 *
 *   npx tsx tests/bench/cluster-city.ts      (KAYOI_BENCH_QUICK=1: 10 sessions, faster arrivals;
 *                                             KAYOI_CLUSTER_TEST_DATABASE=postgres|sqlite: the shared database)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ClusterDevice } from '../support/clusterDevice';
import { clusterDatabaseKind, startTestCluster } from '../support/clusterNodes';
import { loginCookie } from '../support/testServer';
import { clusterParts, measureParts } from './lib/clusterLoad';
import { renderTable, runBench, type BenchResult } from './lib/report';
import { fmt, median, quantile, sleep } from './lib/stats';

const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
const SESSIONS = Number(process.env.KAYOI_BENCH_CITY_SESSIONS ?? (QUICK ? 10 : 100));
const HOMES = 20;
const NODE_IDS = ['a', 'b', 'c'];
const P95_TARGET_MS = 200;
/**
 * Arrivals in gathering time, minutes before (−) or after 10:00: the venue tablets are set up by the volunteers
 * between 09:45 and 09:55 (uniform); the homes come between 09:52 and 10:03, most just before the start (triangular,
 * peak at 10:00): people open their link when the tablet's host or the reminder says so, some late.
 */
const VENUE_ARRIVALS = { from: -15, to: -5 };
const HOME_ARRIVALS = { from: -8, peak: 0, to: 3 };
/** Gathering minutes per benchmark second: 10× compressed (and 30× in quick mode), ten times the real join rate. */
const MINUTES_PER_SECOND = Number(process.env.KAYOI_BENCH_CITY_MINUTES_PER_SECOND ?? (QUICK ? 0.5 : 1 / 6));
const JOINED_TIMEOUT_MS = 60_000;

interface Arrival {
  atMs: number;
  role: 'venue' | 'home';
  session: number;
  device?: ClusterDevice;
  arrivedAt?: number;
  joinedAt?: number;
}

/** A triangular distribution's quantile (deterministic arrivals: the i-th of n at the (i + ½)/n quantile). */
function triangular(p: number, { from, peak, to }: { from: number; peak: number; to: number }): number {
  const split = (peak - from) / (to - from);
  return p < split ? from + Math.sqrt(p * (to - from) * (peak - from)) : to - Math.sqrt((1 - p) * (to - from) * (to - peak));
}

function schedule(): Arrival[] {
  const toMs = (minute: number) => ((minute - VENUE_ARRIVALS.from) / MINUTES_PER_SECOND) * 1000;
  const arrivals: Arrival[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const p = (s + 0.5) / SESSIONS;
    arrivals.push({ atMs: toMs(VENUE_ARRIVALS.from + p * (VENUE_ARRIVALS.to - VENUE_ARRIVALS.from)), role: 'venue', session: s });
  }
  const homes = SESSIONS * HOMES;
  for (let i = 0; i < homes; i++) {
    // Spread over the sessions so that every session's homes see the whole curve.
    arrivals.push({ atMs: toMs(triangular((i + 0.5) / homes, HOME_ARRIVALS)), role: 'home', session: i % SESSIONS });
  }
  return arrivals.sort((a, b) => a.atMs - b.atMs);
}

async function main(): Promise<BenchResult> {
  const kind = clusterDatabaseKind();
  const cluster = await startTestCluster(NODE_IDS, kind);
  const devices: ClusterDevice[] = [];
  try {
    const venues = await cluster.nodes[0]!.addVenues(SESSIONS, HOMES);
    const host = cluster.demo.newAccounts.find((account) => account.role === 'host')!;
    const hostCookie = await loginCookie(cluster.nodes[0]!.url, host.email, host.password);
    const homeIndex = new Array<number>(SESSIONS).fill(0);
    const arrivals = schedule();
    const parts = await clusterParts(cluster);
    const load = measureParts(parts);
    // The clients' own event loop: a late timer or answer here is a delay the nodes did not cause.
    const clientLoop = monitorEventLoopDelay({ resolution: 10 });
    clientLoop.enable();
    const t0 = performance.now();
    let next = 0;
    // A load balancer sends each new connection to the next node; the join is placed (or moved) from there.
    for (const arrival of arrivals) {
      const wait = arrival.atMs - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      const entry = cluster.nodes[next++ % cluster.nodes.length]!.url;
      const venue = venues[arrival.session]!;
      const device =
        arrival.role === 'venue'
          ? new ClusterDevice(entry, { role: 'venue', sessionId: venue.sessionId }, `city-venue-${arrival.session}`, hostCookie)
          : new ClusterDevice(
              entry,
              { role: 'home', token: venue.invites[homeIndex[arrival.session]!++]!.token },
              `city-home-${arrival.session}-${homeIndex[arrival.session]}`,
            );
      arrival.device = device;
      arrival.arrivedAt = performance.now();
      devices.push(device);
      void device
        .until(() => device.node !== undefined, 'joined', JOINED_TIMEOUT_MS)
        .then(
          () => (arrival.joinedAt = performance.now()),
          () => undefined,
        );
    }
    const lastArrival = performance.now();
    const deadline = lastArrival + JOINED_TIMEOUT_MS;
    while (arrivals.some((a) => a.joinedAt === undefined) && performance.now() < deadline) await sleep(100);
    const used = load.stop();
    clientLoop.disable();
    const clientLoopP99Ms = clientLoop.percentile(99) / 1e6;
    const arrivalSeconds = (lastArrival - t0) / 1000;

    const joined = arrivals.filter((a) => a.joinedAt !== undefined);
    const acks = arrivals.flatMap((a) => a.device!.attempts.filter((attempt) => !attempt.code).map((attempt) => attempt.ms));
    const refused = arrivals.flatMap((a) => a.device!.attempts.filter((attempt) => attempt.code));
    const moved = refused.filter((attempt) => attempt.code === 'WRONG_NODE');
    const firstAcks = arrivals.map((a) => a.device!.attempts[0]?.ms).filter((ms): ms is number => ms !== undefined);
    const arrivalToJoined = joined.map((a) => a.joinedAt! - a.arrivedAt!);
    const sessionsOn = Object.fromEntries(cluster.nodes.map((node) => [node.url, 0]));
    for (const a of arrivals) if (a.role === 'venue' && a.device!.node) sessionsOn[a.device!.node] = (sessionsOn[a.device!.node] ?? 0) + 1;
    const p95 = quantile(acks, 0.95);
    const clients = arrivals.length;
    const peakRate = peakPerSecond(arrivals.map((a) => a.atMs));
    const partNames = Object.keys(used.pct);
    const missing = clients - joined.length;

    return {
      id: 'cluster-city',
      title: `10. A simulated city: ${SESSIONS} sessions × ${HOMES + 1} signalling clients across ${NODE_IDS.length} nodes (${kind === 'postgres' ? 'PostgreSQL' : 'one shared SQLite file'})`,
      headline: [
        {
          metric: `join acknowledgement p50 / p95 / p99 on the session's node (${acks.length} joins)`,
          value: `${fmt(quantile(acks, 0.5))} / ${fmt(p95)} / ${fmt(quantile(acks, 0.99))} ms`,
          target: `p95 < ${P95_TARGET_MS} ms, every client joined`,
          pass: p95 < P95_TARGET_MS && missing === 0,
        },
        {
          metric: 'arrival → joined p50 / p95 (connection, WRONG_NODE move, join)',
          value: `${fmt(median(arrivalToJoined))} / ${fmt(quantile(arrivalToJoined, 0.95))} ms`,
        },
        {
          metric: 'CPU over the arrivals, % of one core: ' + partNames.join(' / '),
          value: partNames.map((name) => fmt(used.pct[name]!, 0)).join(' / '),
        },
      ],
      tables: [
        {
          title: `${clients} clients arriving over ${fmt(arrivalSeconds, 0)} s (peak ${fmt(peakRate, 0)} arrivals/s), entering through the nodes in turn`,
          columns: ['', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'count'],
          rows: [
            [
              'join acknowledgement on the session’s node',
              fmt(median(acks)),
              fmt(p95),
              fmt(quantile(acks, 0.99)),
              fmt(Math.max(...acks)),
              acks.length,
            ],
            [
              'first call:join answer (WRONG_NODE included)',
              fmt(median(firstAcks)),
              fmt(quantile(firstAcks, 0.95)),
              fmt(quantile(firstAcks, 0.99)),
              fmt(Math.max(...firstAcks)),
              firstAcks.length,
            ],
            [
              'arrival → joined',
              fmt(median(arrivalToJoined)),
              fmt(quantile(arrivalToJoined, 0.95)),
              fmt(quantile(arrivalToJoined, 0.99)),
              fmt(Math.max(...arrivalToJoined)),
              joined.length,
            ],
          ],
        },
        {
          title: 'CPU from the first arrival until every client had joined (process trees from /proc/<pid>/stat)',
          columns: ['process', '% of one core', 'CPU s'],
          rows: [
            ...partNames.map((name) => [name, fmt(used.pct[name]!, 1), fmt(used.cpuSeconds[name]!, 2)]),
            [`load generator (the clients; its event loop's delay p99 ${fmt(clientLoopP99Ms, 0)} ms)`, fmt(used.loadGeneratorPct, 1), '—'],
            ['other work on the machine', fmt(used.othersPct, 1), '—'],
            ['whole machine', fmt(used.machinePct, 1), '—'],
          ],
        },
        {
          title: 'placement: sessions per node (where each venue tablet ended)',
          columns: ['node', 'sessions'],
          rows: Object.entries(sessionsOn).map(([url, count]) => [url, count]),
        },
      ],
      method: [
        `Three real node processes (tests/support/clusterNodes.ts → clusterNodeMain.ts: the server with KAYOI_REDIS_URL, one mediasoup worker each, heartbeat 300 ms), one Debian redis-server and the shared database (${kind === 'postgres' ? 'a Debian PostgreSQL cluster started for the run' : 'one SQLite file in WAL mode, the interim until the join path runs on PostgreSQL'}); ${SESSIONS} venues with a session today and ${HOMES} invited participants each inserted by the first node.`,
        `Each client is a ClusterDevice (tests/support/clusterDevice.ts): a socket.io-client socket over WebSocket with the product's client code (client/src/call/socket.ts: request, moveSocket), which sends call:join on connect and follows WRONG_NODE to the node that holds the session. Signalling only: no transports, no media. The venue tablets carry the host's session cookie. Each client enters through the next node in turn, as a round-robin load balancer would send it; the first join of a session places it on the least-loaded node (Redis lease), so about two thirds of the clients are moved.`,
        `Arrivals: the tablets between 09:45 and 09:55 (uniform: the volunteers set the venue up before the start); the homes between 09:52 and 10:03, triangular with its peak at 10:00 (people open their link in the last minutes before the start, when the host or a reminder says so, and a few come late). The schedule is deterministic (the i-th of n arrivals at the (i + ½)/n quantile) and compressed ${fmt(1 / MINUTES_PER_SECOND, 0)} s per gathering minute${MINUTES_PER_SECOND === 1 / 6 ? ' (10×: ten times the real join rate, so the figures are pessimistic)' : ''}; the homes of every session are spread over the whole curve. Clients stay connected (a gathering lasts 90 minutes).`,
        'Join acknowledgement: from emitting call:join to its answer, in the load process, for the join that succeeded (on the session’s node); the first answer of each client (often WRONG_NODE) and the time from arrival (socket created) to joined are reported beside it.',
        'CPU: user + system time of each node’s process tree (the node and its mediasoup worker), of redis-server and of PostgreSQL’s postmaster with its backends, from the first arrival until every client had joined, in % of one core; the machine’s busy time minus all of these and the load generator is other work.',
      ],
      findings: [
        `Join acknowledgement p95 ${fmt(p95)} ms against ${P95_TARGET_MS} ms — ${p95 < P95_TARGET_MS ? 'met' : 'missed'}; ${joined.length} of ${clients} clients joined${missing > 0 ? ` (${missing} did not within ${JOINED_TIMEOUT_MS / 1000} s of the last arrival)` : ''}; ${moved.length} WRONG_NODE moves, ${refused.length - moved.length} other refusals${refused.length > moved.length ? ` (${[...new Set(refused.filter((r) => r.code !== 'WRONG_NODE').map((r) => r.code))].join(', ')})` : ''}.`,
        `Placement spread the ${SESSIONS} sessions ${Object.values(sessionsOn).join(' / ')} over the nodes. Redis used ${fmt(used.pct.Redis ?? Number.NaN, 1)} % of a core${used.pct.PostgreSQL !== undefined ? `, PostgreSQL ${fmt(used.pct.PostgreSQL, 1)} %` : ''}; the nodes ${partNames
          .filter((n) => n.startsWith('node'))
          .map((n) => fmt(used.pct[n]!, 0))
          .join(' / ')} %.`,
        `The load generator (all ${clients} clients in one Node.js process) used ${fmt(used.loadGeneratorPct, 0)} % of a core, its event loop's delay p99 ${fmt(clientLoopP99Ms, 0)} ms: ${clientLoopP99Ms > 50 ? 'the clients themselves were late in sending and in reading answers, which the acknowledgement times include' : 'not a bottleneck'}.`,
        `The machine was ${fmt(used.machinePct, 0)} % busy (of ${200} % on 2 cores), ${fmt(used.othersPct, 0)} % of it other work: everything here (three nodes, their workers, Redis, the database and ${clients} clients) shares two cores, so the latencies are an upper bound of what separate machines would show.`,
      ],
      further: [
        'Separate machines for the nodes, the database and the clients; the real arrival rate (10× slower) at several times the number of sessions.',
        'Media: each join here sets up no transports; benchmark 11 measures a full join with media on one node and on two.',
      ],
      raw: {
        kind,
        sessions: SESSIONS,
        minutesPerSecond: MINUTES_PER_SECOND,
        cpu: used,
        clientLoopP99Ms,
        sessionsOn,
        acks: acks.map((ms) => Math.round(ms)),
        arrivalToJoined: arrivalToJoined.map((ms) => Math.round(ms)),
      },
    };
  } finally {
    for (const device of devices) device.close();
    await cluster.stop();
  }
}

/** The most arrivals scheduled within any one second. */
function peakPerSecond(times: readonly number[]): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

runBench(async () => {
  const result = await main();
  // The CPU table too when run alone (runBench prints the first table).
  console.log(`\n${renderTable(result.tables[1]!)}`);
  return result;
});
