import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '../../../server/src/call/Room';
import { clientPool, joinWithMicrophone, type SignallingClient } from '../../support/callClient';
import { startTestServer, type TestServer } from '../../support/testServer';

// The live program's time, through the server's test settings: one small-group "minute" lasts
// 1 s, and the live program's clock can be moved forward. Fake timers would stop socket.io.
const BREAKOUT_MINUTE_MS = 1_000;
let clockShiftMs = 0;

let server: TestServer;
let hostCookie: string;
const { connect, closeAll } = clientPool(() => server.url);

beforeAll(async () => {
  server = await startTestServer({ liveTestSettings: { breakoutMinuteMs: BREAKOUT_MINUTE_MS, now: () => Date.now() + clockShiftMs } });
  hostCookie = await server.login('host');
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await closeAll();
  server.live.dispose(server.demo.sessionId);
  clockShiftMs = 0;
});

interface Device {
  client: SignallingClient;
  peerId: string;
}

async function venueWithMic(): Promise<Device> {
  const client = await connect(hostCookie);
  return { client, ...(await joinWithMicrophone(client, { role: 'venue', sessionId: server.demo.sessionId }, 'venue-tablet')) };
}

async function homeWithMic(i: number): Promise<Device> {
  const client = await connect();
  return { client, ...(await joinWithMicrophone(client, { role: 'home', token: server.demo.invites[i]!.token }, `home-tab-${i}`)) };
}

async function room(): Promise<Room> {
  return (await server.rooms.find(server.demo.sessionId))!;
}

async function consumerFrom(peerId: string, fromPeerId: string) {
  const consumer = (await room())
    .getPeer(peerId)!
    .listConsumers()
    .find((c) => c.appData.producerPeerId === fromPeerId);
  return consumer ? { accepted: consumer.appData.accepted, paused: consumer.paused } : undefined;
}

async function everyoneHearsEveryone(devices: Device[]): Promise<void> {
  for (const to of devices) {
    for (const from of devices) {
      if (to !== from) await expect.poll(() => consumerFrom(to.peerId, from.peerId)).toMatchObject({ paused: false });
    }
  }
}

describe('the small-group timer', () => {
  it('returns everyone to the main room at endsAt without the host: state, groups and media', async () => {
    const host = await venueWithMic();
    const [a, b, c] = [await homeWithMic(0), await homeWithMic(1), await homeWithMic(2)];
    await everyoneHearsEveryone([host, a, b, c]);

    const started = await host.client.ok('breakout:start', { split: { mode: 'manual', groups: [[a.peerId, b.peerId], [c.peerId]] }, minutes: 1, venue: 'own' });
    expect(started.breakout?.endsAt).toBeLessThanOrEqual(started.serverTime + BREAKOUT_MINUTE_MS);
    expect(await consumerFrom(a.peerId, c.peerId)).toMatchObject({ paused: true });
    expect(await consumerFrom('venue', a.peerId)).toMatchObject({ paused: true });

    // Nobody sends breakout:end.
    for (const device of [host, a, b, c]) {
      const back = await device.client.waitFor('live:state', (s) => s.revision > started.revision && s.breakout === null);
      expect(back.you.groupId).toBeNull();
    }
    await everyoneHearsEveryone([host, a, b, c]);
    expect(await host.client.request('breakout:end', {})).toMatchObject({ ok: true, data: { breakout: null } });
  });

  it('ends the groups while the room is closed; people who come back are in the main room with media flowing', async () => {
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    const started = await host.client.ok('breakout:start', { split: { mode: 'auto', groupCount: 2 }, minutes: 1, venue: 'own' });
    expect(started.breakout?.groups).toHaveLength(3);
    await closeAll();
    expect(await server.rooms.find(server.demo.sessionId)).toBeUndefined();

    const live = server.live.find(server.demo.sessionId)!;
    await expect.poll(() => live.viewFor('venue').breakout, { timeout: 5_000 }).toBeNull();
    const again = [await venueWithMic(), await homeWithMic(0), await homeWithMic(1)];
    expect(again[1]!.peerId).toBe(a.peerId);
    expect(again[2]!.peerId).toBe(b.peerId);
    await everyoneHearsEveryone(again);
  });
});

describe('the program clock over time', () => {
  it('stays in the segment past its planned end and reaches every device as it is (no moving on by itself)', async () => {
    const host = await venueWithMic();
    const started = await host.client.ok('program:control', { action: 'start' });
    const firstMinutes = started.segments[0]!.plannedMinutes;
    expect(started.clock).toMatchObject({ status: 'running', index: 0 });

    clockShiftMs = (firstMinutes + 2) * 60_000;
    const late = await connect();
    const atJoin = (await late.ok('call:join', { credentials: { role: 'home', token: server.demo.invites[0]!.token }, clientId: 'home-tab-0' })).live;
    expect(atJoin.clock).toEqual(started.clock);
    expect(atJoin.clock.endsAt!).toBeLessThan(atJoin.serverTime);

    const paused = await host.client.ok('program:control', { action: 'pause' });
    expect(paused.clock).toMatchObject({ status: 'paused', index: 0, endsAt: null });
    expect(paused.clock.remainingMs).toBeLessThan(-60_000);
    const atHome = await late.waitFor('live:state', (s) => s.revision === paused.revision);
    expect(atHome.clock).toEqual(paused.clock);
  });
});
