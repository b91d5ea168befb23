/**
 * Runs every benchmark (each in its own process, one after another) and writes BENCHMARKS.md at the repository
 * root: the machine, the date, the headline figures against the issue's targets, each benchmark's tables,
 * method, findings and raw numbers. `npm run bench`.
 *
 * Exits non-zero when a benchmark fails hard (the home participant page over its weight budget) or crashes.
 * KAYOI_BENCH_QUICK=1 runs small versions (for developing the benchmarks; the report says so).
 * KAYOI_BENCH_ONLY=<file>,… runs only those benchmarks; KAYOI_BENCH_OUTPUT writes the report elsewhere.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient } from './lib/clientBuild';
import { busyOtherProcesses, machineInfo, systemBusyPercent, systemCpuTimes } from './lib/proc';
import { markdownTable, passMark, type BenchResult } from './lib/report';
import { fmt, sleep } from './lib/stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const OUTPUT = process.env.KAYOI_BENCH_OUTPUT ?? path.join(repoRoot, 'BENCHMARKS.md');
const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
// The full run with the cluster benchmarks of issue #17 (about 890 s + 435 s measured apart on 2026-12-04).
const BUDGET_S = 1500;

/** In the issue's order; each with the most it may take before it is stopped. */
const BENCHES: { file: string; timeoutS: number }[] = [
  { file: 'join-time.ts', timeoutS: 480 },
  { file: 'sfu-capacity.ts', timeoutS: 120 },
  { file: 'call-shape.ts', timeoutS: 240 },
  { file: 'signalling-burst.ts', timeoutS: 75 },
  { file: 'data-path.ts', timeoutS: 110 },
  { file: 'client-weight.ts', timeoutS: 150 },
  { file: 'under-attack.ts', timeoutS: 420 },
  { file: 'restart.ts', timeoutS: 150 },
  { file: 'phone-bridge.ts', timeoutS: 90 },
  // Issue #17: several nodes on one Redis and one PostgreSQL (KAYOI_CLUSTER_TEST_DATABASE=sqlite: a shared SQLite file).
  { file: 'cluster-city.ts', timeoutS: 420 },
  { file: 'cluster-join.ts', timeoutS: 360 },
  { file: 'cluster-recovery.ts', timeoutS: 360 },
];
/** KAYOI_BENCH_ONLY=under-attack.ts,… runs only these (the report then has only their sections). */
const ONLY = process.env.KAYOI_BENCH_ONLY?.split(',')
  .map((f) => f.trim())
  .filter(Boolean);

interface Run {
  file: string;
  result?: BenchResult;
  error?: string;
  exitCode: number | null;
  seconds: number;
  /** Machine busy % over 2 s just before the benchmark started, while nothing of ours ran: other people's load. */
  backgroundBusyPct: number;
  others: string[];
}

/** The benchmark running now: stopped with its whole process group if we are interrupted. */
let current: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current !== undefined) {
      try {
        process.kill(-current, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

function runOne(
  file: string,
  timeoutS: number,
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number | null; result?: BenchResult; error?: string }> {
  const jsonFile = path.join(os.tmpdir(), `kayoi-bench-${process.pid}-${file}.json`);
  fs.rmSync(jsonFile, { force: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, file)], {
      cwd: repoRoot,
      env: { ...env, KAYOI_BENCH_JSON: jsonFile },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true, // its own process group, so that a timeout stops its browsers and servers too
    });
    current = child.pid;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n!! ${file} took longer than ${timeoutS} s: stopping it`);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutS * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      current = undefined;
      let result: BenchResult | undefined;
      try {
        result = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as BenchResult;
      } catch {
        result = undefined;
      }
      fs.rmSync(jsonFile, { force: true });
      const error = timedOut ? `stopped after ${timeoutS} s` : result ? undefined : `exited with code ${code} without a result`;
      resolve({ exitCode: timedOut ? 124 : code, result, error });
    });
  });
}

async function main(): Promise<void> {
  const started = new Date();
  const t0 = Date.now();
  const machine = machineInfo();
  console.log(
    `Kayoi benchmarks — ${started.toISOString()} — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node.js ${machine.node}${QUICK ? ' — QUICK MODE' : ''}`,
  );

  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-bench-client-'));
  const testClientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-bench-test-client-'));
  const buildStart = Date.now();
  buildClient(clientDir);
  buildClient(testClientDir, { testHooks: true });
  console.log(`client built in ${((Date.now() - buildStart) / 1000).toFixed(1)} s (${clientDir}; with the test hooks: ${testClientDir})`);
  const env: NodeJS.ProcessEnv = { ...process.env, KAYOI_BENCH_CLIENT_DIR: clientDir, KAYOI_BENCH_TEST_CLIENT_DIR: testClientDir };

  const runs: Run[] = [];
  try {
    for (const bench of BENCHES.filter((b) => !ONLY || ONLY.includes(b.file))) {
      const before = systemCpuTimes();
      await sleep(2000);
      const backgroundBusyPct = systemBusyPercent(before);
      const others = busyOtherProcesses([process.pid]);
      console.log(`\n=== ${bench.file} (machine ${fmt(backgroundBusyPct, 0)} % busy before it started) ===`);
      const start = Date.now();
      const outcome = await runOne(bench.file, bench.timeoutS, env);
      runs.push({ file: bench.file, ...outcome, seconds: (Date.now() - start) / 1000, backgroundBusyPct, others });
    }
  } finally {
    fs.rmSync(clientDir, { recursive: true, force: true });
    fs.rmSync(testClientDir, { recursive: true, force: true });
  }
  const totalS = (Date.now() - t0) / 1000;
  fs.writeFileSync(OUTPUT, renderReport({ started, machine, runs, totalS }));
  console.log(`\nWrote ${path.relative(process.cwd(), OUTPUT) || OUTPUT} (${fmt(totalS, 0)} s in total)`);

  const hard = runs.filter((r) => r.result?.hardFail);
  const broken = runs.filter((r) => r.error);
  for (const run of hard) console.error(`!! FAILED: ${run.file}: ${run.result!.hardFail}`);
  for (const run of broken) console.error(`!! ${run.file}: ${run.error}`);
  if (totalS > BUDGET_S) console.error(`!! the benchmarks took ${fmt(totalS, 0)} s, over the ${BUDGET_S} s budget`);
  process.exitCode = hard.length > 0 || broken.length > 0 ? 1 : 0;
}

function renderReport({
  started,
  machine,
  runs,
  totalS,
}: {
  started: Date;
  machine: ReturnType<typeof machineInfo>;
  runs: Run[];
  totalS: number;
}): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const maxBackground = Math.max(...runs.map((r) => r.backgroundBusyPct));
  const shared = maxBackground >= 10;
  push(
    '# Kayoi benchmarks',
    '',
    `Generated by \`npm run bench\` (tests/bench/run-all.ts) on ${started
      .toISOString()
      .replace('T', ' ')
      .replace(
        /\.\d+Z$/,
        ' UTC',
      )}, ${fmt(totalS, 0)} s in total.${QUICK ? " **QUICK MODE (KAYOI_BENCH_QUICK=1): small sizes, not the issue's figures.**" : ''} Do not edit by hand: run it again.`,
    '',
    markdownTable({
      columns: ['machine', ''],
      rows: [
        ['CPU', machine.cpu],
        ['cores', String(machine.cores)],
        ['memory', `${machine.memoryGb} GB`],
        ['OS', `${machine.os} (Linux ${machine.kernel})`],
        ['Node.js', machine.node],
        [
          'load from others',
          runs.map((r) => `${r.file.replace('.ts', '')} ${fmt(r.backgroundBusyPct, 0)} %`).join(', ') +
            ' (machine busy over 2 s before each benchmark, when none of ours ran)',
        ],
      ],
    }),
    '',
  );
  if (shared) {
    push(
      `> **Shared machine.** This run was made on a shared 2-core machine while other work was running (up to ${fmt(maxBackground, 0)} % of the machine busy before a benchmark even started${runs.some((r) => r.others.length > 0) ? `; e.g. ${[...new Set(runs.flatMap((r) => r.others))].slice(0, 4).join(', ')}` : ''}). Latency and capacity figures are therefore pessimistic and noisier than on a dedicated machine.`,
      '',
    );
  }
  push('## Headline figures', '', "Targets are the issue's (#6). They are checked here, in the report, never in timed tests.", '');
  const summaryRows: string[][] = [];
  for (const run of runs) {
    if (!run.result) {
      summaryRows.push([run.file, 'did not finish', run.error ?? '', '—', 'ERROR']);
      continue;
    }
    for (const h of run.result.headline)
      summaryRows.push([run.result.title.replace(/^(\d+)\..*$/, '$1'), h.metric, h.value, h.target ?? '—', passMark(h.pass)]);
  }
  push(markdownTable({ columns: ['#', 'metric', 'value (median of runs)', 'target', 'result'], rows: summaryRows }), '');

  const findings = runs.flatMap((r) =>
    r.result ? r.result.findings.map((f) => `- (${r.result!.title.replace(/^(\d+)\..*$/, '$1')}) ${f}`) : [],
  );
  push('## What the numbers say should be fixed or watched', '', ...findings, '');

  push(
    '## How to run',
    '',
    '```sh',
    'npm run bench                              # everything, writes BENCHMARKS.md (about 16 minutes on 2 cores)',
    'npx tsx tests/bench/join-time.ts           # any one benchmark alone: prints its table',
    'KAYOI_BENCH_QUICK=1 npx tsx tests/bench/run-all.ts   # small sizes while developing',
    '```',
    '',
    "Needs Debian's `chromium`, `sqlite3` and `time` (`/usr/bin/time -v`), and for the cluster benchmarks (10–12) `postgresql` and `redis-server`, all installed by `npm run setup`. Everything runs on 127.0.0.1; each benchmark stops by itself.",
    '',
  );

  for (const run of runs) {
    const r = run.result;
    push(`## ${r?.title ?? run.file}`, '');
    push(`\`tests/bench/${run.file}\` — ${fmt(run.seconds, 0)} s${run.error ? ` — **${run.error}**` : ''}`, '');
    if (!r) continue;
    if (r.hardFail) push(`> **FAILED: ${r.hardFail}**`, '');
    for (const table of r.tables) push(`**${table.title}**`, '', markdownTable(table), '');
    push('**Method**', '', ...r.method.map((m) => `- ${m}`), '');
    push('**Findings**', '', ...r.findings.map((f) => `- ${f}`), '');
    push('**To go further**', '', ...r.further.map((f) => `- ${f}`), '');
    push(
      '<details><summary>Raw numbers (JSON)</summary>',
      '',
      '```json',
      compactJson(JSON.parse(JSON.stringify(r.raw, roundNumbers)) as unknown),
      '```',
      '',
      '</details>',
      '',
    );
  }
  return lines.join('\n');
}

/**
 * JSON that stays short: objects are spread over lines down to two levels, arrays of objects get one element per
 * line, everything deeper (and arrays of numbers) stays on one line.
 */
function compactJson(value: unknown, depth = 0): string {
  const indent = '  '.repeat(depth);
  const inner = '  '.repeat(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((v) => typeof v !== 'object' || v === null) || depth >= 3) return JSON.stringify(value);
    return `[\n${value.map((v) => `${inner}${JSON.stringify(v)}`).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object' && depth < 2) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, depth + 1)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Raw numbers with 3 decimals at most, so that the report stays readable. */
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
