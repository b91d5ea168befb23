import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/src/core/errors';
import { groupIdOf, placeLateJoiner, planBreakout, removeFromGroups } from '../../../server/src/program/live/breakouts';

const homes = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'];

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('breakout planner: auto split', () => {
  it('spreads the homes round-robin in join order and gives the venue its own group', () => {
    const groups = planBreakout({ mode: 'auto', groupCount: 2 }, 'own', homes);
    expect(groups).toEqual([
      { id: 'group-1', name: 'グループ 1', peerIds: ['p-a', 'p-c', 'p-e'] },
      { id: 'group-2', name: 'グループ 2', peerIds: ['p-b', 'p-d'] },
      { id: 'group-venue', name: '会場', peerIds: ['venue'] },
    ]);
  });

  it('puts the venue into the chosen group', () => {
    const groups = planBreakout({ mode: 'auto', groupCount: 2 }, 1, homes);
    expect(groups).toHaveLength(2);
    expect(groups[1]!.peerIds).toEqual(['venue', 'p-b', 'p-d']);
  });

  it('makes no empty groups when there are fewer homes than groups', () => {
    const groups = planBreakout({ mode: 'auto', groupCount: 5 }, 'own', ['p-a', 'p-b']);
    expect(groups.map((g) => g.peerIds)).toEqual([['p-a'], ['p-b'], ['venue']]);
  });

  it('refuses a venue group number beyond the groups, naming the field', () => {
    const error = refusal(() => planBreakout({ mode: 'auto', groupCount: 2 }, 2, homes));
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'venue' });
  });

  it('refuses to split when nobody is at home', () => {
    expect(refusal(() => planBreakout({ mode: 'auto', groupCount: 2 }, 'own', []))).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('breakout planner: manual groups', () => {
  it('keeps the host’s groups and places anyone left out in the smallest group', () => {
    const groups = planBreakout({ mode: 'manual', groups: [['p-a', 'p-b', 'p-c'], ['p-d']] }, 'own', homes);
    expect(groups.map((g) => g.peerIds)).toEqual([['p-a', 'p-b', 'p-c'], ['p-d', 'p-e'], ['venue']]);
  });

  it('refuses an unknown peer id with the field path of the request', () => {
    const error = refusal(() => planBreakout({ mode: 'manual', groups: [['p-a'], ['p-b', 'p-zzz']] }, 'own', homes));
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'split.groups.1.1' });
  });

  it('refuses the same person in two groups', () => {
    const error = refusal(() => planBreakout({ mode: 'manual', groups: [['p-a', 'p-b'], ['p-a']] }, 'own', homes));
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'split.groups.1.0' });
  });

  it('refuses the venue inside a list (it is placed with `venue`)', () => {
    const error = refusal(() => planBreakout({ mode: 'manual', groups: [['venue', 'p-a']] }, 'own', homes));
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'split.groups.0.0' });
  });
});

describe('breakout planner: late joiners and leavers', () => {
  const groups = planBreakout({ mode: 'manual', groups: [['p-a', 'p-b'], ['p-c']] }, 'own', ['p-a', 'p-b', 'p-c']);

  it('a late joiner goes to the smallest home group, never the venue’s own', () => {
    const after = placeLateJoiner(groups, 'p-new');
    expect(groupIdOf(after, 'p-new')).toBe('group-2');
    const next = placeLateJoiner(after, 'p-newer');
    expect(groupIdOf(next, 'p-newer')).toBe('group-1');
    expect(groups[1]!.peerIds).toEqual(['p-c']);
  });

  it('finds and removes a member', () => {
    expect(groupIdOf(groups, 'venue')).toBe('group-venue');
    expect(groupIdOf(groups, 'p-x')).toBeNull();
    expect(groupIdOf(removeFromGroups(groups, 'p-a'), 'p-a')).toBeNull();
  });
});
