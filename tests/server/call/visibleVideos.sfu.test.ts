import { describe, expect, it } from 'vitest';
import { demoCall, type Device } from '../../support/demoCall';

const call = demoCall();
const { connect, room, flowing, venueWithCamera: venue, homeWithCamera: home } = call;
/** Every device receives every other device's audio and video. */
const everyoneSeesEveryone = (devices: Device[]) => call.everyoneReceivesEveryone(devices, ['audio', 'video']);

describe('call:setVisibleVideos: a device receives only the videos it shows', () => {
  it('pauses the videos of peers not shown (audio keeps flowing), for that device only, and null shows all again', async () => {
    const host = await venue();
    const [a, b, c] = [await home(0), await home(1), await home(2)];
    // Until a device says, it is sent every video.
    await everyoneSeesEveryone([host, a, b, c]);

    expect(await a.client.request('call:setVisibleVideos', { peerIds: ['venue', b.peerId] })).toEqual({ ok: true, data: {} });
    expect(await flowing(a.peerId, 'venue', 'video')).toBe(true);
    expect(await flowing(a.peerId, b.peerId, 'video')).toBe(true);
    expect(await flowing(a.peerId, c.peerId, 'video')).toBe(false);
    expect(await flowing(a.peerId, c.peerId, 'audio')).toBe(true);
    // Nobody else's picture changes, and the device is not told a producer paused (it is the server's own pause).
    expect(await flowing(b.peerId, c.peerId, 'video')).toBe(true);
    expect(await flowing('venue', c.peerId, 'video')).toBe(true);
    expect(a.client.received('call:consumerPaused')).toEqual([]);

    // The next page: c shown, b not.
    await a.client.ok('call:setVisibleVideos', { peerIds: ['venue', c.peerId] });
    expect(await flowing(a.peerId, c.peerId, 'video')).toBe(true);
    expect(await flowing(a.peerId, b.peerId, 'video')).toBe(false);

    await a.client.ok('call:setVisibleVideos', { peerIds: [] });
    for (const from of ['venue', b.peerId, c.peerId]) {
      expect(await flowing(a.peerId, from, 'video')).toBe(false);
      expect(await flowing(a.peerId, from, 'audio')).toBe(true);
    }

    await a.client.ok('call:setVisibleVideos', { peerIds: null });
    await everyoneSeesEveryone([host, a, b, c]);
  });

  it('holds back the video of someone who joins later until the device shows them; their audio is heard at once', async () => {
    const host = await venue();
    const a = await home(0);
    await everyoneSeesEveryone([host, a]);
    await a.client.ok('call:setVisibleVideos', { peerIds: ['venue'] });

    const late = await home(1);
    await expect.poll(() => flowing(a.peerId, late.peerId, 'audio')).toBe(true);
    await expect.poll(() => flowing(a.peerId, late.peerId, 'video')).toBe(false);
    // Accepted by the device, yet held back: it is the visibility that pauses it.
    const held = (await room())
      .getPeer(a.peerId)!
      .listConsumers()
      .find((x) => x.appData.producerPeerId === late.peerId && x.kind === 'video')!;
    await expect.poll(() => held.appData.accepted).toBe(true);
    expect(held.paused).toBe(true);
    // The newcomer, who has said nothing, sees everyone.
    await expect.poll(() => flowing(late.peerId, a.peerId, 'video')).toBe(true);
    await expect.poll(() => flowing(late.peerId, 'venue', 'video')).toBe(true);

    await a.client.ok('call:setVisibleVideos', { peerIds: ['venue', late.peerId] });
    expect(await flowing(a.peerId, late.peerId, 'video')).toBe(true);
  });

  it('combines with small groups: a video flows only when the groups allow it and the device shows it', async () => {
    const host = await venue();
    const [a, b, c] = [await home(0), await home(1), await home(2)];
    await everyoneSeesEveryone([host, a, b, c]);
    await a.client.ok('call:setVisibleVideos', { peerIds: ['venue', b.peerId] });

    await host.client.ok('breakout:start', {
      split: { mode: 'manual', groups: [[a.peerId, c.peerId], [b.peerId]] },
      minutes: 10,
      venue: 'own',
    });
    // b is shown but in another group; c is in a's group but not shown.
    expect(await flowing(a.peerId, b.peerId, 'video')).toBe(false);
    expect(await flowing(a.peerId, c.peerId, 'video')).toBe(false);
    expect(await flowing(a.peerId, c.peerId, 'audio')).toBe(true);
    expect(await flowing(a.peerId, b.peerId, 'audio')).toBe(false);
    // The device now shows its group.
    await a.client.ok('call:setVisibleVideos', { peerIds: [c.peerId] });
    expect(await flowing(a.peerId, c.peerId, 'video')).toBe(true);
    expect(await flowing(c.peerId, a.peerId, 'video')).toBe(true);

    await host.client.ok('breakout:end', {});
    // Back in the main room: what a shows flows, the rest of the videos stay paused for a; others see everyone.
    expect(await flowing(a.peerId, c.peerId, 'video')).toBe(true);
    expect(await flowing(a.peerId, b.peerId, 'video')).toBe(false);
    expect(await flowing(a.peerId, 'venue', 'video')).toBe(false);
    expect(await flowing(a.peerId, b.peerId, 'audio')).toBe(true);
    await everyoneSeesEveryone([host, b, c]);
  });

  it('is forgotten with the peer: the same tab joining again is sent every video until it says again', async () => {
    const host = await venue();
    const [a, b] = [await home(0), await home(1)];
    await everyoneSeesEveryone([host, a, b]);
    await a.client.ok('call:setVisibleVideos', { peerIds: ['venue'] });
    expect(await flowing(a.peerId, b.peerId, 'video')).toBe(false);

    a.client.close();
    const again = await home(0, 'home-tab-0');
    await expect.poll(() => flowing(again.peerId, b.peerId, 'video')).toBe(true);
    await expect.poll(() => flowing(again.peerId, 'venue', 'video')).toBe(true);
  });

  it('refuses more than 50 peers and a device that has not joined', async () => {
    const a = await home(0);
    const tooMany = Array.from({ length: 51 }, (_, i) => `p-${i}`);
    expect(await a.client.request('call:setVisibleVideos', { peerIds: tooMany })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'peerIds',
    });
    expect(await a.client.raw('call:setVisibleVideos', { peerIds: 'venue' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    // Unknown peers (someone who just left) are simply not shown.
    expect(await a.client.request('call:setVisibleVideos', { peerIds: ['p-gone'] })).toEqual({ ok: true, data: {} });

    const outsider = await connect();
    expect(await outsider.request('call:setVisibleVideos', { peerIds: [] })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
  });
});
