import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClient } from '../../support/clientBuild';

export { buildClient } from '../../support/clientBuild';

/**
 * A build of the client for the benchmarks, in a folder of its own (not dist/client, which tests and other people
 * rebuild at any moment): the production client, or with `testHooks` the one with the browser tests' hooks
 * (`window.__kayoi`, which join-time reads). run-all builds each once and passes them on in
 * KAYOI_BENCH_CLIENT_DIR and KAYOI_BENCH_TEST_CLIENT_DIR.
 */
export function ensureClientBuild({ testHooks = false }: { testHooks?: boolean } = {}): {
  dir: string;
  built: boolean;
  cleanup(): void;
} {
  const given = testHooks ? process.env.KAYOI_BENCH_TEST_CLIENT_DIR : process.env.KAYOI_BENCH_CLIENT_DIR;
  if (given && fs.existsSync(path.join(given, 'index.html'))) return { dir: given, built: false, cleanup() {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-bench-client-'));
  buildClient(dir, { testHooks });
  return { dir, built: true, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
