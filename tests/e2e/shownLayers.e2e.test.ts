import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { clientPool, joinWithCamera } from '../support/callClient';
import { joinHomeReady, selfPeerId, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();
const { connect, closeAll } = clientPool(() => harness.server.url);
afterEach(() => closeAll());

/** The spatial layer the server forwards to `peerId` of `from`'s video (mediasoup's preferred layer of that consumer). */
async function layerSentTo(peerId: string, from: string): Promise<number | null> {
  const room = await harness.server.rooms.find(harness.server.demo.sessionId);
  const consumer = room
    ?.getPeer(peerId)
    ?.listConsumers()
    .find((c) => c.kind === 'video' && c.appData.producerPeerId === from);
  return consumer?.preferredLayers?.spatialLayer ?? null;
}

/** The box of `peerId`'s picture on the page, in CSS pixels. */
function tileBox(page: Page, peerId: string) {
  return page.locator(`[data-testid="remote-tile"][data-peer-id="${peerId}"]`).first().boundingBox();
}

describe('a home receives the venue at the layer its screen shows it at', () => {
  it("sends a 360×740 phone the venue's middle layer, a 1280×800 tablet the middle one too, and a large screen the top one", async () => {
    const host = await connect(await harness.server.login('host'));
    const venue = (await joinWithCamera(host, { role: 'venue', sessionId: harness.server.demo.sessionId }, 'venue-tablet')).peerId;
    const page = await joinHomeReady(harness, 0);
    const me = await selfPeerId(page);
    // The venue leads in spotlight: the room is the large picture (the layout asks for the top layer).
    await host.ok('program:setLayout', { layoutChoice: 'spotlight', leaderPeerId: null });
    await expect.poll(() => page.locator('.home-stage').getAttribute('data-stage'), { timeout: 10_000 }).toBe('spotlight');

    // The room is shown 344×284 on the phone, 892×497 on the tablet and 1353×746 on the large screen (client/src/call/shownLayers.ts).
    for (const [viewport, layer] of [
      [{ width: 360, height: 740 }, 1],
      [{ width: 1280, height: 800 }, 1],
      [{ width: 1920, height: 1080 }, 2],
      [{ width: 360, height: 740 }, 1],
    ] as const) {
      await page.setViewportSize(viewport);
      await expect.poll(() => layerSentTo(me, venue), { timeout: 10_000 }).toBe(layer);
      expect((await tileBox(page, venue))?.width).toBeLessThanOrEqual(viewport.width);
    }
  });
});
