import type { LiveState } from '@shared/program/live';
import { remainingMs } from '@shared/program/programClock';
import { VIDEO_DUCK_VOLUME } from '@shared/program/videoSync';
import { GALLERY_PAGE_SIZE, galleryPage, shownVideoPeerIds, type GalleryPage } from '../../../call/gallery';
import { galleryLayer } from '../../../call/layers';
import type { RemotePeer, SpatialLayer } from '../../../call/types';

/*
 * What the session program changes about the call screen, as pure functions: who is shown, who
 * large, which simulcast layer each picture needs, how loud each voice is, and the countdown.
 * No strings here, so the call screen can use them without loading the program's messages.
 */

/** Voices while a video plays (shared with the telephone bridge) and non-leaders in spotlight. */
export { VIDEO_DUCK_VOLUME };
export const SPOTLIGHT_OTHERS_VOLUME = 0.6;

/** In a small group only its members are shown (the server pauses everyone else's media anyway). */
export function visiblePeers(live: LiveState | null, peers: readonly RemotePeer[]): readonly RemotePeer[] {
  const group = yourGroup(live);
  if (!group) return peers;
  const members = new Set(group.peerIds);
  return peers.filter((p) => members.has(p.id));
}

export function yourGroup(live: LiveState | null) {
  if (!live?.breakout || !live.you.groupId) return null;
  return live.breakout.groups.find((g) => g.id === live.you.groupId) ?? null;
}

/** The peer id who leads in spotlight: the chosen participant, or the venue when none was chosen. */
export function leaderId(live: LiveState | null, peers: readonly RemotePeer[]): string | null {
  if (!live) return null;
  if (live.leaderPeerId && peers.some((p) => p.id === live.leaderPeerId)) return live.leaderPeerId;
  return peers.find((p) => p.role === 'venue')?.id ?? null;
}

/**
 * Spotlight: the leader large, everyone else in a small strip. Null when the layout is the gallery,
 * or when the leader is not among the people shown (this device leads, or is in another group).
 */
export function spotlightOf(
  live: LiveState | null,
  shown: readonly RemotePeer[],
): { leader: RemotePeer; others: readonly RemotePeer[] } | null {
  if (live?.layout !== 'spotlight') return null;
  const id = leaderId(live, shown);
  const leader = shown.find((p) => p.id === id);
  return leader ? { leader, others: shown.filter((p) => p !== leader) } : null;
}

/** The top layer for the one large picture, the lowest for the small strip. */
export function spotlightLayers(leader: RemotePeer, others: readonly RemotePeer[]): Record<string, SpatialLayer> {
  const layers: Record<string, SpatialLayer> = { [leader.id]: 2 };
  for (const peer of others) layers[peer.id] = 0;
  return layers;
}

/**
 * The gallery: a lone picture fills the screen (layer 2); otherwise the gallery rule, one layer up for the
 * venue, whose picture is four times as large as the others (see TileGrid's featureFirst).
 */
export function galleryLayers(tiles: readonly RemotePeer[]): Record<string, SpatialLayer> {
  const layer = tiles.length === 1 ? 2 : galleryLayer(tiles.length);
  const venueLayer = Math.min(2, layer + 1) as SpatialLayer;
  return Object.fromEntries(tiles.map((p) => [p.id, p.role === 'venue' ? venueLayer : layer]));
}

/** Every picture small at the side (a video or a question fills the main area). */
export function stripLayers(tiles: readonly RemotePeer[]): Record<string, SpatialLayer> {
  return Object.fromEntries(tiles.map((p) => [p.id, 0]));
}

/**
 * How loud each person's voice plays (1 when not listed): everyone low while the exercise video
 * plays; in spotlight the leader stays full and the others a little lower.
 */
export function liveVolumes(live: LiveState | null, peers: readonly RemotePeer[]): Record<string, number> {
  if (!live) return {};
  if (live.video?.playing) return Object.fromEntries(peers.map((p) => [p.id, VIDEO_DUCK_VOLUME]));
  if (live.layout !== 'spotlight') return {};
  const leader = leaderId(live, peers);
  return Object.fromEntries(peers.map((p) => [p.id, p.id === leader ? 1 : SPOTLIGHT_OTHERS_VOLUME]));
}

/**
 * 「05:00」: minutes and seconds to the nearest second, so a clock estimate a few ms off does not
 * show 05:01 for a 5-minute part.
 */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${String(minutes).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export interface ProgramView {
  status: LiveState['clock']['status'];
  index: number;
  title: string;
  nextTitle: string | null;
  remainingMs: number;
  /** The segment's planned time is up (it goes on until the host moves on). */
  over: boolean;
}

/** The program bar's content at `serverNow`; null when the program has no segments. */
export function programView(live: LiveState, serverNow: number): ProgramView | null {
  const { clock, segments } = live;
  const segment = segments[clock.index];
  if (!segment) return null;
  const left = remainingMs(clock, serverNow);
  return {
    status: clock.status,
    index: clock.index,
    title: segment.title,
    nextTitle: segments[clock.index + 1]?.title ?? null,
    remainingMs: left,
    over: (clock.status === 'running' || clock.status === 'paused') && left <= 0,
  };
}

/**
 * What the home screen shows in its main area: the exercise video or the question (everyone small
 * at the side), the leader large (spotlight), or everyone as equal tiles (gallery).
 */
export type HomeStage =
  | { kind: 'content'; content: 'quiz' | 'video'; strip: readonly RemotePeer[] }
  | { kind: 'spotlight'; leader: RemotePeer; strip: readonly RemotePeer[] }
  | { kind: 'gallery'; tiles: readonly RemotePeer[] };

/** `shown`: the people this person can see (their small group, if any), in display order. */
export function homeStage(live: LiveState | null, shown: readonly RemotePeer[]): HomeStage {
  const venueFirst = [...shown.filter((p) => p.role === 'venue'), ...shown.filter((p) => p.role !== 'venue')];
  if (live?.quiz) return { kind: 'content', content: 'quiz', strip: venueFirst };
  if (live?.video) return { kind: 'content', content: 'video', strip: venueFirst };
  const spotlight = spotlightOf(live, venueFirst);
  if (spotlight) return { kind: 'spotlight', leader: spotlight.leader, strip: spotlight.others };
  return { kind: 'gallery', tiles: venueFirst };
}

/**
 * How many people one page shows. Beside the leader or the content the small pictures share a narrow
 * column, so fewer fit there than in the gallery; a phone has room for fewer still.
 */
export interface StagePageSizes {
  gallery: number;
  strip: number;
}

export const STRIP_PAGE_SIZE = 4;
export const TABLET_PAGE_SIZES: StagePageSizes = { gallery: GALLERY_PAGE_SIZE, strip: STRIP_PAGE_SIZE };
/**
 * A phone has room for the leader or the content only (and yourself): no small pictures beside them. Its
 * gallery shows three at a time: the venue large and two others wide enough for their names on one line.
 */
export const PHONE_PAGE_SIZES: StagePageSizes = { gallery: 3, strip: 0 };
/**
 * A phone with 「文字を大きく」: the venue large and one other a page, so each picture keeps the height for a
 * name in the larger letters (the others are a tap on つぎ away).
 */
export const PHONE_LARGE_TEXT_PAGE_SIZES: StagePageSizes = { gallery: 2, strip: 0 };
/**
 * A tablet or computer with 「文字を大きく」: three small pictures beside the leader or the content (not four), so
 * each keeps the height for its name in the larger letters when ‹ まえ つぎ › share the column.
 */
export const TABLET_LARGE_TEXT_PAGE_SIZES: StagePageSizes = { gallery: GALLERY_PAGE_SIZE, strip: 3 };

/**
 * One page of the stage: the gallery's tiles, or the small pictures beside the leader or the content.
 * The leader in spotlight is always shown large, whatever the page. `visible` is whose videos this
 * screen receives (call:setVisibleVideos); everyone's voice is heard regardless.
 */
export interface HomeStagePage {
  page: GalleryPage<RemotePeer>;
  layers: Record<string, SpatialLayer>;
  visible: string[] | null;
}

/** Page `pageIndex` of the stage (past the last page: the last one). */
export function homeStagePage(stage: HomeStage, pageIndex: number, sizes: StagePageSizes = TABLET_PAGE_SIZES): HomeStagePage {
  switch (stage.kind) {
    case 'gallery': {
      const page = galleryPage(stage.tiles, pageIndex, sizes.gallery);
      return { page, layers: galleryLayers(page.tiles), visible: shownVideoPeerIds(page.tiles) };
    }
    case 'spotlight': {
      const page = stripPage(stage.strip, pageIndex, sizes.strip);
      return { page, layers: spotlightLayers(stage.leader, page.tiles), visible: shownVideoPeerIds(stage.leader, page.tiles) };
    }
    case 'content': {
      const page = stripPage(stage.strip, pageIndex, sizes.strip);
      return { page, layers: stripLayers(page.tiles), visible: shownVideoPeerIds(page.tiles) };
    }
  }
}

function stripPage(strip: readonly RemotePeer[], pageIndex: number, size: number): GalleryPage<RemotePeer> {
  return size > 0 ? galleryPage(strip, pageIndex, size) : galleryPage([], 0);
}
