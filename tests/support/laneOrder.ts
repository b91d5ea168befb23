/** A test file to be ordered: its lane (null for a file that needs none) and its expected duration. */
export interface LaneItem<T> {
  readonly item: T;
  readonly lane: string | null;
  readonly cost: number;
}

/**
 * The order in which a pool of two workers should be handed files of which at most one per lane runs at a time (a
 * file whose lane is taken waits for it, keeping its worker idle), worked out by simulating the run: each worker that
 * frees up takes the next file, longest first, of the lane with the most left to run (the critical one) unless the
 * other worker is in it; else the longest next file of the other lanes free and of the files without a lane. So the
 * critical lane runs without a gap while the other worker fills that time with the rest.
 */
export function laneOrder<T>(items: readonly LaneItem<T>[]): T[] {
  const longestFirst = (list: readonly LaneItem<T>[]) => [...list].sort((a, b) => b.cost - a.cost);
  const laneNames = [...new Set(items.flatMap(({ lane }) => (lane === null ? [] : [lane])))];
  const queues = new Map(laneNames.map((lane) => [lane, longestFirst(items.filter((item) => item.lane === lane))]));
  const fillers = longestFirst(items.filter((item) => item.lane === null));
  const remaining = (lane: string) => queues.get(lane)!.reduce((sum, { cost }) => sum + cost, 0);
  const laneFreeAt = new Map(laneNames.map((lane) => [lane, 0]));
  const workers: { freeAt: number; lane: string | null }[] = [
    { freeAt: 0, lane: null },
    { freeAt: 0, lane: null },
  ];
  const ordered: T[] = [];
  for (;;) {
    const worker = workers[0]!.freeAt <= workers[1]!.freeAt ? workers[0]! : workers[1]!;
    const other = worker === workers[0] ? workers[1]! : workers[0]!;
    const open = laneNames.filter((lane) => queues.get(lane)!.length > 0);
    if (open.length === 0 && fillers.length === 0) return ordered;
    const isFree = (lane: string) => other.lane !== lane || other.freeAt <= worker.freeAt;
    const critical = [...open].sort((a, b) => remaining(b) - remaining(a))[0];
    const candidates = [
      ...open.filter((lane) => lane !== critical && isFree(lane)).map((lane) => queues.get(lane)!),
      ...(fillers.length > 0 ? [fillers] : []),
    ];
    const queue =
      critical !== undefined && (isFree(critical) || candidates.length === 0)
        ? queues.get(critical)!
        : candidates.sort((a, b) => b[0]!.cost - a[0]!.cost)[0]!;
    const next = queue.shift()!;
    const start = next.lane === null ? worker.freeAt : Math.max(worker.freeAt, laneFreeAt.get(next.lane)!);
    worker.freeAt = start + next.cost;
    worker.lane = next.lane;
    if (next.lane !== null) laneFreeAt.set(next.lane, worker.freeAt);
    ordered.push(next.item);
  }
}
