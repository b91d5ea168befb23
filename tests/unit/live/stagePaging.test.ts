import { describe, expect, it } from 'vitest';
import type { RemotePeer } from '../../../client/src/call/types';
import { homeStage, homeStagePage, visiblePeers } from '../../../client/src/features/live/stage';
import type { LiveState } from '../../../shared/src/program/live';

function peer(id: string, role: 'venue' | 'home' = 'home'): RemotePeer {
  return { id, displayName: id, role, audioMuted: false, videoMuted: false, stream: null, audioTrack: null, videoTrack: null, videoActive: false, videoLayer: null };
}

function live(overrides: Partial<LiveState> = {}): LiveState {
  return {
    revision: 1,
    serverTime: 0,
    segments: [{ id: 's1', kind: 'exercise', title: '百歳体操', plannedMinutes: 30 }],
    clock: { status: 'running', index: 0, endsAt: 300_000, remainingMs: 0 },
    layoutChoice: 'auto',
    layout: 'gallery',
    leaderPeerId: null,
    video: null,
    quiz: null,
    breakout: null,
    hands: [],
    you: { groupId: null, handRaised: false },
    ...overrides,
  };
}

const venue = peer('venue', 'venue');
/** The venue and twelve homes h01…h12, in display order. */
const homes = Array.from({ length: 12 }, (_, i) => peer(`h${String(i + 1).padStart(2, '0')}`));
const everyone = [venue, ...homes];
const ids = (peers: readonly RemotePeer[]) => peers.map((p) => p.id);

describe('the home stage in pages of nine', () => {
  it('gallery: page 1 is the venue and eight homes, page 2 the other four; only the page is received, small', () => {
    const stage = homeStage(live(), everyone);
    const first = homeStagePage(stage, 0);
    expect(ids(first.page.tiles)).toEqual(['venue', ...ids(homes.slice(0, 8))]);
    expect(first.page).toMatchObject({ index: 0, count: 2, hasPrevious: false, hasNext: true });
    expect(first.visible).toEqual(ids(first.page.tiles));
    expect(first.layers).toEqual(Object.fromEntries(ids(first.page.tiles).map((id) => [id, 0])));

    const second = homeStagePage(stage, 1);
    expect(ids(second.page.tiles)).toEqual(ids(homes.slice(8)));
    expect(second.visible).toEqual(ids(homes.slice(8)));
    // Four tiles are larger: layer 1, and nobody from page 1 is asked for.
    expect(second.layers).toEqual(Object.fromEntries(ids(homes.slice(8)).map((id) => [id, 1])));
  });

  it('spotlight: the leader is shown large on every page; the strip beside is paged', () => {
    const stage = homeStage(live({ layout: 'spotlight', leaderPeerId: 'h12' }), everyone);
    const first = homeStagePage(stage, 0);
    expect(ids(first.page.tiles)).toEqual(['venue', ...ids(homes.slice(0, 8))]);
    expect(first.visible).toEqual(['h12', 'venue', ...ids(homes.slice(0, 8))]);
    expect(first.layers.h12).toBe(2);
    expect(first.layers.venue).toBe(0);

    const second = homeStagePage(stage, 1);
    expect(ids(second.page.tiles)).toEqual(ids(homes.slice(8, 11)));
    expect(second.visible).toEqual(['h12', ...ids(homes.slice(8, 11))]);
    expect(second.layers).toEqual({ h12: 2, h09: 0, h10: 0, h11: 0 });
  });

  it('video or question on the main area: only the strip page is received, at the lowest layer', () => {
    const video = { videoId: 'v1', title: '体操', url: '/v1', playing: true, positionSec: 0, updatedAt: 0 };
    const stage = homeStage(live({ video }), everyone);
    expect(stage.kind).toBe('content');
    const second = homeStagePage(stage, 1);
    expect(second.visible).toEqual(ids(homes.slice(8)));
    expect(second.layers).toEqual(Object.fromEntries(ids(homes.slice(8)).map((id) => [id, 0])));
  });

  it('shows the last page when people left, and one page with everyone when few are there', () => {
    const stage = homeStage(live(), everyone.slice(0, 11));
    expect(homeStagePage(stage, 5).page).toMatchObject({ index: 1, count: 2 });
    const few = homeStagePage(homeStage(live(), [venue, homes[0]!]), 0);
    expect(few.page.count).toBe(1);
    expect(few.visible).toEqual(['venue', 'h01']);
  });

  it('in a small group pages only the group: everyone fits on one page', () => {
    const group = { id: 'group-1', name: 'グループ1', peerIds: ['me', 'h03', 'h07'] };
    const state = live({ breakout: { groups: [group], endsAt: 600_000 }, you: { groupId: 'group-1', handRaised: false } });
    const stage = homeStage(state, visiblePeers(state, everyone));
    const page = homeStagePage(stage, 1);
    expect(page.page.count).toBe(1);
    expect(page.visible).toEqual(['h03', 'h07']);
  });
});
