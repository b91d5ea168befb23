import type { AttackOutcome, Counts } from './attack';
import type { ProfileSummary } from './cpuProfile';
import type { CpuUsage } from './proc';
import type { Sample, ProbeSamples } from './probes';
import type { BenchResult, Headline, Table } from './report';
import type { LoopDelayReading, MemoryReading } from './serverChild';
import { fmt, quantile } from './stats';

/** The tables, findings and headline of the "under attack" benchmark (tests/bench/under-attack.ts). */

export interface Scenario {
  id: string;
  label: string;
  /** How many client addresses the attack comes from. */
  addresses: number;
}

export interface Phase {
  durationMs: number;
  samples: ProbeSamples;
  loopDelay: LoopDelayReading;
  cpu: CpuUsage;
  /** Set for an attack phase. */
  attack?: AttackOutcome;
}

export interface AttackRound {
  round: number;
  scenario: string;
  quiet: Phase;
  attack: Phase;
  /** Server memory after a forced GC: just before the attack, and the settle time after it ended. */
  memoryBefore: MemoryReading;
  memoryAfter: MemoryReading;
}

export interface ScenarioProfile {
  scenario: string;
  summary: ProfileSummary;
}

export interface AttackSettings {
  quick: boolean;
  quietMs: number;
  settleMs: number;
  wrongSignIns: number;
  malformedMessages: number;
  signInConcurrency: number;
  unjoinedLanes: number;
  inCallLanes: number;
  inCallShare: number;
  homeLanes: number;
  homesPerLane: number;
}

const JOIN_RATIO_TARGET = 2;
const MEMORY_TOLERANCE_PCT = 5;

const ms = (samples: readonly Sample[]) => samples.map((s) => s.ms);
const p = (samples: readonly Sample[], q: number) => quantile(ms(samples), q);
const pooled = (phases: readonly Phase[], pick: (s: ProbeSamples) => Sample[]) => phases.flatMap((phase) => pick(phase.samples));
const pct = (before: number, after: number) => ((after - before) / before) * 100;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${fmt(value)}`;
const sum = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);

function merge(all: readonly Counts[]): Counts {
  const merged: Counts = {};
  for (const counts of all) for (const [key, n] of Object.entries(counts)) merged[key] = (merged[key] ?? 0) + n;
  return merged;
}

/** Per scenario: every figure the headline and the findings use. */
interface ScenarioFigures {
  scenario: Scenario;
  rounds: AttackRound[];
  quietJoinP95: number;
  joinP50: number;
  joinP95: number;
  ratio: number;
  /** Join p95 over the joins that started while the attack's messages were still being sent. */
  joinP95DuringMessages: number;
  joinsDuringMessages: number;
  invitePage: { p50: number; p95: number };
  healthP95: number;
  worstRssPct: number;
  logins: Counts;
  messages: Counts;
  byKind: Record<string, Counts>;
  connections: { opened: number; refused: number; closedByServer: Counts };
  joins: Counts;
  failures: Counts;
}

function figuresOf(scenario: Scenario, rounds: AttackRound[], quietJoinP95: number): ScenarioFigures {
  const attacks = rounds.map((r) => r.attack);
  const outcomes = attacks.map((a) => a.attack!);
  const joins = pooled(attacks, (s) => s.join);
  const duringMessages = attacks.flatMap((a) => a.samples.join.filter((s) => s.at < a.attack!.messagesDoneAt));
  const byKind: Record<string, Counts> = {};
  for (const outcome of outcomes)
    for (const [kind, counts] of Object.entries(outcome.messages)) byKind[kind] = merge([byKind[kind] ?? {}, counts]);
  const joinP95 = p(joins, 0.95);
  return {
    scenario,
    rounds,
    quietJoinP95,
    joinP50: p(joins, 0.5),
    joinP95,
    ratio: joinP95 / quietJoinP95,
    joinP95DuringMessages: p(duringMessages, 0.95),
    joinsDuringMessages: duringMessages.length,
    invitePage: {
      p50: p(
        pooled(attacks, (s) => s.invitePage),
        0.5,
      ),
      p95: p(
        pooled(attacks, (s) => s.invitePage),
        0.95,
      ),
    },
    healthP95: p(
      pooled(attacks, (s) => s.health),
      0.95,
    ),
    worstRssPct: Math.max(...rounds.map((r) => pct(r.memoryBefore.rssMb, r.memoryAfter.rssMb))),
    logins: merge(outcomes.map((o) => o.logins)),
    messages: merge(Object.values(byKind)),
    byKind,
    connections: {
      opened: outcomes.reduce((n, o) => n + o.connections.opened, 0),
      refused: outcomes.reduce((n, o) => n + o.connections.refused, 0),
      closedByServer: merge(outcomes.map((o) => o.connections.closedByServer)),
    },
    joins: merge(outcomes.map((o) => o.joins)),
    failures: merge(attacks.map((a) => a.samples.failures)),
  };
}

export function buildAttackReport(input: {
  rounds: AttackRound[];
  scenarios: Scenario[];
  profiles: ScenarioProfile[];
  settings: AttackSettings;
}): BenchResult {
  const { rounds, scenarios, profiles, settings } = input;
  const quietPhases = rounds.map((r) => r.quiet);
  const quiet = {
    joinP50: p(
      pooled(quietPhases, (s) => s.join),
      0.5,
    ),
    joinP95: p(
      pooled(quietPhases, (s) => s.join),
      0.95,
    ),
    invitePage: {
      p50: p(
        pooled(quietPhases, (s) => s.invitePage),
        0.5,
      ),
      p95: p(
        pooled(quietPhases, (s) => s.invitePage),
        0.95,
      ),
    },
    healthP95: p(
      pooled(quietPhases, (s) => s.health),
      0.95,
    ),
    joins: pooled(quietPhases, (s) => s.join).length,
    failures: merge(quietPhases.map((q) => q.samples.failures)),
  };
  const figures = scenarios.map((scenario) =>
    figuresOf(
      scenario,
      rounds.filter((r) => r.scenario === scenario.id),
      quiet.joinP95,
    ),
  );
  const label = (id: string) => scenarios.find((s) => s.id === id)?.label ?? id;

  const headline: Headline[] = figures.flatMap((f) => [
    {
      metric: `${f.scenario.label}: home join acknowledgement p95, quiet → under attack`,
      value: `${fmt(f.quietJoinP95)} → ${fmt(f.joinP95)} ms (×${fmt(f.ratio, 2)})`,
      target: `≤ ${JOIN_RATIO_TARGET}× quiet`,
      pass: f.ratio <= JOIN_RATIO_TARGET && sum(f.failures) === 0,
    },
    {
      metric: `${f.scenario.label}: join page's first request (GET /api/invites/:token) p50 / p95, quiet → under attack`,
      value: `${fmt(quiet.invitePage.p50)} / ${fmt(quiet.invitePage.p95)} → ${fmt(f.invitePage.p50)} / ${fmt(f.invitePage.p95)} ms`,
      target: '— (before the hardening: 3 ms → 1.3 s median)',
      pass: null,
    },
    {
      metric: `${f.scenario.label}: server RSS after GC, ${settings.settleMs / 1000} s after the attack vs just before (worst of ${f.rounds.length})`,
      value: `${signed(f.worstRssPct)} %`,
      target: `≤ +${MEMORY_TOLERANCE_PCT} %`,
      pass: f.worstRssPct <= MEMORY_TOLERANCE_PCT,
    },
  ]);

  return {
    id: 'under-attack',
    title: `7. Under attack: ${settings.wrongSignIns} wrong sign-ins and ${settings.malformedMessages.toLocaleString('en')} malformed socket messages while homes join`,
    headline,
    tables: [
      phaseTable(rounds, label),
      answersTable(figures),
      kindsTable(figures),
      memoryTable(rounds, label),
      ...profiles.flatMap((p) => profileTables(label(p.scenario), p.summary)),
    ],
    method: method(settings, scenarios),
    findings: findings(figures, quiet, profiles, rounds, label),
    further: [
      "The attacker, the measured homes and the server share one 2-core machine: under attack the attacker process alone takes a large share of a core (see the CPU columns), which a real attack from the internet would not take from the server's machine. The join figures under attack are therefore pessimistic; the server's own event-loop delay column shows what the server itself did.",
      "Per-address limits are in memory (rate-limiter-flexible's memory store): with several server processes an attacker would get one allowance per process. Its Redis store would share them.",
    ],
    raw: { settings, quiet, rounds: rounds.map(rawRound), profiles },
  };
}

function phaseTable(rounds: AttackRound[], label: (id: string) => string): Table {
  const row = (round: AttackRound, name: string, phase: Phase) => [
    round.round,
    name,
    fmt(phase.durationMs / 1000),
    phase.samples.join.length,
    fmt(p(phase.samples.join, 0.5)),
    fmt(p(phase.samples.join, 0.95)),
    fmt(Math.max(...ms(phase.samples.join))),
    fmt(p(phase.samples.connect, 0.95)),
    `${fmt(p(phase.samples.invitePage, 0.5))} / ${fmt(p(phase.samples.invitePage, 0.95))}`,
    fmt(p(phase.samples.health, 0.95)),
    `${fmt(phase.loopDelay.p99Ms)} / ${fmt(phase.loopDelay.maxMs)}`,
    [
      phase.cpu.groups.server,
      phase.cpu.groups.mediaWorkers,
      phase.attack ? (phase.attack.cpuMs / phase.durationMs) * 100 : 0,
      phase.cpu.groups.measuring,
    ]
      .map((v) => fmt(v ?? 0, 0))
      .join(' / '),
    fmt(phase.cpu.othersPct, 0),
    sum(phase.samples.failures),
  ];
  return {
    title:
      "each phase: home joins (emit → ack), the join page and /api/health as seen by honest clients, the server's event loop, and CPU (% of one core; the machine has 2)",
    columns: [
      'round',
      'phase',
      's',
      'joins',
      'join p50 ms',
      'join p95 ms',
      'join max ms',
      'connect p95 ms',
      'invite page p50 / p95 ms',
      'health p95 ms',
      'server loop delay p99 / max ms',
      'CPU % server / media workers / attacker / measuring',
      'CPU % others',
      'failures',
    ],
    rows: rounds.flatMap((r) => [
      row(r, `quiet (before ${label(r.scenario).split(' ')[0]})`, r.quiet),
      row(r, `attack ${label(r.scenario)}`, r.attack),
    ]),
  };
}

function answersTable(figures: ScenarioFigures[]): Table {
  const rows: (string | number)[][] = [];
  const section = (title: string, pick: (f: ScenarioFigures) => Counts) => {
    const keys = [...new Set(figures.flatMap((f) => Object.keys(pick(f))))].sort((a, b) => a.localeCompare(b));
    for (const key of keys) rows.push([title, key, ...figures.map((f) => pick(f)[key] ?? 0)]);
  };
  section('wrong sign-ins', (f) => f.logins);
  section('malformed messages', (f) => f.messages);
  section("attacker's connections", (f) => ({
    opened: f.connections.opened,
    'refused at the handshake': f.connections.refused,
    ...Object.fromEntries(Object.entries(f.connections.closedByServer).map(([k, n]) => [`closed: ${k}`, n])),
  }));
  section("attacker's own joins (in-call lanes)", (f) => f.joins);
  rows.push([
    'wrong sign-ins',
    "attacker's time per sign-in p50 / p95 ms",
    ...figures.map((f) =>
      f.rounds.map((r) => `${fmt(r.attack.attack!.loginMs.p50, 0)} / ${fmt(r.attack.attack!.loginMs.p95, 0)}`).join(', '),
    ),
  ]);
  rows.push([
    'timing',
    'sign-ins done / messages done after s (per round)',
    ...figures.map((f) =>
      f.rounds
        .map(
          (r) =>
            `${fmt((r.attack.attack!.loginsDoneAt - r.attack.attack!.startedAt) / 1000)} / ${fmt((r.attack.attack!.messagesDoneAt - r.attack.attack!.startedAt) / 1000)}`,
        )
        .join(', '),
    ),
  ]);
  return {
    title: 'what the attack got (all rounds of each attacker added up)',
    columns: ['', 'answer', ...figures.map((f) => f.scenario.label)],
    rows,
  };
}

function kindsTable(figures: ScenarioFigures[]): Table {
  const describe = (counts: Counts) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  return {
    title: 'malformed messages by kind and what became of them',
    columns: ['attacker', 'kind', 'sent', 'outcome'],
    rows: figures.flatMap((f) => Object.entries(f.byKind).map(([kind, counts]) => [f.scenario.label, kind, sum(counts), describe(counts)])),
  };
}

function memoryTable(rounds: AttackRound[], label: (id: string) => string): Table {
  const workers = (m: MemoryReading) => m.workers.reduce((s, w) => s + w.rssMb, 0);
  return {
    title: 'server memory after a forced GC: just before each attack and after the settle time',
    columns: [
      'round',
      'attacker',
      'RSS MB before → after',
      'RSS change',
      'heap used MB before → after',
      'media workers RSS MB before → after',
    ],
    rows: rounds.map((r) => [
      r.round,
      label(r.scenario),
      `${fmt(r.memoryBefore.rssMb)} → ${fmt(r.memoryAfter.rssMb)}`,
      `${signed(pct(r.memoryBefore.rssMb, r.memoryAfter.rssMb))} %`,
      `${fmt(r.memoryBefore.heapUsedMb)} → ${fmt(r.memoryAfter.heapUsedMb)}`,
      `${fmt(workers(r.memoryBefore))} → ${fmt(workers(r.memoryAfter))}`,
    ]),
  };
}

function profileTables(attacker: string, profile: ProfileSummary): Table[] {
  return [
    {
      title: `${attacker}: where the server's main thread spends its time during one more attack under the V8 sampling profiler (inclusive time of the project's functions, % of ${fmt(profile.busyMs, 0)} ms busy)`,
      columns: ['function', 'ms', '% of busy'],
      rows: profile.project.map((f) => [f.name, fmt(f.ms, 0), fmt(f.pct, 1)]),
    },
    {
      title: `${attacker}: self time, top entries (native included)`,
      columns: ['function', 'ms', '% of busy'],
      rows: profile.self.map((f) => [f.name, fmt(f.ms, 0), fmt(f.pct, 1)]),
    },
  ];
}

function method(s: AttackSettings, scenarios: Scenario[]): string[] {
  return [
    "The real server (tests/support/testServer.ts: real mediasoup workers, one per core, SQLite file) runs in a process of its own (tests/bench/lib/serverChild.ts) with production limits: sign-ins 5 failures per account → locked 15 min, 30 failures per address per 15 min → 429; scrypt on one password thread with a queue of 32 → 503 SERVER_BUSY; the socket edge's 16 KB message cap, 500 messages per socket per 10 s, 5 strikes before joining, per-peer request budgets, and 30 new connections per address per 10 s (the test server's lifted cap is set back to production's).",
    "Client addresses: on Linux all of 127.0.0.0/8 is the loopback, so every client binds its own 127.b.x.y (tests/bench/lib/loopback.ts) and the server sees distinct addresses with no change to its configuration. Each honest home and each page load uses a new address; each attack a fresh block of addresses, so no attack inherits another's per-address counts.",
    `Attackers (tests/bench/lib/attack.ts, in a process of their own): ${scenarios.map((sc) => `${sc.label}: ${sc.addresses} address${sc.addresses > 1 ? 'es' : ''} used in turn`).join('; ')}. Each sends ${s.wrongSignIns} wrong sign-ins (POST /api/auth/login, ${s.signInConcurrency} at once, a new connection each; every tenth to one of the two real demo accounts, the others to unknown emails tried twice each) and ${s.malformedMessages.toLocaleString('en')} malformed socket messages, both as fast as they are answered: ${Math.round((1 - s.inCallShare) * 100)} % from ${s.unjoinedLanes} sockets at a time that never join (a closed one is replaced by a new connection at once; a message that found its connection refused counts as "not sent"), ${Math.round(s.inCallShare * 100)} % from ${s.inCallLanes} sockets joined to another venue's session with the attacker's own invite links (rejoining when closed). Messages are generated by fast-check from a seed (tests/bench/lib/garbage.ts): unknown event names (tricky, numeric, long), known events with invalid payloads (random JSON, long arrays, deep nesting, binary, long strings, prototype keys), valid-looking requests with made-up tokens, wrong argument counts, no callback, and 1 in 100 over the 16 KB cap.`,
    `Honest clients (tests/bench/lib/probes.ts, in the measuring process): ${s.homeLanes} home lanes, each one home after another (${s.homesPerLane} invites per lane of the demo venue, taken in turn): a new socket.io connection, call:join (timed from emit to acknowledgement), call:leave, close, 50 ms pause; one lane loads the join page's first request (GET /api/invites/:token, a new connection each, 50 ms pause); one checks /api/health every 100 ms. The same probes run in the quiet phase (${s.quietMs / 1000} s, no attack) before every attack and during the attack (until its last sign-in and message are answered).`,
    'The quiet reference is every quiet phase of the run pooled; rounds alternate the two attackers (quiet, a, quiet, b, …) so that drift on the shared machine shows in the per-round rows. A failed or unanswered join counts with its time and as a failure.',
    `CPU: /proc/<pid>/stat of the server (its password thread included), its media workers and the measuring process, the attacker's own process.cpuUsage(), and /proc/stat for the whole machine; "others" is the machine minus all of ours (other people's work). Server loop delay: perf_hooks.monitorEventLoopDelay in the server process over the phase.`,
    `Memory: global.gc() three times in the server, then VmRSS, just before each attack and ${s.settleMs / 1000} s after it ended. One warm-up quiet phase before the first round is not counted.`,
  ];
}

function findings(
  figures: ScenarioFigures[],
  quiet: { joinP50: number; joinP95: number; invitePage: { p50: number; p95: number }; healthP95: number; joins: number; failures: Counts },
  profiles: ScenarioProfile[],
  rounds: AttackRound[],
  label: (id: string) => string,
): string[] {
  const lines = figures.map((f) => {
    const met = f.ratio <= JOIN_RATIO_TARGET;
    return `${f.scenario.label}: home join acknowledgement p95 ${fmt(quiet.joinP95)} ms quiet (${quiet.joins} joins) → ${fmt(f.joinP95)} ms under attack (×${fmt(f.ratio, 2)}, target ≤ ${JOIN_RATIO_TARGET}×: ${met ? 'met' : 'missed'}); while the malformed messages were still being sent ${fmt(f.joinP95DuringMessages)} ms (${f.joinsDuringMessages} joins). Join page p50 ${fmt(quiet.invitePage.p50)} → ${fmt(f.invitePage.p50)} ms, p95 ${fmt(quiet.invitePage.p95)} → ${fmt(f.invitePage.p95)} ms; /api/health p95 ${fmt(quiet.healthP95)} → ${fmt(f.healthP95)} ms.${sum(f.failures) > 0 ? ` Honest clients' failures: ${JSON.stringify(f.failures)}.` : ' No honest join or page load failed.'}`;
  });
  for (const f of figures) {
    const refusedAtDoor = f.messages['not sent: connection refused'] ?? 0;
    const hashed = (f.logins['401 INVALID_CREDENTIALS'] ?? 0) + (f.logins['429 ACCOUNT_LOCKED'] ?? 0);
    lines.push(
      `${f.scenario.label}, what stopped the attack: of ${sum(f.messages)} messages ${refusedAtDoor} were never sent (connection refused at the handshake), ${f.messages.UNKNOWN_EVENT ?? 0} answered UNKNOWN_EVENT, ${f.messages.INVALID_PAYLOAD ?? 0} INVALID_PAYLOAD, ${f.messages.RATE_LIMITED ?? 0} RATE_LIMITED, ${f.messages['connection closed'] ?? 0} found their connection closed; the server closed ${sum(f.connections.closedByServer)} of the attacker's ${f.connections.opened} connections. Sign-ins: ${Object.entries(
        f.logins,
      )
        .map(([k, n]) => `${n} × ${k}`)
        .join(', ')} (at most ${hashed} of them needed a password hash).`,
    );
  }
  const worstLoop = Math.max(...rounds.map((r) => r.attack.loopDelay.p99Ms));
  const others = Math.max(...rounds.flatMap((r) => [r.quiet.cpu.othersPct, r.attack.cpu.othersPct]));
  lines.push(
    `The server's own event loop under attack: p99 delay at most ${fmt(worstLoop)} ms in any round. Other people's work took up to ${fmt(others, 0)} % of one core during a phase.`,
  );
  for (const { scenario, summary } of profiles) {
    const top = summary.project.slice(0, 5).map((f) => `${f.name} ${fmt(f.pct, 0)} %`);
    lines.push(
      `${label(scenario)}, profiled: the server's main thread was busy ${fmt(summary.busyMs, 0)} ms; the project's functions with the most inclusive time: ${top.join(', ')}.`,
    );
  }
  for (const f of figures) {
    lines.push(
      `${f.scenario.label}, memory: server RSS after GC at most ${signed(f.worstRssPct)} % after an attack (target ≤ +${MEMORY_TOLERANCE_PCT} %: ${f.worstRssPct <= MEMORY_TOLERANCE_PCT ? 'met' : 'missed'}).`,
    );
  }
  return lines;
}

/** The raw numbers without every sample's timestamp (the percentiles and counts are enough to check the tables). */
function rawRound(round: AttackRound) {
  const phase = (ph: Phase) => ({
    durationMs: ph.durationMs,
    joinMs: ms(ph.samples.join).map((v) => Math.round(v * 10) / 10),
    connectP95: p(ph.samples.connect, 0.95),
    invitePage: { p50: p(ph.samples.invitePage, 0.5), p95: p(ph.samples.invitePage, 0.95) },
    healthP95: p(ph.samples.health, 0.95),
    failures: ph.samples.failures,
    loopDelay: ph.loopDelay,
    cpu: ph.cpu,
    attack: ph.attack,
  });
  return {
    round: round.round,
    scenario: round.scenario,
    quiet: phase(round.quiet),
    attack: phase(round.attack),
    memoryBefore: round.memoryBefore,
    memoryAfter: round.memoryAfter,
  };
}
