import { describe, expect, it } from 'vitest';
import { laneOrder, type LaneItem } from '../support/laneOrder';

/** Runs `order` as vitest's pool does with two workers: each free worker takes the next file; a taken lane is waited for. */
function simulate(order: readonly LaneItem<string>[]): { wall: number; browserGaps: number } {
  const workers = [0, 0];
  const laneFreeAt = new Map<string, number>();
  let browserGaps = 0;
  let browserEnd = 0;
  for (const file of order) {
    const i = workers[0]! <= workers[1]! ? 0 : 1;
    const start = file.lane === null ? workers[i]! : Math.max(workers[i]!, laneFreeAt.get(file.lane) ?? 0);
    if (file.lane === 'browser') {
      browserGaps += start - browserEnd;
      browserEnd = start + file.cost;
    }
    workers[i] = start + file.cost;
    if (file.lane !== null) laneFreeAt.set(file.lane, workers[i]);
  }
  return { wall: Math.max(...workers), browserGaps };
}

const file = (item: string, lane: string | null, cost: number): LaneItem<string> => ({ item, lane, cost });

describe('laneOrder: the order of files for two workers and two lanes', () => {
  const files = [
    file('b1', 'browser', 180),
    file('b2', 'browser', 60),
    file('b3', 'browser', 40),
    file('b4', 'browser', 30),
    file('b5', 'browser', 10),
    file('s1', 'sfu', 110),
    file('s2', 'sfu', 60),
    file('s3', 'sfu', 5),
    ...Array.from({ length: 10 }, (_, i) => file(`u${i}`, null, 3 + i)),
  ];

  it('keeps the longest lane running without a gap while the other worker runs the rest, so the run takes that lane’s time', () => {
    const ordered = laneOrder(files);
    expect([...ordered].sort()).toEqual(files.map(({ item }) => item).sort());
    const byName = new Map(files.map((f) => [f.item, f]));
    const result = simulate(ordered.map((name) => byName.get(name)!));
    expect(result).toEqual({ wall: 320, browserGaps: 0 });
  });

  it('starts with the longest browser file beside the longest of the rest', () => {
    expect(laneOrder(files).slice(0, 2)).toEqual(['b1', 's1']);
  });

  it('with one lane only, runs the files without a lane beside it', () => {
    const ordered = laneOrder([file('b1', 'browser', 50), file('b2', 'browser', 50), file('u1', null, 30), file('u2', null, 30)]);
    expect(ordered).toEqual(['b1', 'u1', 'u2', 'b2']);
  });
});
