import type { BreakoutGroup } from '@shared/program/live';
import { AppError } from '../../core/errors';

/** The venue's peer id (see SessionService.resolveJoin). */
export const VENUE_PEER_ID = 'venue';
export const VENUE_GROUP_ID = 'group-venue';

export type BreakoutSplit = { mode: 'auto'; groupCount: number } | { mode: 'manual'; groups: string[][] };
/** 'own': the venue is a group of its own; a number: the venue joins that home group (0-based). */
export type VenuePlacement = 'own' | number;

/**
 * Plans the small groups from the home peers in the call (in join order). Auto spreads them
 * round-robin; manual checks the host's lists (field paths as in the `breakout:start` request).
 * Anyone at home the host's lists leave out goes to the smallest group, as a late joiner would.
 */
export function planBreakout(split: BreakoutSplit, venue: VenuePlacement, homePeerIds: readonly string[]): BreakoutGroup[] {
  const lists = split.mode === 'auto' ? splitEvenly(homePeerIds, split.groupCount) : checkManualGroups(split.groups, homePeerIds);
  let groups: BreakoutGroup[] = lists.map((peerIds, i) => ({ id: `group-${i + 1}`, name: `グループ ${i + 1}`, peerIds }));
  if (venue === 'own') {
    groups.push({ id: VENUE_GROUP_ID, name: '会場', peerIds: [VENUE_PEER_ID] });
  } else {
    if (venue >= groups.length) throw new AppError('INVALID_PAYLOAD', `venue: there are only ${groups.length} groups`, 'venue');
    groups = groups.map((group, i) => (i === venue ? { ...group, peerIds: [VENUE_PEER_ID, ...group.peerIds] } : group));
  }
  for (const peerId of homePeerIds) if (groupIdOf(groups, peerId) === null) groups = placeLateJoiner(groups, peerId);
  return groups;
}

function splitEvenly(homePeerIds: readonly string[], groupCount: number): string[][] {
  if (homePeerIds.length === 0) throw new AppError('CONFLICT', 'Nobody is joining from home, so there is no one to split into groups');
  const lists: string[][] = Array.from({ length: Math.min(groupCount, homePeerIds.length) }, () => []);
  homePeerIds.forEach((peerId, i) => lists[i % lists.length]!.push(peerId));
  return lists;
}

function checkManualGroups(groups: readonly string[][], homePeerIds: readonly string[]): string[][] {
  const present = new Set(homePeerIds);
  const seen = new Set<string>();
  groups.forEach((peerIds, g) =>
    peerIds.forEach((peerId, p) => {
      const field = `split.groups.${g}.${p}`;
      if (peerId === VENUE_PEER_ID) throw new AppError('INVALID_PAYLOAD', `${field}: place the venue with "venue", not in a group`, field);
      if (!present.has(peerId)) throw new AppError('INVALID_PAYLOAD', `${field}: no one with this id is in the call from home`, field);
      if (seen.has(peerId)) throw new AppError('INVALID_PAYLOAD', `${field}: this person is already in another group`, field);
      seen.add(peerId);
    }),
  );
  return groups.map((peerIds) => [...peerIds]);
}

/** Someone at home who joins during small groups: into the smallest home group (the first of equals). */
export function placeLateJoiner(groups: readonly BreakoutGroup[], peerId: string): BreakoutGroup[] {
  const candidates = groups.filter((group) => group.id !== VENUE_GROUP_ID);
  if (candidates.length === 0) return [...groups];
  const smallest = candidates.reduce((a, b) => (b.peerIds.length < a.peerIds.length ? b : a));
  return groups.map((group) => (group === smallest ? { ...group, peerIds: [...group.peerIds, peerId] } : group));
}

export function removeFromGroups(groups: readonly BreakoutGroup[], peerId: string): BreakoutGroup[] {
  return groups.map((group) =>
    group.peerIds.includes(peerId) ? { ...group, peerIds: group.peerIds.filter((id) => id !== peerId) } : group,
  );
}

export function groupIdOf(groups: readonly BreakoutGroup[], peerId: string): string | null {
  return groups.find((group) => group.peerIds.includes(peerId))?.id ?? null;
}
