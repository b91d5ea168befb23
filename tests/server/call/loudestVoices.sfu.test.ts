import dgram from 'node:dgram';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeOf } from '@shared/call/events';
import type { ConsumerAppData, Peer } from '../../../server/src/call/Peer';
import type { PeerChannel, PlainNotice } from '../../../server/src/call/PeerChannel';
import { Room } from '../../../server/src/call/Room';
import { VOICE_RULES } from '../../../server/src/call/voices';
import { WorkerPool } from '../../../server/src/call/WorkerPool';
import { createLogger } from '../../../server/src/core/logger';
import type { CallIdentity } from '../../../server/src/sessions/service';
import { findFreeMediaPorts } from '../../support/ports';

const logger = createLogger('warn');
const OPUS_PT = 100;
const LEVEL_EXTENSION_ID = 1;
/** RFC 6464 levels (−dBov): speech near the tablet, and silence. */
const SPEAKING = 20;
const SILENT = 127;

function identity(peerId: string, role: 'venue' | 'home' = 'home'): CallIdentity {
  return {
    peerId,
    role,
    displayName: peerId,
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

/** A device or a telephone bridge that accepts every consumer at once. */
class AcceptingChannel implements PeerChannel {
  connected = true;
  notify<E extends PlainNotice>(_event: E, _notice: NoticeOf<E>): void {}
  offerConsumer(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * A microphone on the room's PlainTransport, as the telephone bridge is one: a UDP socket that sends an Opus-sized
 * packet every 20 ms with the RFC 6464 audio level the test sets (what mediasoup's level observer reads), and
 * counts the packets it receives per SSRC (what the room forwards to it).
 */
class Microphone {
  level = SILENT;
  readonly receivedBySsrc = new Map<number, number>();
  private sequenceNumber = 1;
  private timestamp = 1000;
  private readonly ssrc = Math.floor(Math.random() * 0xfffffff) + 1;
  private sfuPort = 0;

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (packet) => {
      if (packet.length < 12) return;
      const ssrc = packet.readUInt32BE(8);
      this.receivedBySsrc.set(ssrc, (this.receivedBySsrc.get(ssrc) ?? 0) + 1);
    });
  }

  static async open(): Promise<Microphone> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new Microphone(socket);
  }

  async join(room: Room, who: CallIdentity): Promise<Peer> {
    const bridge = { port: this.socket.address().port, ssrc: this.ssrc, payloadType: OPUS_PT, audioLevelExtensionId: LEVEL_EXTENSION_ID };
    const { peer, sfuPort } = await room.addPhonePeer(who, new AcceptingChannel(), bridge);
    this.sfuPort = sfuPort;
    return peer;
  }

  sendOne(): void {
    if (!this.sfuPort) return;
    const packet = Buffer.alloc(12 + 8 + 40);
    packet[0] = 0x90; // version 2, header extension
    packet[1] = OPUS_PT;
    packet.writeUInt16BE(this.sequenceNumber, 2);
    packet.writeUInt32BE(this.timestamp, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    packet.writeUInt16BE(0xbede, 12); // one-byte header extensions, one word
    packet.writeUInt16BE(1, 14);
    packet[16] = (LEVEL_EXTENSION_ID << 4) | 0; // one byte of data
    packet[17] = this.level === SILENT ? SILENT : 0x80 | this.level; // the voice-activity bit while speaking
    packet[20] = 0xfc; // an Opus TOC byte (SILK wideband, 20 ms); the rest is payload the worker never decodes
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + 960) >>> 0;
    this.socket.send(packet, this.sfuPort, '127.0.0.1');
  }

  close(): void {
    this.socket.close();
  }
}

let pool: WorkerPool;
let room: Room;
/** The worker's level reports as the room gets them: how many so far, and whom each named. */
const reports: string[][] = [];
const reportTimes: number[] = [];
let sending: NodeJS.Timeout;
const microphones = new Map<string, Microphone>();
let venue: Peer;
let ear: Peer;
const speakers = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

function consumerOf(listener: Peer, speakerId: string): types.Consumer<ConsumerAppData> {
  const consumer = listener.listConsumers().find((c) => c.kind === 'audio' && c.appData.producerPeerId === speakerId);
  if (!consumer) throw new Error(`${listener.id} has no consumer of ${speakerId}`);
  return consumer;
}

/** Whose voice the room forwards to `listener` now (its audio consumers accepted and not paused). */
function forwardedTo(listener: Peer): string[] {
  return listener
    .listConsumers()
    .filter((c) => c.kind === 'audio' && c.appData.accepted && !c.paused)
    .map((c) => c.appData.producerPeerId)
    .sort();
}

const peerOf = (peerId: string) => room.getPeer(peerId)!;
const speak = (peerId: string, level = SPEAKING) => void (microphones.get(peerId)!.level = level);
const hush = (peerId: string) => speak(peerId, SILENT);

beforeAll(async () => {
  const base = await findFreeMediaPorts(1);
  pool = await WorkerPool.start({ port: base, listenIp: '127.0.0.1', announcedIp: undefined, workers: 1, logLevel: 'warn' }, logger);
  // The test hears the level reports first (its listener is on before the room's): a report's index is set before the room acts on it.
  pool.get(0)!.worker.observer.on('newrouter', (router) =>
    router.observer.on('newrtpobserver', (observer) => {
      if (observer.constructor.name !== 'AudioLevelObserver') return;
      const levels = observer as types.AudioLevelObserver;
      levels.on('volumes', (volumes) => {
        reportTimes.push(performance.now());
        reports.push(volumes.map((v) => (v.producer.appData as { peerId: string }).peerId));
      });
      levels.on('silence', () => {
        reportTimes.push(performance.now());
        reports.push([]);
      });
    }),
  );
  room = await Room.create('session-1', pool.get(0)!, logger);

  // The venue's tablet (a microphone too), six people by telephone, and a home tablet that only listens.
  const members: [string, 'venue' | 'home'][] = [['venue', 'venue'], ...speakers.map((id): [string, 'home'] => [id, 'home'])];
  for (const [peerId, role] of members) {
    const microphone = await Microphone.open();
    microphones.set(peerId, microphone);
    const peer = await microphone.join(room, identity(peerId, role));
    if (peerId === 'venue') venue = peer;
  }
  ear = room.join(identity('ear'), 'ear-tab', new AcceptingChannel()).peer;
  await room.createTransport(ear, 'recv');
  await room.setReady(ear, room.rtpCapabilities);
  sending = setInterval(() => {
    for (const microphone of microphones.values()) microphone.sendOne();
  }, 20);
});

afterAll(async () => {
  clearInterval(sending);
  room.close();
  for (const microphone of microphones.values()) microphone.close();
  await pool.close();
});

describe('the loudest voices: each home hears the venue, the leader, the spotlit and the loudest few', () => {
  it('forwards to a home and to a telephone only the loudest three besides the venue, and every voice to the venue', async () => {
    speak('p1');
    speak('p2', SPEAKING + 3);
    speak('p3', SPEAKING + 6);
    await expect.poll(() => forwardedTo(ear), { timeout: 5000 }).toEqual(['p1', 'p2', 'p3', 'venue']);
    // A telephone caller's bridge mixes the same loudest few (never its own voice).
    await expect.poll(() => forwardedTo(peerOf('p5'))).toEqual(['p1', 'p2', 'p3', 'venue']);
    await expect.poll(() => forwardedTo(peerOf('p1'))).toEqual(['p2', 'p3', 'venue']);
    // The venue's loudspeaker is the room's ear: it is sent every voice.
    expect(forwardedTo(venue)).toEqual(speakers);
    // What is paused is not sent: the telephone p5 receives p1's voice, not p6's.
    const p5 = microphones.get('p5')!;
    const ssrcOf = (speakerId: string) => consumerOf(peerOf('p5'), speakerId).rtpParameters.encodings![0]!.ssrc!;
    const received = (speakerId: string) => p5.receivedBySsrc.get(ssrcOf(speakerId)) ?? 0;
    const [fromP1, fromP6] = [received('p1'), received('p6')];
    await expect.poll(() => received('p1') - fromP1).toBeGreaterThan(10);
    expect(received('p6') - fromP6).toBe(0);
    for (const id of ['p1', 'p2', 'p3']) hush(id);
  });

  it('always forwards the leader and the spotlit, however quiet', async () => {
    speak('p1');
    speak('p2');
    speak('p3');
    await room.setLeader('p6');
    await room.setSpotlight('p5');
    await expect.poll(() => forwardedTo(ear), { timeout: 5000 }).toEqual(['p1', 'p2', 'p3', 'p5', 'p6', 'venue']);
    await room.setLeader(null);
    await room.setSpotlight(null);
    await expect.poll(() => forwardedTo(ear)).toEqual(['p1', 'p2', 'p3', 'venue']);
    for (const id of ['p1', 'p2', 'p3']) hush(id);
  });

  it('resumes a quiet person who starts speaking on the first level report that names them, and keeps them for the hangover', async () => {
    for (const id of ['p3', 'p4', 'p5', 'p6']) hush(id);
    speak('p1');
    speak('p2');
    await expect.poll(() => forwardedTo(ear), { timeout: 5000 }).toEqual(['p1', 'p2', 'venue']);
    const quiet = consumerOf(ear, 'p4');
    expect(quiet.paused).toBe(true);
    const resumedOnReport: number[] = [];
    const pausedAt: number[] = [];
    const resume = quiet.resume.bind(quiet);
    const pause = quiet.pause.bind(quiet);
    quiet.resume = () => {
      resumedOnReport.push(reports.length);
      return resume();
    };
    quiet.pause = () => {
      pausedAt.push(performance.now());
      return pause();
    };

    const before = reports.length;
    speak('p4');
    await expect.poll(() => quiet.paused, { timeout: 5000 }).toBe(false);
    const firstNaming = before + reports.slice(before).findIndex((named) => named.includes('p4')) + 1;
    expect(firstNaming).toBeGreaterThan(before);
    // The resume was asked for while the room handled the first report naming p4, before any later report.
    expect(resumedOnReport).toEqual([firstNaming]);

    // p4 stops: still heard for the hangover after the last report that named them, then paused.
    hush('p4');
    await expect.poll(() => quiet.paused, { timeout: VOICE_RULES.hangoverMs + 5000 }).toBe(true);
    const lastNaming = reports.findLastIndex((named) => named.includes('p4'));
    expect(pausedAt).toHaveLength(1);
    expect(pausedAt[0]! - reportTimes[lastNaming]!).toBeGreaterThanOrEqual(VOICE_RULES.hangoverMs);
    expect(forwardedTo(ear)).toEqual(['p1', 'p2', 'venue']);
  });
});
