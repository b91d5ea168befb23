import { describe, expect, it } from 'vitest';
import { cameraConstraints } from '../../../client/src/call/media';
import { simulcastEncodings } from '../../../client/src/call/produceOptions';
import { fitLayersToScreen, LAYER_HEIGHTS, layerForShownSize, pictureHeight, type ShownBox } from '../../../client/src/call/shownLayers';

const contain = (width: number, height: number): ShownBox => ({ width, height, fit: 'contain' });
const cover = (width: number, height: number): ShownBox => ({ width, height, fit: 'cover' });

describe('the layer a picture is received at follows the size it is shown at', () => {
  it("knows each sender's layer heights from the camera it asks for and the simulcast encodings", () => {
    for (const role of ['venue', 'home'] as const) {
      const top = (cameraConstraints(role).height as { ideal: number }).ideal;
      expect(LAYER_HEIGHTS[role]).toEqual(simulcastEncodings(role).map((e) => top / e.scaleResolutionDownBy!));
    }
  });

  it('measures the 16:9 picture inside a contained box and across a covered one', () => {
    expect(pictureHeight(contain(336, 400))).toBeCloseTo(189);
    expect(pictureHeight(contain(1600, 450))).toBe(450);
    expect(pictureHeight(cover(160, 160))).toBe(160);
    expect(pictureHeight(cover(320, 90))).toBe(180);
  });

  it("gives a 360 px phone the venue's middle layer, not the 720p one, for the room shown large", () => {
    // The venue large on a 360×740 phone: a 336×189 picture. Sharp enough would be the lowest layer, but the
    // leader's face on a phone keeps the middle one.
    expect(layerForShownSize(2, contain(336, 420), 'venue')).toBe(1);
  });

  it("gives a 10-inch tablet the venue's middle layer and a big screen the top one", () => {
    // A 1280×800 tablet: the room about 860×484 (640×360 enlarged 1.34×).
    expect(layerForShownSize(2, contain(860, 484), 'venue')).toBe(1);
    // A screen that shows the room 1200×675: 360 rows would be enlarged 1.9×.
    expect(layerForShownSize(2, contain(1200, 675), 'venue')).toBe(2);
  });

  it("gives the venue's TV a home leader's top layer, and a home's small tile its lowest", () => {
    expect(layerForShownSize(2, contain(1100, 619), 'home')).toBe(2);
    expect(layerForShownSize(2, contain(480, 270), 'home')).toBe(1);
    expect(layerForShownSize(1, cover(200, 112), 'home')).toBe(0);
    expect(layerForShownSize(1, cover(300, 169), 'home')).toBe(1);
  });

  it('never asks for more than the layout wants, and keeps it until the picture is measured', () => {
    expect(layerForShownSize(0, contain(1920, 1080), 'venue')).toBe(0);
    expect(layerForShownSize(1, contain(1920, 1080), 'venue')).toBe(1);
    expect(layerForShownSize(2, null, 'venue')).toBe(2);
    expect(layerForShownSize(2, contain(0, 0), 'venue')).toBe(2);
  });

  it('fits every picture of a screen, by the role of whom it shows', () => {
    const boxes = new Map<string, ShownBox>([
      ['venue', contain(336, 420)],
      ['p-1', cover(160, 90)],
    ]);
    const roles: Record<string, 'venue' | 'home'> = { venue: 'venue', 'p-1': 'home', 'p-2': 'home' };
    expect(fitLayersToScreen({ venue: 2, 'p-1': 1, 'p-2': 1 }, boxes, (id) => roles[id])).toEqual({ venue: 1, 'p-1': 0, 'p-2': 1 });
  });
});
