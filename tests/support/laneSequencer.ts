import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Orders a group of two workers whose files run in two lanes, one file of each lane at a time (vite.config.ts: the
 * browser files and the sfu files; tests/support/lane.ts holds them to it). The pool hands the files out in this
 * order as its workers free up, and a file whose lane is taken waits for it, keeping its worker idle: so the order is
 * that of a simulated run, where each worker that frees up takes the next file of the lane the other worker is not in,
 * longest first (durations from vitest's cache of the last run, else file sizes, which is all a fresh clone has).
 * Groups with one lane keep vitest's own order.
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
    const lanes = new Map<string, TestSpecification[]>();
    for (const spec of specs) lanes.set(spec.project.name, [...(lanes.get(spec.project.name) ?? []), spec]);
    if (lanes.size !== 2 || specs.some((spec) => spec.project.config.maxWorkers !== 2)) return specs;
    const cost = this.costs(specs);
    const queues = [...lanes.values()].map((lane) => [...lane].sort((a, b) => cost.get(b)! - cost.get(a)!));
    const remaining = queues.map((queue) => queue.reduce((sum, spec) => sum + cost.get(spec)!, 0));
    const laneFreeAt = [0, 0];
    const workers: { freeAt: number; lane: number }[] = [
      { freeAt: 0, lane: -1 },
      { freeAt: 0, lane: -1 },
    ];
    const ordered: TestSpecification[] = [];
    while (queues.some((queue) => queue.length > 0)) {
      const worker = workers[0]!.freeAt <= workers[1]!.freeAt ? workers[0]! : workers[1]!;
      const other = worker === workers[0] ? workers[1]! : workers[0]!;
      const free = [0, 1].filter((lane) => queues[lane]!.length > 0 && (other.lane !== lane || other.freeAt <= worker.freeAt));
      // The lane the other worker is not in; with both free, the one with more left to run.
      const lane = free.length === 0 ? (queues[0]!.length > 0 ? 0 : 1) : free.sort((a, b) => remaining[b]! - remaining[a]!)[0]!;
      const spec = queues[lane]!.shift()!;
      const start = Math.max(worker.freeAt, laneFreeAt[lane]!);
      worker.freeAt = start + cost.get(spec)!;
      worker.lane = lane;
      laneFreeAt[lane] = worker.freeAt;
      remaining[lane]! -= cost.get(spec)!;
      ordered.push(spec);
    }
    return ordered;
  }

  /** Each file's expected duration: the last run's if every file has one, else its size (the same unit for all). */
  private costs(specs: TestSpecification[]): Map<TestSpecification, number> {
    const cache = this.ctx.cache;
    const key = (spec: TestSpecification) => `${spec.project.name}:${path.relative(this.ctx.config.root, spec.moduleId)}`;
    const durations = specs.map((spec) => cache.getFileTestResults(key(spec))?.duration);
    if (durations.every((duration) => duration !== undefined && duration > 0)) {
      return new Map(specs.map((spec, i) => [spec, durations[i]!]));
    }
    return new Map(specs.map((spec) => [spec, cache.getFileStats(key(spec))?.size ?? 1]));
  }
}
