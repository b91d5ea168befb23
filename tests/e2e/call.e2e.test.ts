import { describe, expect, it } from 'vitest';
import { expectMediaFlowing, remoteVideoWidth } from '../support/browser';
import { expectCallState, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

describe('a hybrid call in real Chromium', () => {
  it('venue and home see and hear each other', async () => {
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(0);

    await expectMediaFlowing(home);
    await expectMediaFlowing(venue);
    await expect.poll(() => remoteVideoWidth(home), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteVideoWidth(venue), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(venue.getByText('山田 花子').first().isVisible()).resolves.toBe(true);
  });

  it('reconnects by itself when the home side loses its connection, and media flows again', async () => {
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(1);
    await expectMediaFlowing(home);

    // Drop the signalling connection as a flaky home Wi-Fi would: the server then loses the peer.
    await home.evaluate(() => {
      const client = (window as unknown as { __kayoi: { client: { socket: { io: { engine: { close(): void } } } } } }).__kayoi.client;
      client.socket.io.engine.close();
    });
    await expectCallState(home, 'reconnecting', 5_000);
    await expectCallState(home, 'connected', 30_000);

    await expectMediaFlowing(home);
    await expectMediaFlowing(venue);
    await expect.poll(() => remoteVideoWidth(home), { timeout: 20_000 }).toBeGreaterThan(0);
    const room = await harness.server.rooms.find(harness.server.demo.sessionId);
    expect(
      room
        ?.listPeers()
        .map((p) => p.displayName)
        .sort(),
    ).toEqual(['さくら町 公民館', '佐藤 一郎'].sort());
  });

  it('shows a plain explanation for an unknown link', async () => {
    const page = await harness.openPage('/j/this-link-does-not-exist-anymore');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain('世話役');
  });
});
