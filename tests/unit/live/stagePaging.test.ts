import { describe, expect, it } from 'vitest';
import type { RemotePeer } from '../../../client/src/call/types';
import {
  homeStage,
  homeStagePage,
  PHONE_LARGE_TEXT_PAGE_SIZES,
  PHONE_PAGE_SIZES,
  STRIP_PAGE_SIZE,
  visiblePeers,
} from '../../../client/src/features/program/live/stage';
import { liveState as live, peer } from './fixtures';

const venue = peer('venue', 'venue');
/** The venue and twelve homes h01…h12, in display order. */
const homes = Array.from({ length: 12 }, (_, i) => peer(`h${String(i + 1).padStart(2, '0')}`));
const everyone = [venue, ...homes];
const ids = (peers: readonly RemotePeer[]) => peers.map((p) => p.id);

describe('the home stage in pages', () => {
  it('gallery: page 1 is the venue and eight homes, page 2 the other four; only the page is received, small (the venue one layer up)', () => {
    const stage = homeStage(live(), everyone);
    const first = homeStagePage(stage, 0);
    expect(ids(first.page.tiles)).toEqual(['venue', ...ids(homes.slice(0, 8))]);
    expect(first.page).toMatchObject({ index: 0, count: 2, hasPrevious: false, hasNext: true });
    expect(first.visible).toEqual(ids(first.page.tiles));
    expect(first.layers).toEqual(Object.fromEntries(ids(first.page.tiles).map((id) => [id, id === 'venue' ? 1 : 0])));

    const second = homeStagePage(stage, 1);
    expect(ids(second.page.tiles)).toEqual(ids(homes.slice(8)));
    expect(second.visible).toEqual(ids(homes.slice(8)));
    // Four tiles are larger: layer 1, and nobody from page 1 is asked for.
    expect(second.layers).toEqual(Object.fromEntries(ids(homes.slice(8)).map((id) => [id, 1])));
  });

  it('spotlight: the leader is shown large on every page; the strip beside is paged four at a time', () => {
    expect(STRIP_PAGE_SIZE).toBe(4);
    const stage = homeStage(live({ layout: 'spotlight', leaderPeerId: 'h12' }), everyone);
    const first = homeStagePage(stage, 0);
    expect(ids(first.page.tiles)).toEqual(['venue', ...ids(homes.slice(0, 3))]);
    expect(first.page).toMatchObject({ index: 0, count: 3, hasPrevious: false, hasNext: true });
    expect(first.visible).toEqual(['h12', 'venue', ...ids(homes.slice(0, 3))]);
    expect(first.layers).toEqual({ h12: 2, venue: 0, h01: 0, h02: 0, h03: 0 });

    const last = homeStagePage(stage, 2);
    expect(ids(last.page.tiles)).toEqual(ids(homes.slice(7, 11)));
    expect(last.page).toMatchObject({ index: 2, count: 3, hasNext: false });
    expect(last.visible).toEqual(['h12', ...ids(homes.slice(7, 11))]);
    expect(last.layers).toEqual({ h12: 2, h08: 0, h09: 0, h10: 0, h11: 0 });
  });

  it('video or question on the main area: only the strip page is received, at the lowest layer', () => {
    const video = { videoId: 'v1', title: '体操', url: '/v1', playing: true, positionSec: 0, updatedAt: 0, durationSec: null };
    const stage = homeStage(live({ video }), everyone);
    expect(stage.kind).toBe('content');
    const second = homeStagePage(stage, 1);
    expect(second.page).toMatchObject({ index: 1, count: 4 });
    expect(second.visible).toEqual(ids(homes.slice(3, 7)));
    expect(second.layers).toEqual(Object.fromEntries(ids(homes.slice(3, 7)).map((id) => [id, 0])));
  });

  it('on a phone: the gallery three at a time; beside the leader or the content nobody else, and no videos but the leader’s', () => {
    const gallery = homeStagePage(homeStage(live(), everyone), 0, PHONE_PAGE_SIZES);
    expect(ids(gallery.page.tiles)).toEqual(['venue', 'h01', 'h02']);
    expect(gallery.page.count).toBe(5);
    expect(gallery.visible).toEqual(['venue', 'h01', 'h02']);

    const spotlight = homeStagePage(homeStage(live({ layout: 'spotlight', leaderPeerId: 'h12' }), everyone), 2, PHONE_PAGE_SIZES);
    expect(spotlight.page).toMatchObject({ tiles: [], index: 0, count: 1, hasPrevious: false, hasNext: false });
    expect(spotlight.visible).toEqual(['h12']);
    expect(spotlight.layers).toEqual({ h12: 2 });

    const video = { videoId: 'v1', title: '体操', url: '/v1', playing: true, positionSec: 0, updatedAt: 0, durationSec: null };
    const content = homeStagePage(homeStage(live({ video }), everyone), 0, PHONE_PAGE_SIZES);
    expect(content.page.tiles).toEqual([]);
    expect(content.visible).toEqual([]);
  });

  it('on a phone with 「文字を大きく」: the gallery is the venue and one other a page, and only those two videos are received', () => {
    const first = homeStagePage(homeStage(live(), everyone), 0, PHONE_LARGE_TEXT_PAGE_SIZES);
    expect(ids(first.page.tiles)).toEqual(['venue', 'h01']);
    expect(first.page).toMatchObject({ index: 0, count: 7, hasPrevious: false, hasNext: true });
    expect(first.visible).toEqual(['venue', 'h01']);
    const second = homeStagePage(homeStage(live(), everyone), 1, PHONE_LARGE_TEXT_PAGE_SIZES);
    expect(ids(second.page.tiles)).toEqual(['h02', 'h03']);
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
