import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JoinCredentials } from '../../../shared/src/call/schemas';
import type { Room } from '../../../server/src/call/Room';
import { audioRtpParameters, clientPool, simulcastVideoRtpParameters, type SignallingClient } from '../../support/callClient';
import { startTestServer, type TestServer } from '../../support/testServer';

let server: TestServer;
let hostCookie: string;
const { connect, closeAll } = clientPool(() => server.url);

beforeAll(async () => {
  server = await startTestServer();
  hostCookie = await server.login('host');
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await closeAll();
  server.live.dispose(server.demo.sessionId);
});

interface Device {
  client: SignallingClient;
  peerId: string;
}

/** Joins as a device does, sending a microphone and a three-layer simulcast camera. */
async function joinWithCamera(client: SignallingClient, credentials: JoinCredentials, clientId: string): Promise<Device> {
  const joined = await client.ok('call:join', { credentials, clientId });
  const send = await client.ok('call:createTransport', { direction: 'send' });
  await client.ok('call:createTransport', { direction: 'recv' });
  await client.ok('call:ready', { rtpCapabilities: joined.routerRtpCapabilities });
  await client.ok('call:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters });
  await client.ok('call:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: simulcastVideoRtpParameters });
  return { client, peerId: joined.self.id };
}

async function venue(): Promise<Device> {
  return joinWithCamera(await connect(hostCookie), { role: 'venue', sessionId: server.demo.sessionId }, 'venue-tablet');
}

async function home(i: number, clientId = `home-tab-${i}`): Promise<Device> {
  return joinWithCamera(await connect(), { role: 'home', token: server.demo.invites[i]!.token }, clientId);
}

async function room(): Promise<Room> {
  return (await server.rooms.find(server.demo.sessionId))!;
}

/** Whether `peerId` is sent `fromPeerId`'s audio or video now (undefined: no such consumer yet). */
async function flowing(peerId: string, fromPeerId: string, kind: 'audio' | 'video'): Promise<boolean | undefined> {
  const consumer = (await room())
    .getPeer(peerId)
    ?.listConsumers()
    .find((c) => c.appData.producerPeerId === fromPeerId && c.kind === kind);
  return consumer ? consumer.appData.accepted && !consumer.paused : undefined;
}

/** Every device receives every other device's audio and video. */
async function everyoneSeesEveryone(devices: Device[]): Promise<void> {
  for (const to of devices) {
    for (const from of devices) {
      if (to === from) continue;
      await expect.poll(() => flowing(to.peerId, from.peerId, 'audio')).toBe(true);
      await expect.poll(() => flowing(to.peerId, from.peerId, 'video')).toBe(true);
    }
  }
}

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
    const held = (await room()).getPeer(a.peerId)!.listConsumers().find((x) => x.appData.producerPeerId === late.peerId && x.kind === 'video')!;
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

    await host.client.ok('breakout:start', { split: { mode: 'manual', groups: [[a.peerId, c.peerId], [b.peerId]] }, minutes: 10, venue: 'own' });
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
    expect(await a.client.request('call:setVisibleVideos', { peerIds: tooMany })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'peerIds' });
    expect(await a.client.raw('call:setVisibleVideos', { peerIds: 'venue' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    // Unknown peers (someone who just left) are simply not shown.
    expect(await a.client.request('call:setVisibleVideos', { peerIds: ['p-gone'] })).toEqual({ ok: true, data: {} });

    const outsider = await connect();
    expect(await outsider.request('call:setVisibleVideos', { peerIds: [] })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
  });
});
