import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestOf } from '@shared/call/events';
import type { ExerciseVideo } from '@shared/program/videos';
import { createLogger } from '../../../server/src/core/logger';
import { DEMO_ORGANISATION_ID } from '../../../server/src/demo/seed';
import { PhoneLeg } from '../../../server/src/phone/media/PhoneLeg';
import type { CallIdentity } from '../../../server/src/sessions/service';
import { clientPool, type SignallingClient } from '../../support/callClient';
import { goertzelPower, sineTone, toneShare } from '../../support/goertzel';
import { api } from '../../support/http';
import { findFreeMediaPorts } from '../../support/ports';
import { RtpPhone } from '../../support/rtpPhone';
import { startTestServer, type TestServer } from '../../support/testServer';
import { ffmpegChildren, makeToneVideo } from '../../support/toneVideo';
import { sipConfig } from './sippHarness';

/**
 * Callers hear the exercise video (issue #14), with the real server (live program, stored videos, the bridge's
 * decoders, the mediasoup worker): a video whose sound says where it is (1 kHz for its first 5 s, then 600 Hz up
 * to 40 s), two phone callers, and a third who comes late. Caller A speaks (a 440 Hz "voice") all along, so what
 * B hears shows both the video and how loud the voices are under it.
 */
const RATE = 8000;
const logger = createLogger('warn');
let server: TestServer;
let venue: SignallingClient;
let video: ExerciseVideo;
let portRange: { min: number; max: number };
const phones: RtpPhone[] = [];
const legs: PhoneLeg[] = [];
const { connect, closeAll } = clientPool(() => server.url);
let a: { phone: RtpPhone; leg: PhoneLeg };
let b: { phone: RtpPhone; leg: PhoneLeg };
let speaking: Promise<void>;
/** What B heard of A's voice before the video played. */
let voiceBefore: number;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sessionId = () => server.demo.sessionId;
const decoderPid = () => server.phone!.bridge.videoSounds.decoderPid(sessionId());
const processExists = (pid: number) => fs.existsSync(`/proc/${pid}`);

/**
 * Measured in 50 ms blocks, and the median block taken: a block is short enough that a jump of the sound (the
 * caller's reading catching up after the event loop stalled) does not cancel the tone's phase, and long enough to tell
 * the tones apart; the median, not the mean, so that the few blocks a stall on a busy machine leaves silent do not
 * decide the measure (with the mean, a busy CI once measured the voice after a pause at 0.54 of its level before).
 */
function perBlock(samples: Int16Array, measure: (block: Int16Array) => number): number {
  const size = 0.05 * RATE;
  const values: number[] = [];
  for (let i = 0; i + size <= samples.length; i += size) values.push(measure(samples.subarray(i, i + size)));
  if (values.length === 0) return 0;
  values.sort((x, y) => x - y);
  const middle = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/** The share of the sound's energy at this frequency (1: only this tone; 0: none of it). */
const share = (samples: Int16Array, frequency: number) => perBlock(samples, (block) => toneShare(block, RATE, frequency));

/** The amplitude of one frequency (a sine of amplitude x gives about x). */
const amplitude = (samples: Int16Array, frequency: number) =>
  perBlock(samples, (block) => (2 * Math.sqrt(goertzelPower(block, RATE, frequency))) / block.length);

/**
 * Waits until the phone's last 400 ms are mostly this tone (`present`) or hold none of it: the decoder takes a
 * moment to start (up to a second on a busy machine), and the voice path has its jitter buffers.
 */
async function untilTone(phone: RtpPhone, frequency: number, present: boolean): Promise<void> {
  const check = () => {
    const last = phone.audioSince(performance.now() - 400);
    const heard = share(last, frequency);
    return last.length >= 0.3 * RATE && (present ? heard > 0.5 : heard < 0.05);
  };
  await expect.poll(check, { timeout: 10_000, interval: 100 }).toBe(true);
}

/** What the phone receives during the next `ms`. */
async function heard(phone: RtpPhone, ms: number): Promise<Int16Array> {
  const since = performance.now();
  await sleep(ms);
  return phone.audioSince(since);
}

function identity(peerId: string): CallIdentity {
  const session = server.demo;
  return {
    peerId,
    role: 'home',
    displayName: peerId,
    participantId: null,
    session: {
      id: session.sessionId,
      title: 'テスト',
      venueName: '会場',
      startsAt: new Date().toISOString(),
      endsAt: new Date().toISOString(),
      status: 'live',
    },
  };
}

/** A caller in the session's room, as the bridge puts them there: a leg, then the video's sound on it. */
async function caller(peerId: string): Promise<{ phone: RtpPhone; leg: PhoneLeg }> {
  const phone = await RtpPhone.open();
  phones.push(phone);
  const room = (await server.rooms.find(sessionId()))!;
  const leg = await PhoneLeg.open({
    room,
    identity: identity(peerId),
    remote: phone.remoteMedia,
    line: { bindAddress: '127.0.0.1', publicAddress: '127.0.0.1', portRange },
    logger,
  });
  legs.push(leg);
  server.phone!.bridge.videoSounds.attach(leg, server.live.forRoom(room));
  return { phone, leg };
}

const control = (request: RequestOf<'video:control'>) => venue.ok('video:control', request);

beforeAll(async () => {
  const lineBase = (await findFreeMediaPorts(8)) & ~1;
  portRange = { min: lineBase, max: lineBase + 7 };
  server = await startTestServer({ sip: sipConfig({ rtpPortRange: portRange }) });
  const file = makeToneVideo(path.join(server.dataDir, 'made'), 'tones.mp4', [
    { frequency: 1000, seconds: 5 },
    { frequency: 600, seconds: 35 },
  ]);
  // Stored as an organiser's upload is (the server checks and keeps the file), and the session's 体操 plays it.
  const upload = await fetch(`${server.url}/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('百歳体操')}`, {
    method: 'POST',
    headers: { cookie: await server.login('organiser'), 'content-type': 'video/mp4' },
    body: new Uint8Array(fs.readFileSync(file)),
  });
  expect(upload.status).toBe(201);
  video = (await upload.json()) as ExerciseVideo;
  const host = await server.login('host');
  const segments = [{ kind: 'exercise', title: 'いきいき百歳体操', plannedMinutes: 10, content: { videoId: video.id } }];
  expect((await api(server.url, 'PUT', `/api/sessions/${sessionId()}/program`, { cookie: host, body: { segments } })).status).toBe(200);

  venue = await connect(host);
  await venue.ok('call:join', { credentials: { role: 'venue', sessionId: sessionId() }, clientId: 'venue-tablet' });
  a = await caller('phone-a');
  b = await caller('phone-b');
  speaking = a.phone.sendAudio(a.leg.local, sineTone(440, RATE, 60_000));
}, 30_000);

afterAll(async () => {
  for (const phone of phones) phone.stop();
  await speaking;
  for (const leg of legs) leg.close();
  for (const phone of phones) phone.close();
  await closeAll();
  await server?.close();
});

describe('the exercise video’s sound on the telephone', () => {
  it('a caller hears the video while it plays, with the voices lowered to a quarter under it, from one decoder', async () => {
    await untilTone(b.phone, 440, true);
    const before = await heard(b.phone, 1000);
    voiceBefore = amplitude(before, 440);
    expect(voiceBefore).toBeGreaterThan(1000);
    expect(decoderPid()).toBeUndefined();

    await control({ action: 'load', videoId: video.id });
    // The venue's player reads the file's length and says so: the server ends the video there.
    await control({ action: 'duration', durationSec: 40 });
    await control({ action: 'play' });
    await untilTone(b.phone, 1000, true);
    const during = await heard(b.phone, 1000);

    expect(share(during, 1000)).toBeGreaterThan(0.5);
    expect(amplitude(during, 1000)).toBeGreaterThan(1500);
    expect(amplitude(during, 440) / voiceBefore).toBeGreaterThan(0.1);
    expect(amplitude(during, 440) / voiceBefore).toBeLessThan(0.45);
    expect(share(a.phone.audioSince(performance.now() - 1000), 1000)).toBeGreaterThan(0.5);
    expect(ffmpegChildren()).toEqual([decoderPid()]);
  });

  it('pausing stops the sound and kills the decoder, and the voices are back at full volume', async () => {
    const pid = decoderPid()!;
    await control({ action: 'pause' });
    expect(decoderPid()).toBeUndefined();
    await untilTone(b.phone, 1000, false);
    const after = await heard(b.phone, 1000);

    expect(share(after, 1000)).toBeLessThan(0.05);
    expect(amplitude(after, 440) / voiceBefore).toBeGreaterThan(0.6);
    await expect.poll(() => processExists(pid)).toBe(false);
    expect(ffmpegChildren()).toEqual([]);
  });

  it('playing from a seek plays the sound from there, and a caller who comes late hears the same place', async () => {
    await control({ action: 'seek', positionSec: 6 });
    await control({ action: 'play' });
    await untilTone(b.phone, 600, true);
    const fromSeek = await heard(b.phone, 1000);

    expect(share(fromSeek, 600)).toBeGreaterThan(0.5);
    expect(share(fromSeek, 1000)).toBeLessThan(0.05);

    const pid = decoderPid();
    const late = await caller('phone-c');
    await untilTone(late.phone, 600, true);
    const lateHears = await heard(late.phone, 800);
    expect(share(lateHears, 600)).toBeGreaterThan(0.5);
    expect(share(lateHears, 1000)).toBeLessThan(0.05);
    expect(decoderPid()).toBe(pid);
    expect(ffmpegChildren()).toEqual([pid]);
  });

  it('a seek while playing moves the sound, and the video’s end stops it and its decoder', async () => {
    const before = decoderPid()!;
    await control({ action: 'seek', positionSec: 1 });
    expect(decoderPid()).not.toBe(before);
    await untilTone(b.phone, 1000, true);

    await control({ action: 'seek', positionSec: 36 });
    await untilTone(b.phone, 600, true);
    await venue.waitFor('live:state', (state) => state.video?.playing === false && state.video.positionSec === 40, 10_000);
    expect(decoderPid()).toBeUndefined();
    await untilTone(b.phone, 600, false);
    const ended = await heard(b.phone, 800);
    expect(share(ended, 600)).toBeLessThan(0.05);
    expect(amplitude(ended, 440) / voiceBefore).toBeGreaterThan(0.6);
    await expect.poll(() => ffmpegChildren()).toEqual([]);
  });

  it('ending the session kills the decoder and ends the calls', async () => {
    // ▶ after the end plays it again from the start.
    await control({ action: 'play' });
    const pid = decoderPid()!;
    expect(processExists(pid)).toBe(true);

    await venue.ok('call:endSession', {});

    await expect.poll(() => processExists(pid)).toBe(false);
    await expect.poll(() => legs.every((leg) => leg.closed)).toBe(true);
    expect(decoderPid()).toBeUndefined();
    expect(ffmpegChildren()).toEqual([]);
  });
});
