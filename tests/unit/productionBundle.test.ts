import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../support/clientBuild';

/** The window properties of the browser tests' hooks (client/src/call/testHooks.ts). */
const WINDOW_HOOKS = ['__kayoi', '__kayoiVoices'];
/** And what only the hooks' code uses: the probes' fields (the video's expected position, a voice's context state). */
const HOOK_NAMES = [...WINDOW_HOOKS, 'expectedTime', 'contextState'];

function textOfBuild(dir: string, pattern: RegExp): string {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name))
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

describe('the client build', () => {
  const dirs: string[] = [];
  let productionCode = '';
  let productionRest = '';
  let testBuild = '';
  beforeAll(() => {
    const productionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-client-prod-'));
    const testDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-client-e2e-'));
    dirs.push(productionDir, testDir);
    buildClient(productionDir);
    buildClient(testDir, { testHooks: true });
    productionCode = textOfBuild(productionDir, /\.js$/);
    // The rest the server would send: source maps (the original sources, dead branches included), styles, the page.
    productionRest = textOfBuild(productionDir, /\.(map|css|html)$/);
    testBuild = textOfBuild(testDir, /\.js$/);
  });
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('for production carries none of the browser tests’ hooks', () => {
    expect(productionCode.length).toBeGreaterThan(100_000);
    for (const name of HOOK_NAMES) expect(productionCode.includes(name), name).toBe(false);
    for (const name of WINDOW_HOOKS) expect(productionRest.includes(name), name).toBe(false);
  });

  it('for the browser tests (vite build --mode e2e) carries every hook', () => {
    for (const name of HOOK_NAMES) expect(testBuild.includes(name), name).toBe(true);
  });
});
