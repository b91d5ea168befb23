import type { RemotePeer, SpatialLayer } from './types';

/** 0: 7.5 fps, 1: 15 fps, 2: 30 fps (the encodings are L1T3). */
export type TemporalLayer = 0 | 1 | 2;

/**
 * A small tile (the lowest spatial layer) at 15 fps, which is enough for a thumbnail and costs about
 * half; every larger picture, the spotlight above all, at the full 30 fps so exercise movements stay smooth.
 */
export function temporalLayerFor(spatialLayer: SpatialLayer): TemporalLayer {
  return spatialLayer === 0 ? 1 : 2;
}

/** Gallery tiles: layer 1, or 0 when there are more than four of them. */
export function galleryLayer(tileCount: number): SpatialLayer {
  return tileCount > 4 ? 0 : 1;
}

/** Home view: the venue's video is the large tile (layer 2); other homes form a gallery. */
export function homeViewLayers(main: RemotePeer | null, gallery: readonly RemotePeer[]): Record<string, SpatialLayer> {
  const layers: Record<string, SpatialLayer> = {};
  const small = galleryLayer(gallery.length);
  for (const peer of gallery) layers[peer.id] = main ? small : gallery.length === 1 ? 2 : small;
  if (main) layers[main.id] = 2;
  return layers;
}

/**
 * Venue view (a TV): every home participant in a grid. A single participant fills the screen,
 * so gets the large-tile layer 2; otherwise the gallery rule.
 */
export function venueViewLayers(tiles: readonly RemotePeer[]): Record<string, SpatialLayer> {
  const layers: Record<string, SpatialLayer> = {};
  const layer = tiles.length === 1 ? 2 : galleryLayer(tiles.length);
  for (const peer of tiles) layers[peer.id] = layer;
  return layers;
}

/** Columns for a grid of `count` tiles on a landscape screen (portrait: fewer columns). */
export function gridColumns(count: number, portrait = false): number {
  if (count <= 1) return 1;
  if (portrait) return count <= 2 ? 1 : count <= 6 ? 2 : 3;
  if (count <= 4) return 2;
  if (count <= 9) return 3;
  return 4;
}

/** The column count for `count` tiles in a width×height box that makes 16:9 pictures largest. */
export function bestColumns(count: number, width: number, height: number, gap = 0, aspect = 16 / 9): number {
  let best = 1;
  let bestWidth = 0;
  for (let columns = 1; columns <= Math.max(1, count); columns++) {
    const rows = Math.ceil(count / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    const pictureWidth = Math.min(cellWidth, cellHeight * aspect);
    if (pictureWidth > bestWidth + 0.5) {
      bestWidth = pictureWidth;
      best = columns;
    }
  }
  return best;
}

/** Made once per language: a Japanese collator takes milliseconds to make, and tiles are sorted at every render. */
const collators = new Map<string, Intl.Collator>();

/** Stable order for tiles (a rejoining person does not jump to the end): by name, then id. */
export function sortByName(peers: readonly RemotePeer[], locale: string): RemotePeer[] {
  const language = locale === 'en' ? 'en' : 'ja';
  let collator = collators.get(language);
  if (!collator) collators.set(language, (collator = new Intl.Collator(language)));
  return [...peers].sort((a, b) => collator.compare(a.displayName, b.displayName) || a.id.localeCompare(b.id));
}
