import { describe, expect, it } from 'vitest';
import { estimateServerOffset, IN_SYNC_SEC, planVideoCorrection, SEEK_THRESHOLD_SEC, videoPositionAt } from '@shared/program/videoSync';

describe('video timeline', () => {
  it('a playing video moves on with the server clock; a paused one stays', () => {
    const playing = { playing: true, positionSec: 10, updatedAt: 5_000 };
    expect(videoPositionAt(playing, 7_500)).toBe(12.5);
    expect(videoPositionAt({ ...playing, playing: false }, 7_500)).toBe(10);
  });

  it('never runs backwards when a device clock estimate is slightly before the update', () => {
    expect(videoPositionAt({ playing: true, positionSec: 10, updatedAt: 5_000 }, 4_900)).toBe(10);
  });
});

describe('video correction', () => {
  it('jumps when far off, in either direction', () => {
    expect(planVideoCorrection(10, 10 + SEEK_THRESHOLD_SEC + 0.1)).toEqual({ kind: 'seek', toSec: 10 + SEEK_THRESHOLD_SEC + 0.1 });
    expect(planVideoCorrection(12, 10)).toEqual({ kind: 'seek', toSec: 10 });
  });

  it('catches up gently when a little off: faster when behind, slower when ahead', () => {
    expect(planVideoCorrection(9.8, 10)).toEqual({ kind: 'rate', rate: 1.1 });
    expect(planVideoCorrection(10.2, 10)).toEqual({ kind: 'rate', rate: 0.9 });
  });

  it('plays at normal speed when in sync', () => {
    expect(planVideoCorrection(10 + IN_SYNC_SEC / 2, 10)).toEqual({ kind: 'rate', rate: 1 });
  });
});

describe('server clock estimate', () => {
  it('uses the sample with the shortest round trip, assuming the answer left halfway', () => {
    const offset = estimateServerOffset([
      { sentAt: 1_000, receivedAt: 1_400, serverTime: 6_000 },
      { sentAt: 2_000, receivedAt: 2_040, serverTime: 7_070 },
    ]);
    expect(offset).toBe(7_070 - 2_020);
  });

  it('is zero without samples', () => {
    expect(estimateServerOffset([])).toBe(0);
  });
});
