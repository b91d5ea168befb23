import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The client the browser tests serve: the production client plus the tests' hooks (`window.__kayoi`, see
 * client/src/call/testHooks.ts). `node scripts/build.mjs client-test` makes it (`npm test` does).
 */
export const TEST_CLIENT_DIST = path.join('dist', 'client-test');

/** Throws with what to run when the test client is not built. */
export function requireTestClientBuild(): string {
  if (!fs.existsSync(path.join(TEST_CLIENT_DIST, 'index.html'))) {
    throw new Error('The test client is not built: run `node scripts/build.mjs client-test` first (`npm test` does).');
  }
  return TEST_CLIENT_DIST;
}

/**
 * A fresh build of the client into `outDir` (a folder of its own, never dist/, which tests and other people
 * rebuild at any moment): the production client, or with `testHooks` the browser tests' one.
 */
export function buildClient(outDir: string, { testHooks = false }: { testHooks?: boolean } = {}): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const mode = testHooks ? 'e2e' : 'production';
  execFileSync(process.execPath, [vite, 'build', '--mode', mode, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`vite build did not produce ${outDir}/index.html`);
}
