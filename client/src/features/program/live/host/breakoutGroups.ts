/**
 * Splitting by hand: the host puts each person at home in group 1…N with one tap. The server wants
 * only groups with somebody in them, so empty groups are dropped when the split is sent, and the
 * venue's "join group N" follows its group to its new place (or stays on its own when that group
 * turned out empty).
 */
export type Assignments = Readonly<Record<string, number>>;
export type VenuePlace = 'own' | number;

export const MIN_GROUPS = 2;
export const MAX_GROUPS = 6;

export interface ManualSplit {
  split: { mode: 'manual'; groups: string[][] };
  venue: VenuePlace;
}

/** Everyone in turn into group 1, 2, …, N, 1, 2, … (the starting point the host then changes). */
export function spreadEvenly(peerIds: readonly string[], groupCount: number): Record<string, number> {
  const result: Record<string, number> = {};
  peerIds.forEach((peerId, index) => {
    result[peerId] = index % groupCount;
  });
  return result;
}

/**
 * Every person present gets a group: kept if still valid, otherwise (new arrival, or their group
 * was removed by lowering the number of groups) the group with the fewest people. People who left
 * are dropped.
 */
export function completeAssignments(peerIds: readonly string[], assignments: Assignments, groupCount: number): Record<string, number> {
  const result: Record<string, number> = {};
  const sizes = new Array<number>(groupCount).fill(0);
  const unplaced: string[] = [];
  for (const peerId of peerIds) {
    const group = assignments[peerId];
    if (group !== undefined && group >= 0 && group < groupCount) {
      result[peerId] = group;
      sizes[group]! += 1;
    } else {
      unplaced.push(peerId);
    }
  }
  for (const peerId of unplaced) {
    const smallest = sizes.indexOf(Math.min(...sizes));
    result[peerId] = smallest;
    sizes[smallest]! += 1;
  }
  return result;
}

/** The people of each group, in the order given (groups may be empty). */
export function groupMembers(peerIds: readonly string[], assignments: Assignments, groupCount: number): string[][] {
  const groups = Array.from({ length: groupCount }, () => [] as string[]);
  for (const peerId of peerIds) {
    const group = assignments[peerId];
    if (group !== undefined && group >= 0 && group < groupCount) groups[group]!.push(peerId);
  }
  return groups;
}

/**
 * How many groups would have one person alone (nobody to talk to): one person from home, without the venue.
 * Empty groups do not count (they are not sent).
 */
export function loneGroupCount(peerIds: readonly string[], assignments: Assignments, groupCount: number, venue: VenuePlace): number {
  return groupMembers(peerIds, assignments, groupCount).filter((members, index) => members.length === 1 && venue !== index).length;
}

/** The request's split and venue place, or null when nobody at home is in any group. */
export function manualSplit(
  peerIds: readonly string[],
  assignments: Assignments,
  groupCount: number,
  venue: VenuePlace,
): ManualSplit | null {
  const all = groupMembers(peerIds, assignments, groupCount);
  const kept = all.map((members, index) => ({ members, index })).filter((g) => g.members.length > 0);
  if (kept.length === 0) return null;
  const venueGroup = venue === 'own' ? -1 : kept.findIndex((g) => g.index === venue);
  return {
    split: { mode: 'manual', groups: kept.map((g) => g.members) },
    venue: venueGroup === -1 ? 'own' : venueGroup,
  };
}
