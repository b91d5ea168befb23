import { MAX_VISIBLE_VIDEOS } from '@shared/call/limits';

/**
 * The home gallery in pages: at most nine pictures at a time (a 3×3 grid a tablet shows large enough),
 * turned with big ‹ › buttons. Only the pictures on screen are received (call:setVisibleVideos), so a
 * home's download stays the same however many people join.
 */
export const GALLERY_PAGE_SIZE = 9;

export interface GalleryPage<T> {
  /** What this page shows, in order. */
  readonly tiles: readonly T[];
  /** The page shown (0-based), always one of the pages there are. */
  readonly index: number;
  /** How many pages there are (at least 1, even when nobody is there). */
  readonly count: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

export function pageCount(total: number, size = GALLERY_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

/**
 * Page `index` of `items`. An index beyond the last page (people left) shows the last page, so the
 * screen is never empty while there is someone to show.
 */
export function galleryPage<T>(items: readonly T[], index: number, size = GALLERY_PAGE_SIZE): GalleryPage<T> {
  const count = pageCount(items.length, size);
  const page = Math.min(Math.max(0, Math.floor(index)), count - 1);
  return {
    tiles: items.slice(page * size, (page + 1) * size),
    index: page,
    count,
    hasPrevious: page > 0,
    hasNext: page < count - 1,
  };
}

/**
 * The peer ids whose video the screen shows (the spotlight and the page's tiles), for
 * call:setVisibleVideos: each once, in the order given. null (every video) when there are more than
 * the request allows, which a paged screen never reaches.
 */
export function shownVideoPeerIds(...shown: readonly (ShownPeer | readonly ShownPeer[] | null | undefined)[]): string[] | null {
  const ids = new Set<string>();
  for (const entry of shown) {
    if (!entry) continue;
    for (const peer of isList(entry) ? entry : [entry]) ids.add(peer.id);
  }
  return ids.size > MAX_VISIBLE_VIDEOS ? null : [...ids];
}

interface ShownPeer {
  readonly id: string;
}

function isList(entry: ShownPeer | readonly ShownPeer[]): entry is readonly ShownPeer[] {
  return Array.isArray(entry);
}
