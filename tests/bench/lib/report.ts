import fs from 'node:fs';

/** One figure compared with the target (if it has one). */
export interface Headline {
  metric: string;
  value: string;
  target?: string;
  /** true: meets the target; false: misses it; null/undefined: no target. */
  pass?: boolean | null;
}

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/** What each benchmark hands to run-all (as JSON) and prints. */
export interface BenchResult {
  id: string;
  title: string;
  /** The figures that go into the summary table of BENCHMARKS.md. */
  headline: Headline[];
  /** The benchmark's main table (printed), then any extra tables (in BENCHMARKS.md only). */
  tables: Table[];
  /** How it was measured. */
  method: string[];
  /** What the numbers say, including anything in the product that should change. */
  findings: string[];
  /** What would be needed to go further. */
  further: string[];
  /** Raw numbers (every sample), written to BENCHMARKS.md as JSON. */
  raw: unknown;
  /** A hard failure that must make `npm run bench` exit non-zero (client weight over budget). */
  hardFail?: string;
}

export function passMark(pass: boolean | null | undefined): string {
  if (pass === true) return 'PASS';
  if (pass === false) return 'FAIL';
  return '—';
}

/** A plain-text table with aligned columns (wide characters counted as two). */
export function renderTable(table: Table): string {
  const cells = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!)).join(' | ');
  const separator = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [`${table.title}`, line(cells[0]!), separator, ...cells.slice(1).map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(table: Pick<Table, 'columns' | 'rows'>): string {
  const escape = (cell: string | number) => String(cell).replace(/\|/g, '\\|');
  return [
    `| ${table.columns.map(escape).join(' | ')} |`,
    `|${table.columns.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Prints the benchmark's table (the first one) with its headline figures, and writes the whole result as
 * JSON to $KAYOI_BENCH_JSON when run-all asked for it. Returns the exit code: 1 on a hard failure.
 */
export function finish(result: BenchResult): number {
  const main = result.tables[0];
  console.log('');
  if (main) console.log(renderTable({ ...main, title: `${result.title} — ${main.title}` }));
  if (result.headline.length > 0) {
    console.log('');
    console.log(
      renderTable({
        title: 'Headline figures',
        columns: ['metric', 'value', 'target', 'result'],
        rows: result.headline.map((h) => [h.metric, h.value, h.target ?? '—', passMark(h.pass)]),
      }),
    );
  }
  if (result.hardFail) {
    const bar = '!'.repeat(78);
    console.error(`\n${bar}\n!! BENCHMARK FAILED: ${result.hardFail}\n${bar}\n`);
  }
  const out = process.env.KAYOI_BENCH_JSON;
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
  return result.hardFail ? 1 : 0;
}

/** Runs a benchmark's main function, prints its result and exits (also on an unexpected error). */
export function runBench(main: () => Promise<BenchResult>): void {
  main().then(
    (result) => {
      const code = finish(result);
      // Workers, sockets and browsers are closed by each benchmark; exit anyway so that nothing lingers.
      setTimeout(() => process.exit(code), 100).unref();
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
