import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A production build of the client for the benchmarks, in a folder of its own (not dist/client, which tests and
 * other people rebuild at any moment). run-all builds once and passes it on in KAYOI_BENCH_CLIENT_DIR.
 */
export function ensureClientBuild(): { dir: string; built: boolean; cleanup(): void } {
  const given = process.env.KAYOI_BENCH_CLIENT_DIR;
  if (given && fs.existsSync(path.join(given, 'index.html'))) return { dir: given, built: false, cleanup() {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-bench-client-'));
  buildClient(dir);
  return { dir, built: true, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function buildClient(outDir: string): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`vite build did not produce ${outDir}/index.html`);
}
