import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * One file of a lane at a time, across vitest's workers: the browser files (two Chromiums with fake media on 2 cores
 * make the call tests flaky) and the sfu files (their telephone calls keep real time) share a group of two workers
 * (vite.config.ts), one lane each, so that one of each runs at a time. A setup file of the project calls holdLane:
 * each file takes the lane before its own hooks start a server or Chromium and gives it back after its own hooks have
 * closed them. A lane is a folder made with mkdir (atomic), named after the vitest run (KAYOI_TEST_RUN, set in
 * vite.config.ts), holding the pid of the worker that has it: a lane left by a worker that died is taken over.
 * Not /tmp/kayoi-browser.lock: people run browser files under `flock` on that one.
 */
export function holdLane(name: string): void {
  const run = process.env.KAYOI_TEST_RUN ?? String(process.ppid);
  const lane = path.join(os.tmpdir(), `kayoi-${name}-lane-${run}`);
  const owner = path.join(lane, 'pid');

  /** The pid holding the lane; 0 while it is being taken (or just given back). */
  const ownerPid = (): number => {
    try {
      return Number(fs.readFileSync(owner, 'utf8')) || 0;
    } catch {
      return 0;
    }
  };
  const tryTake = (): boolean => {
    try {
      fs.mkdirSync(lane);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = ownerPid();
      // A lane whose worker died is given up (one that is being taken has no pid yet for a moment).
      if (pid > 0 && !alive(pid)) fs.rmSync(lane, { recursive: true, force: true });
      return false;
    }
    fs.writeFileSync(owner, String(process.pid));
    return true;
  };
  const give = (): void => {
    if (ownerPid() === process.pid) fs.rmSync(lane, { recursive: true, force: true });
  };

  beforeAll(async () => {
    while (!tryTake()) await new Promise((resolve) => setTimeout(resolve, 100));
  }, WAIT_MS);
  afterAll(give);

  // The setup file runs again before each file in the same worker (isolate: false): one exit handler per worker and lane.
  const key = Symbol.for(`kayoi.lane.${name}.exit`);
  const worker = globalThis as { [key]?: true };
  if (!worker[key]) {
    worker[key] = true;
    process.once('exit', give);
  }
}

/** A file may wait for the whole of another (the longest takes about three minutes). */
const WAIT_MS = 20 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
