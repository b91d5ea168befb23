import type { PeerRole } from '@shared/call/schemas';
import type { SpatialLayer } from './types';

/*
 * The layer a device receives follows the size it shows the picture at (as LiveKit's adaptive stream and Jitsi's
 * receiver constraints do): the screen's layout says which layer a picture may have at most (layers.ts, stage.ts),
 * and the picture's measured size on this screen may lower it. A 360 px phone does not need the venue's 720p layer
 * for a picture 190 px high; a venue TV showing a home's leader large still gets the top one.
 */

/**
 * The height in pixels of each simulcast layer a sender's camera sends (media.ts cameraConstraints: the venue
 * 1280×720, a home 640×360; produceOptions.ts simulcastEncodings: a quarter, a half and the full size).
 */
export const LAYER_HEIGHTS: Readonly<Record<PeerRole, readonly [number, number, number]>> = {
  venue: [180, 360, 720],
  home: [90, 180, 360],
};

export const SHOWN_SIZE_RULES = {
  /**
   * A layer is sharp enough when the screen enlarges it at most this much (in CSS pixels): 1.5× softens a picture a
   * little but keeps faces and movements clear, and halves what a 10-inch tablet receives for the room's picture.
   */
  maxUpscale: 1.5,
  /**
   * The lowest layer for the screen's largest pictures (the leader, the room): the middle one, so the faces in them
   * stay clear on a phone, whose pixels are two or three to a CSS pixel, and in the room's picture on a tablet.
   */
  mainFloor: 1 as SpatialLayer,
} as const;

/** A picture's box on screen in CSS pixels, and how the video fills it. */
export interface ShownBox {
  width: number;
  height: number;
  fit: 'cover' | 'contain';
}

/** The height of the 16:9 picture drawn in the box: inside it ('contain') or covering it ('cover'). */
export function pictureHeight(box: ShownBox, aspect = 16 / 9): number {
  const fromWidth = box.width / aspect;
  return box.fit === 'contain' ? Math.min(box.height, fromWidth) : Math.max(box.height, fromWidth);
}

/**
 * The layer to ask for a picture the layout wants at `wanted`: the smallest layer that is sharp enough for the size
 * the picture is shown at, never above `wanted`, and for one of the screen's largest pictures (`main`) never below the
 * middle one. Not measured yet (or hidden, 0 px): `wanted`.
 */
export function layerForShownSize(
  wanted: SpatialLayer,
  box: ShownBox | null,
  sender: PeerRole,
  main: boolean,
  rules = SHOWN_SIZE_RULES,
): SpatialLayer {
  if (!box || box.width <= 0 || box.height <= 0) return wanted;
  const needed = pictureHeight(box) / rules.maxUpscale;
  const heights = LAYER_HEIGHTS[sender];
  let sharpEnough: SpatialLayer = 2;
  for (const layer of [0, 1] as const) {
    if (heights[layer] >= needed) {
      sharpEnough = layer;
      break;
    }
  }
  const floor = main ? rules.mainFloor : 0;
  return Math.min(wanted, Math.max(sharpEnough, floor)) as SpatialLayer;
}

/**
 * Every picture's layer (see layerForShownSize). The screen's largest pictures are those the layout wants at its
 * highest layer, when that is above the lowest (a screen of small tiles only has none). A peer whose role is unknown
 * is treated as a home.
 */
export function fitLayersToScreen(
  wanted: Readonly<Record<string, SpatialLayer>>,
  boxes: ReadonlyMap<string, ShownBox>,
  roleOf: (peerId: string) => PeerRole | undefined,
): Record<string, SpatialLayer> {
  const largest = Math.max(0, ...Object.values(wanted));
  const fitted: Record<string, SpatialLayer> = {};
  for (const [peerId, layer] of Object.entries(wanted)) {
    const main = largest > 0 && layer === largest;
    fitted[peerId] = layerForShownSize(layer, boxes.get(peerId) ?? null, roleOf(peerId) ?? 'home', main);
  }
  return fitted;
}
