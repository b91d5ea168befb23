import { describe, expect, it } from 'vitest';
import { consumerForwards } from '../../../server/src/call/consumerRules';
import { SpeakerRanking, VOICE_RULES, voicesHeard, type VoiceFacts } from '../../../server/src/call/voices';

const level = (peerId: string, volume: number) => ({ peerId, volume });
const homes = (count: number) => Array.from({ length: count }, (_, i) => `h${i + 1}`);
const venueAndHomes = ['venue', ...homes(8)];

function facts(listener: string, ranking: readonly string[], overrides: Partial<VoiceFacts> = {}): VoiceFacts {
  return {
    listener: { id: listener, role: listener === 'venue' ? 'venue' : 'home' },
    candidates: venueAndHomes.filter((id) => id !== listener),
    alwaysHeard: new Set(['venue']),
    ranking,
    ...overrides,
  };
}

describe('SpeakerRanking: who is speaking, loudest first, with a hangover', () => {
  it('orders the voices of a report louder first and names nobody before the first report', () => {
    const ranking = new SpeakerRanking();
    expect(ranking.ranking).toEqual([]);
    expect(ranking.report([level('h1', -40), level('h2', -25), level('h3', -33)], 0)).toBe(true);
    expect(ranking.ranking).toEqual(['h2', 'h3', 'h1']);
  });

  it('puts someone who starts speaking ahead of voices that have paused, on the first report that names them', () => {
    const ranking = new SpeakerRanking();
    ranking.report([level('h1', -30), level('h2', -30), level('h3', -30)], 0);
    // h1…h3 pause (still in their hangover); h4, quieter than they were, starts.
    ranking.report([level('h4', -48)], 100);
    expect(ranking.ranking[0]).toBe('h4');
    expect(ranking.ranking).toHaveLength(4);
  });

  it('keeps a voice already in the loudest places against a newcomer unless the newcomer is clearly louder', () => {
    const ranking = new SpeakerRanking();
    const talking = [level('h1', -30), level('h2', -31), level('h3', -32), level('h4', -33)];
    ranking.report(talking, 0);
    expect(ranking.ranking).toEqual(['h1', 'h2', 'h3', 'h4']);
    // A newcomer a little louder than the quietest of them does not take a place…
    ranking.report([...talking, level('h5', -30)], 100);
    expect(ranking.ranking.slice(0, VOICE_RULES.loudest + 1)).toEqual(['h1', 'h2', 'h3', 'h4']);
    // …and when near-equal voices change order, they do so among themselves: the same four keep the places…
    ranking.report([level('h1', -33), level('h2', -30), level('h3', -32), level('h4', -31), level('h5', -31)], 200);
    expect(ranking.ranking.slice(0, 4)).toEqual(['h2', 'h4', 'h3', 'h1']);
    // …but one clearly louder (by more than stickyDb) takes the first.
    ranking.report([...talking, level('h5', -30 + VOICE_RULES.stickyDb + 2)], 300);
    expect(ranking.ranking[0]).toBe('h5');
  });

  it('keeps a voice that falls silent for the hangover, then drops it; nextExpiryAt says when', () => {
    const ranking = new SpeakerRanking();
    ranking.report([level('h1', -30)], 1000);
    ranking.report([], 1100);
    expect(ranking.ranking).toEqual(['h1']);
    expect(ranking.nextExpiryAt()).toBe(1000 + VOICE_RULES.hangoverMs);
    expect(ranking.expire(1000 + VOICE_RULES.hangoverMs - 1)).toBe(false);
    expect(ranking.ranking).toEqual(['h1']);
    expect(ranking.expire(1000 + VOICE_RULES.hangoverMs)).toBe(true);
    expect(ranking.ranking).toEqual([]);
    expect(ranking.nextExpiryAt()).toBeNull();
  });

  it('says the order is unchanged when a report repeats it', () => {
    const ranking = new SpeakerRanking();
    ranking.report([level('h1', -30), level('h2', -40)], 0);
    expect(ranking.report([level('h1', -31), level('h2', -39)], 100)).toBe(false);
  });
});

describe('voicesHeard: the voices forwarded to one device', () => {
  const ranking = ['h5', 'h2', 'h7', 'h1', 'h3'];

  it('gives a home the venue and the three loudest others, never its own voice in a place', () => {
    expect(voicesHeard(facts('h8', ranking))).toEqual(new Set(['venue', 'h5', 'h2', 'h7']));
    // h2 is among the loudest, but it is the listener: the next loudest takes the place.
    expect(voicesHeard(facts('h2', ranking))).toEqual(new Set(['venue', 'h5', 'h7', 'h1']));
  });

  it('always forwards the leader and the spotlit, besides the loudest', () => {
    const heard = voicesHeard(facts('h8', ranking, { alwaysHeard: new Set(['venue', 'h6', 'h4']) }));
    expect(heard).toEqual(new Set(['venue', 'h6', 'h4', 'h5', 'h2', 'h7']));
  });

  it('gives the venue every voice, however many talk', () => {
    expect(voicesHeard(facts('venue', ranking))).toBe('all');
  });

  it('gives a home only those always heard while nobody speaks', () => {
    expect(voicesHeard(facts('h8', []))).toEqual(new Set(['venue']));
  });

  it('gives everyone every voice when there are no more voices than places (a small gathering, a small group)', () => {
    const small: Partial<VoiceFacts> = { candidates: ['venue', 'h1', 'h2', 'h3'] };
    expect(voicesHeard(facts('h4', [], small))).toBe('all');
    // A small group of four at home: the listener and three others.
    expect(voicesHeard(facts('h1', [], { candidates: ['h2', 'h3', 'h4'], alwaysHeard: new Set(['venue']) }))).toBe('all');
  });

  it('chooses the loudest among the voices the device could hear (its small group), not the whole room', () => {
    const group = ['h1', 'h2', 'h3', 'h4', 'h5'];
    const heard = voicesHeard(facts('h1', ranking, { candidates: group.filter((id) => id !== 'h1') }));
    expect(heard).toEqual(new Set(['h5', 'h2', 'h3']));
  });
});

describe('consumerForwards: a voice flows only when it is heard', () => {
  it('pauses an audio consumer whose voice the device does not hear, and ignores that rule for video', () => {
    const base = { accepted: true, sameGroup: true, shownOnScreen: true };
    expect(consumerForwards({ ...base, kind: 'audio', voiceHeard: false })).toBe(false);
    expect(consumerForwards({ ...base, kind: 'audio', voiceHeard: true })).toBe(true);
    expect(consumerForwards({ ...base, kind: 'video', voiceHeard: false })).toBe(true);
    expect(consumerForwards({ ...base, kind: 'audio', voiceHeard: true, sameGroup: false })).toBe(false);
  });
});
