import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { laneOrder } from './laneOrder.ts';

/** Seconds each file takes (a clean-clone run of 2026-12-04, the browser files without their wait for the lane), for a file vitest has no duration of. */
const NOTED_SECONDS = JSON.parse(fs.readFileSync(new URL('./fileSeconds.json', import.meta.url), 'utf8')) as Record<string, number>;

/**
 * Orders a group of two workers whose files run in lanes, one file of each lane at a time (vite.config.ts: the browser
 * files with a call, the browser files without one and the sfu files; tests/support/lane.ts holds them to it), plus
 * files that need no lane (the unit files). The pool hands the files out in this order as its workers free up, and a
 * file whose lane is taken waits for it, keeping its worker idle: so the order is that of a simulated run
 * (tests/support/laneOrder.ts), where the longest lane runs without a gap and the other worker does the rest beside
 * it. Groups of another shape keep vitest's own order.
 */
export class LaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const groups = new Map<number, TestSpecification[]>();
    for (const spec of sorted) {
      const order = spec.project.config.sequence.groupOrder;
      groups.set(order, [...(groups.get(order) ?? []), spec]);
    }
    return [...groups.keys()].sort((a, b) => a - b).flatMap((order) => this.interleave(groups.get(order)!));
  }

  private interleave(specs: TestSpecification[]): TestSpecification[] {
    if (!specs.some((spec) => laneOf(spec) !== null) || specs.some((spec) => spec.project.config.maxWorkers !== 2)) return specs;
    const cost = this.costs(specs);
    return laneOrder(specs.map((spec) => ({ item: spec, lane: laneOf(spec), cost: cost.get(spec)! })));
  }

  /**
   * Each file's expected duration in seconds: the last run's (vitest's cache) or the one noted in
   * tests/support/fileSeconds.json (a fresh clone has no cache; `project:file` for a file that another project runs
   * too, as the 'pg' project does), the shorter when there are both, as a file's last
   * duration includes any time it waited for its lane; else its size times the seconds per byte of the files of its
   * project that have one.
   */
  private costs(specs: TestSpecification[]): Map<TestSpecification, number> {
    const cache = this.ctx.cache;
    const file = (spec: TestSpecification) => path.relative(this.ctx.config.root, spec.moduleId);
    const key = (spec: TestSpecification) => `${spec.project.name}:${file(spec)}`;
    const size = (spec: TestSpecification) => cache.getFileStats(key(spec))?.size ?? 1;
    const known = new Map<TestSpecification, number>();
    for (const spec of specs) {
      const lastRun = cache.getFileTestResults(key(spec))?.duration;
      const seconds = [
        lastRun !== undefined && lastRun > 0 ? lastRun / 1000 : undefined,
        NOTED_SECONDS[key(spec)] ?? NOTED_SECONDS[file(spec)],
      ].filter((value) => value !== undefined);
      if (seconds.length > 0) known.set(spec, Math.min(...seconds));
    }
    const perByte = (project: string) => {
      const withCost = [...known].filter(([spec]) => spec.project.name === project);
      const bytes = withCost.reduce((sum, [spec]) => sum + size(spec), 0);
      return bytes > 0 ? withCost.reduce((sum, [, seconds]) => sum + seconds, 0) / bytes : 1 / 1000;
    };
    return new Map(specs.map((spec) => [spec, known.get(spec) ?? size(spec) * perByte(spec.project.name)]));
  }
}

/**
 * The lane a project's setup file holds its files to (tests/support/lane.ts), named by that file: projects that share a
 * setup file (the call files and the pages files: browserLane.ts) share the lane. Null: no lane.
 */
function laneOf(spec: TestSpecification): string | null {
  return spec.project.config.setupFiles.find((setup) => /Lane\.ts$/.test(setup)) ?? null;
}
