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

  // Boxes as Chromium lays out the home page (measured at these viewports, the venue and 20 homes in the call).
  it("gives a 360×740 phone the venue's middle layer, not the 720p one, for the room shown large", () => {
    // Spotlight: the room 344×284 (a 344×194 picture). The lowest layer would be sharp enough; the leader's face keeps the middle one.
    expect(layerForShownSize(2, contain(344, 284), 'venue', true)).toBe(1);
    // The gallery: the room 344×176 and two others 166×82, whose lowest layer is enough.
    expect(layerForShownSize(2, contain(344, 176), 'venue', true)).toBe(1);
    expect(layerForShownSize(1, cover(166, 82), 'home', false)).toBe(0);
  });

  it("gives a 1280×800 tablet the venue's middle layer and a screen that shows the room larger the top one", () => {
    // Spotlight: the room 892×497 (the middle layer enlarged 1.38×); the gallery: the room 478×327.
    expect(layerForShownSize(2, contain(892, 497), 'venue', true)).toBe(1);
    expect(layerForShownSize(1, contain(478, 327), 'venue', true)).toBe(1);
    // A 1920×1080 screen: the room 1353×746 would enlarge the middle layer 2.1×.
    expect(layerForShownSize(2, contain(1353, 746), 'venue', true)).toBe(2);
  });

  it("gives the venue's TV a home leader's top layer, and a small tile the lowest that is sharp enough", () => {
    expect(layerForShownSize(2, contain(1100, 619), 'home', true)).toBe(2);
    expect(layerForShownSize(2, contain(480, 270), 'home', true)).toBe(1);
    expect(layerForShownSize(1, cover(233, 158), 'home', false)).toBe(1);
    expect(layerForShownSize(1, cover(200, 112), 'home', false)).toBe(0);
    // Without the floor the room in a phone's gallery would get the lowest layer.
    expect(layerForShownSize(2, contain(344, 176), 'venue', false)).toBe(0);
  });

  it('never asks for more than the layout wants, and keeps it until the picture is measured', () => {
    expect(layerForShownSize(0, contain(1920, 1080), 'venue', false)).toBe(0);
    expect(layerForShownSize(1, contain(1920, 1080), 'venue', true)).toBe(1);
    expect(layerForShownSize(2, null, 'venue', true)).toBe(2);
    expect(layerForShownSize(2, contain(0, 0), 'venue', true)).toBe(2);
  });

  it('fits every picture of a screen by the role of whom it shows; the floor holds only for its largest pictures', () => {
    const roles: Record<string, 'venue' | 'home'> = { venue: 'venue', 'p-1': 'home', 'p-2': 'home' };
    const roleOf = (id: string) => roles[id];
    const phoneGallery = new Map<string, ShownBox>([
      ['venue', contain(344, 176)],
      ['p-1', cover(166, 82)],
    ]);
    expect(fitLayersToScreen({ venue: 2, 'p-1': 1, 'p-2': 1 }, phoneGallery, roleOf)).toEqual({ venue: 1, 'p-1': 0, 'p-2': 1 });
    // A screen of small tiles only (the venue's TV with 20 homes): nothing is held up.
    const tiles = new Map<string, ShownBox>([['p-1', cover(233, 158)]]);
    expect(fitLayersToScreen({ 'p-1': 0, 'p-2': 0 }, tiles, roleOf)).toEqual({ 'p-1': 0, 'p-2': 0 });
    // Four homes on a big screen, each wanted at the middle layer: each is one of the largest and keeps it.
    expect(fitLayersToScreen({ 'p-1': 1, 'p-2': 1 }, new Map([['p-1', cover(120, 68)]]), roleOf)).toEqual({ 'p-1': 1, 'p-2': 1 });
  });
});
