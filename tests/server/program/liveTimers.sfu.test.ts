import { afterEach, describe, expect, it } from 'vitest';
import { videoHasEnded } from '@shared/program/videoSync';
import { demoCall } from '../../support/demoCall';
import { uploadExerciseVideo } from '../../support/exerciseVideo';

// The live program's time, through the server's test settings: one small-group "minute" lasts
// 1 s, and the live program's clock can be moved forward. Fake timers would stop socket.io.
const BREAKOUT_MINUTE_MS = 1_000;
let clockShiftMs = 0;

const call = demoCall({ liveTestSettings: { breakoutMinuteMs: BREAKOUT_MINUTE_MS, now: () => Date.now() + clockShiftMs } });
const { connect, closeAll, venueWithMic, homeWithMic, consumerFrom, everyoneReceivesEveryone: everyoneHearsEveryone } = call;
afterEach(() => {
  clockShiftMs = 0;
});

describe('the small-group timer', () => {
  it('returns everyone to the main room at endsAt without the host: state, groups and media', async () => {
    const host = await venueWithMic();
    const [a, b, c] = [await homeWithMic(0), await homeWithMic(1), await homeWithMic(2)];
    await everyoneHearsEveryone([host, a, b, c]);

    const started = await host.client.ok('breakout:start', {
      split: { mode: 'manual', groups: [[a.peerId, b.peerId], [c.peerId]] },
      minutes: 1,
      venue: 'own',
    });
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
    expect(await call.server.rooms.find(call.server.demo.sessionId)).toBeUndefined();

    const live = call.server.live.find(call.server.demo.sessionId)!;
    await expect.poll(() => live.viewFor('venue').breakout, { timeout: 5_000 }).toBeNull();
    const again = [await venueWithMic(), await homeWithMic(0), await homeWithMic(1)];
    expect(again[1]!.peerId).toBe(a.peerId);
    expect(again[2]!.peerId).toBe(b.peerId);
    await everyoneHearsEveryone(again);
  });
});

describe('the exercise video over time', () => {
  it('ends by itself at the length the venue reported: every device gets it stopped at the end, and play starts it again', async () => {
    const video = await uploadExerciseVideo(call.server);
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    await host.client.ok('video:control', { action: 'load', videoId: video.id });
    await host.client.ok('video:control', { action: 'play' });
    const timed = await host.client.ok('video:control', { action: 'duration', durationSec: 1.5 });
    expect(timed.video).toMatchObject({ playing: true, durationSec: 1.5 });

    // Nobody sends pause or close.
    for (const device of [host, a, b]) {
      const ended = await device.client.waitFor('live:state', (s) => s.revision > timed.revision);
      expect(ended.video).toMatchObject({ playing: false, positionSec: 1.5 });
      expect(videoHasEnded(ended.video!)).toBe(true);
      expect(ended.video!.updatedAt - timed.serverTime).toBeGreaterThanOrEqual(1_000);
    }

    const again = await host.client.ok('video:control', { action: 'play' });
    expect(again.video).toMatchObject({ playing: true, positionSec: 0, durationSec: 1.5 });
    const endedAgain = await a.client.waitFor('live:state', (s) => s.revision > again.revision);
    expect(endedAgain.video).toMatchObject({ playing: false, positionSec: 1.5 });
  });

  it('refuses a length from a home device and an impossible length, with the field', async () => {
    const video = await uploadExerciseVideo(call.server);
    const host = await venueWithMic();
    const a = await homeWithMic(0);
    await host.client.ok('video:control', { action: 'load', videoId: video.id });
    expect(await a.client.request('video:control', { action: 'duration', durationSec: 1 })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
    expect(await host.client.request('video:control', { action: 'duration', durationSec: 0 })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'durationSec',
    });
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
    const atJoin = (await late.ok('call:join', { credentials: call.home(0), clientId: 'home-tab-0' })).live;
    expect(atJoin.clock).toEqual(started.clock);
    expect(atJoin.clock.endsAt!).toBeLessThan(atJoin.serverTime);

    const paused = await host.client.ok('program:control', { action: 'pause' });
    expect(paused.clock).toMatchObject({ status: 'paused', index: 0, endsAt: null });
    expect(paused.clock.remainingMs).toBeLessThan(-60_000);
    const atHome = await late.waitFor('live:state', (s) => s.revision === paused.revision);
    expect(atHome.clock).toEqual(paused.clock);
  });
});
