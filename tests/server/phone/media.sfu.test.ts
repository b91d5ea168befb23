import dgram from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NoticeOf } from '@shared/call/events';
import type { PeerChannel, PlainNotice } from '../../../server/src/call/PeerChannel';
import { Room } from '../../../server/src/call/Room';
import { WorkerPool } from '../../../server/src/call/WorkerPool';
import { createLogger } from '../../../server/src/core/logger';
import { PhoneLeg } from '../../../server/src/phone/media/PhoneLeg';
import { RtpLine } from '../../../server/src/phone/media/RtpLine';
import type { CallIdentity } from '../../../server/src/sessions/service';
import { medianToneShare, rms, sineTone, toneShare } from '../../support/goertzel';
import { findFreeMediaPorts } from '../../support/ports';
import { RtpPhone } from '../../support/rtpPhone';

const logger = createLogger('warn');
const RATE = 8000;
/** A small RTP range of the line, as SipConfig.rtpPortRange gives it. */
let portRange: { min: number; max: number };
let pool: WorkerPool;
let room: Room;
const phones: RtpPhone[] = [];
const legs: PhoneLeg[] = [];

/** How many seconds of these samples are this tone, counted in 20 ms blocks mostly of it. */
function toneSeconds(samples: Int16Array, frequency: number): number {
  const size = RATE / 50;
  let blocks = 0;
  for (let i = 0; i + size <= samples.length; i += size) if (toneShare(samples.subarray(i, i + size), RATE, frequency) > 0.5) blocks += 1;
  return blocks / 50;
}

function identity(peerId: string, displayName = peerId): CallIdentity {
  return {
    peerId,
    role: 'home',
    displayName,
    participantId: null,
    session: {
      id: 'session-1',
      title: 'テスト',
      venueName: '会場',
      startsAt: '2026-12-04T01:00:00Z',
      endsAt: '2026-12-04T03:00:00Z',
      status: 'live',
    },
  };
}

/** A browser stand-in: accepts consumers and records what the room tells it. */
class RecordingChannel implements PeerChannel {
  connected = true;
  readonly notices: { event: string; notice: unknown }[] = [];
  readonly offers: NoticeOf<'call:newConsumer'>[] = [];
  notify<E extends PlainNotice>(event: E, notice: NoticeOf<E>): void {
    this.notices.push({ event, notice });
  }
  offerConsumer(notice: NoticeOf<'call:newConsumer'>): Promise<void> {
    this.offers.push(notice);
    return Promise.resolve();
  }
}

async function call(peerId: string): Promise<{ phone: RtpPhone; leg: PhoneLeg }> {
  const phone = await RtpPhone.open();
  phones.push(phone);
  const leg = await PhoneLeg.open({
    room,
    identity: identity(peerId),
    remote: phone.remoteMedia,
    line: { bindAddress: '127.0.0.1', publicAddress: '127.0.0.1', portRange },
    logger,
  });
  legs.push(leg);
  return { phone, leg };
}

function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * Speech-like sound: syllables of a tone, louder and softer, of uneven lengths, and pauses with a line's faint
 * hiss. The active-speaker algorithm measures activity above each speaker's quietest level (a steady tone would
 * count as background noise), and a rhythm in step with its 300 ms interval would look the same at every look.
 */
function speechLike(durationMs: number): Int16Array {
  const samples = new Int16Array((RATE * durationMs) / 1000);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let i = 0;
  while (i < samples.length) {
    const syllable = Math.round(RATE * (0.12 + 0.16 * random()));
    const pause = Math.round(RATE * (0.06 + 0.14 * random()));
    const loudness = 3000 + 9000 * random();
    const frequency = 250 + 300 * random();
    for (let k = 0; k < syllable + pause && i < samples.length; k++, i++) {
      const hiss = Math.round((random() * 2 - 1) * 30);
      samples[i] = hiss + (k < syllable ? Math.round(loudness * Math.sin((2 * Math.PI * frequency * k) / RATE)) : 0);
    }
  }
  return samples;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mediasoup's request handlers in the worker: one per router, transport, producer, consumer … */
async function handlerCount(): Promise<number> {
  const worker = pool.get(0)!.worker;
  const dump = (await worker.dump()) as unknown as { channelMessageHandlers: { channelRequestHandlers: string[] } };
  return dump.channelMessageHandlers.channelRequestHandlers.length;
}

beforeEach(async () => {
  const base = await findFreeMediaPorts(1);
  pool = await WorkerPool.start({ port: base, listenIp: '127.0.0.1', announcedIp: undefined, workers: 1, logLevel: 'warn' }, logger);
  room = await Room.create('session-1', pool.get(0)!, logger);
  const lineBase = (await findFreeMediaPorts(8)) & ~1;
  portRange = { min: lineBase, max: lineBase + 7 };
});

afterEach(async () => {
  for (const leg of legs.splice(0)) leg.close();
  for (const phone of phones.splice(0)) phone.close();
  room.close();
  await pool.close();
});

describe('the phone media bridge', () => {
  it('carries each phone’s tone to the other through the room as Opus, and nobody hears themselves (N−1)', async () => {
    const browser = new RecordingChannel();
    const { peer: tablet } = room.join(identity('venue-tablet'), 'tab', browser);
    await room.createTransport(tablet, 'recv');
    await room.setReady(tablet, room.rtpCapabilities);
    const a = await call('phone-a');
    const b = await call('phone-b');

    const started = performance.now();
    await a.phone.sendAudio(a.leg.local, sineTone(1000, RATE, 2500));
    // Packets a stall on a busy machine held back arrive late, not never.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The last second of the tone, after the jitter buffers filled.
    const heardByB = b.phone.audioSince(started + 1200, started + 2400);
    const heardByA = a.phone.audioSince(started + 1200, started + 2400);

    // Most of the 2.5 s tone reached B, counted in 20 ms packets wherever they arrived (CI under load once saw only
    // 0.7 s of it arrive inside the 1.2 s window, the rest after it).
    expect(toneSeconds(b.phone.audioSince(started), 1000)).toBeGreaterThan(1.5);
    expect(medianToneShare(heardByB, RATE, 1000)).toBeGreaterThan(0.5);
    expect(rms(heardByB)).toBeGreaterThan(1000);
    expect(toneShare(heardByA, RATE, 1000)).toBeLessThan(0.05);
    expect(rms(heardByA)).toBeLessThan(50);

    // Both at once: A (in the room first) hears B's producer made after it joined, and each only the other.
    const both = performance.now();
    await Promise.all([
      a.phone.sendAudio(a.leg.local, sineTone(1000, RATE, 2500)),
      b.phone.sendAudio(b.leg.local, sineTone(600, RATE, 2500)),
    ]);
    const aHears = a.phone.audioSince(both + 1200, both + 2400);
    const bHears = b.phone.audioSince(both + 1200, both + 2400);
    expect(toneShare(aHears, RATE, 600)).toBeGreaterThan(0.5);
    expect(toneShare(aHears, RATE, 1000)).toBeLessThan(0.05);
    expect(toneShare(bHears, RATE, 1000)).toBeGreaterThan(0.5);
    expect(toneShare(bHears, RATE, 600)).toBeLessThan(0.05);
    // A browser is offered the phone's voice as Opus, like anyone's microphone.
    const offer = browser.offers.find((o) => o.peerId === 'phone-a');
    expect(offer?.kind).toBe('audio');
    expect(offer?.rtpParameters.codecs[0]?.mimeType.toLowerCase()).toBe('audio/opus');
  });

  it('makes the active-speaker observer name the phone caller who speaks', async () => {
    const browser = new RecordingChannel();
    room.join(identity('venue-tablet'), 'tab', browser);
    const activeSpeaker = (peerId: string) => ({ event: 'call:activeSpeaker', notice: { peerId } });
    // B, silent, is the only microphone at first, so the observer names B; A must then take over by its audio level.
    await call('phone-b');
    await expect.poll(() => browser.notices).toContainEqual(activeSpeaker('phone-b'));
    const a = await call('phone-a');

    const speaking = a.phone.sendAudio(a.leg.local, speechLike(8000));

    await expect.poll(() => browser.notices, { timeout: 8000 }).toContainEqual(activeSpeaker('phone-a'));
    a.phone.stop();
    await speaking;
  });

  it('sends every caller a packet every 20 ms while nobody speaks', async () => {
    const a = await call('phone-a');
    const b = await call('phone-b');
    const since = performance.now();

    await sleep(3000);

    for (const phone of [a.phone, b.phone]) {
      const packets = phone.received.filter((r) => r.at >= since && r.payloadType === 0);
      expect(packets.length).toBeGreaterThan(150 * 0.8);
      expect(packets.length).toBeLessThan(150 * 1.2);
      expect(packets.every((p) => p.samples.length === 160)).toBe(true);
      // Comfort noise: not loud, but not dead silence either.
      expect(rms(phone.audioSince(since))).toBeLessThan(20);
    }
  });

  it('reports each RFC 4733 key press once, and ignores garbage and packets from another address', async () => {
    const a = await call('phone-a');
    const digits: string[] = [];
    a.leg.on('dtmf', (digit) => digits.push(digit));
    const stranger = await RtpPhone.open('127.0.0.2');
    phones.push(stranger);

    for (const digit of ['1', '2', '#']) await a.phone.pressKey(a.leg.local, digit);
    await stranger.pressKey(a.leg.local, '9');
    a.phone.sendRaw(a.leg.local, Buffer.from('INVITE sip:nobody SIP/2.0\r\n\r\n'));
    a.phone.sendRaw(a.leg.local, Buffer.alloc(4000, 0x80));
    a.phone.sendRaw(a.leg.local, Buffer.from([0x80, 101, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1, 250]));
    await a.phone.pressKey(a.leg.local, '*');
    await sleep(100);

    expect(digits).toEqual(['1', '2', '#', '*']);
    expect(a.leg.closed).toBe(false);
  });

  it('follows a re-INVITE: packets go where the new SDP says, and digits from there arrive', async () => {
    const a = await call('phone-a');
    const moved = await RtpPhone.open();
    phones.push(moved);
    const digits: string[] = [];
    a.leg.on('dtmf', (digit) => digits.push(digit));

    a.leg.setRemote(moved.remoteMedia);
    const since = performance.now();
    await sleep(300);
    await moved.pressKey(a.leg.local, '7');

    expect(moved.received.filter((r) => r.at >= since).length).toBeGreaterThan(5);
    expect(digits).toEqual(['7']);
  });

  it('calls out: a line opened before the answer sends nothing, then joins the room once the callee answers', async () => {
    const a = await call('phone-a');
    const callee = await RtpPhone.open();
    phones.push(callee);
    const line = await RtpLine.open({ bindAddress: '127.0.0.1', publicAddress: '127.0.0.1', portRange }, null, logger);
    const offered = line.local;
    await callee.sendAudio(offered, sineTone(1000, RATE, 200));
    await sleep(100);
    expect(callee.received).toEqual([]);

    line.setRemote(callee.remoteMedia);
    const leg = await PhoneLeg.open({ room, identity: identity('phone-callee'), line, logger });
    legs.push(leg);
    const answered = performance.now();
    await a.phone.sendAudio(a.leg.local, sineTone(1000, RATE, 1500));

    expect(leg.local).toEqual(offered);
    expect(toneShare(callee.audioSince(answered + 600, answered + 1400), RATE, 1000)).toBeGreaterThan(0.5);
  });

  it('plays a prompt to the caller instead of the room', async () => {
    const a = await call('phone-a');
    const started = performance.now();

    await a.leg.playPrompt(sineTone(600, RATE, 600));

    const heard = a.phone.audioSince(started + 100, started + 500);
    expect(toneShare(heard, RATE, 600)).toBeGreaterThan(0.8);
  });

  it('stops the caller being heard when the host mutes them, and tells the leg so it can chime', async () => {
    const a = await call('phone-a');
    const b = await call('phone-b');
    let mutedByHost = 0;
    a.leg.on('mutedByHost', () => (mutedByHost += 1));
    const tone = a.phone.sendAudio(a.leg.local, sineTone(1000, RATE, 3500));
    await sleep(1000);

    expect(await room.muteAudioExcept(new Set(['phone-b']))).toBe(1);
    const mutedAt = performance.now();
    await tone;

    expect(mutedByHost).toBe(1);
    expect(room.getPeer('phone-a')!.info().audioMuted).toBe(true);
    expect(toneShare(b.phone.audioSince(mutedAt - 600, mutedAt - 200), RATE, 1000)).toBeGreaterThan(0.5);
    // What was on its way (the jitter buffer, at most 100 ms) has played out by then.
    expect(rms(b.phone.audioSince(mutedAt + 500))).toBeLessThan(50);
  });

  it('mutes and unmutes the caller from the keypad side (setMuted), as a browser pauses its microphone', async () => {
    const a = await call('phone-a');
    const b = await call('phone-b');

    await a.leg.setMuted(true);
    const muted = performance.now();
    await a.phone.sendAudio(a.leg.local, sineTone(1000, RATE, 1000));
    expect(room.getPeer('phone-a')!.info()).toMatchObject({ audioMuted: true, videoMuted: true, phone: true });
    expect(rms(b.phone.audioSince(muted))).toBeLessThan(50);

    await a.leg.setMuted(false);
    const unmuted = performance.now();
    await a.phone.sendAudio(a.leg.local, sineTone(1000, RATE, 1500));
    expect(toneShare(b.phone.audioSince(unmuted + 500, unmuted + 1400), RATE, 1000)).toBeGreaterThan(0.5);
  });

  it('joins the room muted when asked (a caller whose microphone was off on their session’s last node): unheard until unmuted', async () => {
    const b = await call('phone-b');
    const phone = await RtpPhone.open();
    phones.push(phone);
    const leg = await PhoneLeg.openLine({
      remote: phone.remoteMedia,
      line: { bindAddress: '127.0.0.1', publicAddress: '127.0.0.1', portRange },
      logger,
    });
    legs.push(leg);

    await leg.joinRoom(room, identity('phone-a'), { muted: true });
    expect(room.getPeer('phone-a')!.info()).toMatchObject({ audioMuted: true, phone: true });
    const joined = performance.now();
    await phone.sendAudio(leg.local, sineTone(1000, RATE, 1000));
    expect(rms(b.phone.audioSince(joined))).toBeLessThan(50);

    await leg.setMuted(false);
    const unmuted = performance.now();
    await phone.sendAudio(leg.local, sineTone(1000, RATE, 1500));
    expect(toneShare(b.phone.audioSince(unmuted + 500, unmuted + 1400), RATE, 1000)).toBeGreaterThan(0.5);
  });

  it('frees its line port and its transport when the caller leaves', async () => {
    room.join(identity('venue-tablet'), 'tab', new RecordingChannel());
    const before = await handlerCount();
    const a = await call('phone-a');
    const port = a.leg.local.port;
    expect(await handlerCount()).toBeGreaterThan(before);
    expect(await udpPortIsFree(port)).toBe(false);
    let ended: string | undefined;
    a.leg.on('ended', (reason) => (ended = reason));

    a.leg.close();

    expect(ended).toBe('left');
    expect(room.getPeer('phone-a')).toBeUndefined();
    await expect.poll(handlerCount).toBe(before);
    expect(await udpPortIsFree(port)).toBe(true);
  });

  it('ends the leg with the reason when the host removes the caller', async () => {
    room.join(identity('venue-tablet'), 'tab', new RecordingChannel());
    const a = await call('phone-a');
    const port = a.leg.local.port;
    let ended: string | undefined;
    a.leg.on('ended', (reason) => (ended = reason));

    room.removePeer(room.getPeer('phone-a')!, 'removed');

    expect(ended).toBe('removed');
    expect(a.leg.closed).toBe(true);
    expect(await udpPortIsFree(port)).toBe(true);
  });

  it('ends every phone leg and frees their ports when the room closes', async () => {
    const a = await call('phone-a');
    const b = await call('phone-b');
    const reasons: string[] = [];
    for (const leg of [a.leg, b.leg]) leg.on('ended', (reason) => reasons.push(reason));
    const ports = [a.leg.local.port, b.leg.local.port];

    room.endSession();

    expect(reasons).toEqual(['session-ended', 'session-ended']);
    for (const port of ports) expect(await udpPortIsFree(port)).toBe(true);
  });

  it('keeps the line of a caller whose gathering ended open for the end of the call (it sends on, prompts play), until close()', async () => {
    const a = await call('phone-a');
    const port = a.leg.local.port;
    let sessionEnded = 0;
    let ended: string | undefined;
    a.leg.on('sessionEnded', () => (sessionEnded += 1));
    a.leg.on('ended', (reason) => (ended = reason));

    room.endSession();
    const endedAt = performance.now();
    await a.leg.playPrompt(sineTone(600, RATE, 600));

    expect(sessionEnded).toBe(1);
    expect(ended).toBeUndefined();
    expect(toneShare(a.phone.audioSince(endedAt + 100, endedAt + 500), RATE, 600)).toBeGreaterThan(0.8);
    a.leg.close();
    expect(ended).toBe('left');
    expect(await udpPortIsFree(port)).toBe(true);
  });
});
