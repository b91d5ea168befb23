import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  homeStage,
  homeStagePage,
  liveVolumes,
  programView,
  SPOTLIGHT_OTHERS_VOLUME,
  VIDEO_DUCK_VOLUME,
  visiblePeers,
} from '../../../client/src/features/program/live/stage';
import { liveState as live, peer } from './fixtures';

const venue = peer('venue', 'venue');
const hana = peer('hana');
const ichiro = peer('ichiro');

describe('the countdown', () => {
  it('shows minutes and seconds to the nearest second (a clock a few ms off still shows 05:00)', () => {
    expect(formatCountdown(300_000)).toBe('05:00');
    expect(formatCountdown(300_012)).toBe('05:00');
    expect(formatCountdown(299_001)).toBe('04:59');
    expect(formatCountdown(61_000)).toBe('01:01');
    expect(formatCountdown(600)).toBe('00:01');
    expect(formatCountdown(-5_000)).toBe('00:00');
    expect(formatCountdown(100 * 60_000)).toBe('100:00');
  });

  it('counts down from the segment end on the server clock and says the time is up after it', () => {
    const state = live();
    expect(programView(state, 240_000)).toMatchObject({ title: 'あいさつ', nextTitle: '百歳体操', remainingMs: 60_000, over: false });
    expect(programView(state, 300_000)).toMatchObject({ over: true });
  });

  it('keeps the remaining time while paused, and is over when a paused segment had run out', () => {
    const paused = live({ clock: { status: 'paused', index: 1, endsAt: null, remainingMs: 90_000 } });
    expect(programView(paused, 10_000_000)).toMatchObject({
      status: 'paused',
      title: '百歳体操',
      nextTitle: null,
      remainingMs: 90_000,
      over: false,
    });
    const pausedLate = live({ clock: { status: 'paused', index: 1, endsAt: null, remainingMs: -3_000 } });
    expect(programView(pausedLate, 0)?.over).toBe(true);
  });

  it('is never over before the start', () => {
    const before = live({ clock: { status: 'not-started', index: 0, endsAt: null, remainingMs: 0 } });
    expect(programView(before, 0)?.over).toBe(false);
  });

  it('shows nothing for a program without segments', () => {
    expect(programView(live({ segments: [] }), 0)).toBeNull();
  });
});

describe('the home stage', () => {
  it('shows the venue large in spotlight when no leader was chosen, the others small on the lowest layer', () => {
    const stage = homeStage(live({ layout: 'spotlight' }), [hana, venue, ichiro]);
    expect(stage.kind).toBe('spotlight');
    if (stage.kind !== 'spotlight') return;
    expect(stage.leader.id).toBe('venue');
    expect(stage.strip.map((p) => p.id)).toEqual(['hana', 'ichiro']);
    expect(homeStagePage(stage, 0).layers).toEqual({ venue: 2, hana: 0, ichiro: 0 });
  });

  it('shows the chosen leader large, and falls back to the venue when the leader is not shown here', () => {
    const chosen = homeStage(live({ layout: 'spotlight', leaderPeerId: 'ichiro' }), [hana, venue, ichiro]);
    expect(chosen.kind === 'spotlight' && chosen.leader.id).toBe('ichiro');
    const leaderIsMe = homeStage(live({ layout: 'spotlight', leaderPeerId: 'me' }), [hana, venue]);
    expect(leaderIsMe.kind === 'spotlight' && leaderIsMe.leader.id).toBe('venue');
  });

  it('shows the gallery with the venue first, its picture (the largest) one layer up', () => {
    const stage = homeStage(live(), [hana, venue, ichiro]);
    expect(stage.kind === 'gallery' && stage.tiles.map((p) => p.id)).toEqual(['venue', 'hana', 'ichiro']);
    expect(homeStagePage(stage, 0).layers).toEqual({ venue: 2, hana: 1, ichiro: 1 });
    expect(homeStagePage(homeStage(live(), [venue]), 0).layers).toEqual({ venue: 2 });
  });

  it('gives the main area to the question, then to the video, with everyone small at the side', () => {
    const video = { videoId: 'v1', title: '体操', url: '/v', playing: true, positionSec: 0, updatedAt: 0, durationSec: null };
    const quiz = {
      question: { id: 'q', format: 'calculation' as const, prompt: '1+1', choices: ['1', '2'], answerIndex: 1 },
      phase: 'asking' as const,
      homeCounts: [0, 0],
      venueCounts: [0, 0],
      yourAnswer: null,
    };
    expect(homeStage(live({ video, quiz, layout: 'spotlight' }), [venue])).toMatchObject({ kind: 'content', content: 'quiz' });
    const stage = homeStage(live({ video, layout: 'spotlight' }), [hana, venue]);
    expect(stage).toMatchObject({ kind: 'content', content: 'video' });
    expect(homeStagePage(stage, 0).layers).toEqual({ venue: 0, hana: 0 });
  });

  it('in a small group shows only its members', () => {
    const state = live({
      breakout: {
        groups: [
          { id: 'g1', name: 'グループ1', peerIds: ['hana', 'me'] },
          { id: 'g2', name: 'グループ2', peerIds: ['ichiro', 'venue'] },
        ],
        endsAt: 1,
      },
      you: { groupId: 'g1', handRaised: false },
    });
    expect(visiblePeers(state, [hana, venue, ichiro]).map((p) => p.id)).toEqual(['hana']);
    expect(visiblePeers(live(), [hana, venue]).map((p) => p.id)).toEqual(['hana', 'venue']);
  });
});

describe('voices during the program', () => {
  it('lowers everyone while the exercise video plays, and nobody when it is paused', () => {
    const playing = { videoId: 'v1', title: '体操', url: '/v', playing: true, positionSec: 0, updatedAt: 0, durationSec: null };
    expect(liveVolumes(live({ video: playing }), [venue, hana])).toEqual({ venue: VIDEO_DUCK_VOLUME, hana: VIDEO_DUCK_VOLUME });
    expect(liveVolumes(live({ video: { ...playing, playing: false } }), [venue, hana])).toEqual({});
  });

  it('keeps the leader at full volume in spotlight and the others a little lower', () => {
    expect(liveVolumes(live({ layout: 'spotlight' }), [venue, hana])).toEqual({ venue: 1, hana: SPOTLIGHT_OTHERS_VOLUME });
    expect(liveVolumes(live({ layout: 'spotlight', leaderPeerId: 'hana' }), [venue, hana])).toEqual({
      venue: SPOTLIGHT_OTHERS_VOLUME,
      hana: 1,
    });
    expect(liveVolumes(live(), [venue, hana])).toEqual({});
  });
});
