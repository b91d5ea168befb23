import dgram from 'node:dgram';
import alawmulaw from 'alawmulaw';
import type { LocalMedia, RemoteMedia } from '../../server/src/phone/types';

const PCMU = 0;
const TELEPHONE_EVENT = 101;
const PACKET_SAMPLES = 160;

interface Received {
  at: number;
  payloadType: number;
  samples: Int16Array;
}

/**
 * A telephone for media tests, without SIP: a UDP socket that sends μ-law RTP (a tone, keypad digits as
 * RFC 4733) and records what it receives, with arrival times.
 */
export class RtpPhone {
  readonly received: Received[] = [];
  /** Where the last packet came from (the bridge's line: where to key digits when SIP set the call up). */
  lastFrom: LocalMedia | undefined;
  private sequenceNumber = 1000;
  private timestamp = 50_000;
  private readonly ssrc = 0x1234abcd;
  private stopped = false;

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (datagram, from) => {
      if (datagram.length < 12) return;
      this.lastFrom = { address: from.address, port: from.port };
      const payloadType = datagram[1]! & 0x7f;
      const payload = datagram.subarray(12);
      this.received.push({ at: performance.now(), payloadType, samples: alawmulaw.mulaw.decode(payload) });
    });
  }

  static async open(address = '127.0.0.1'): Promise<RtpPhone> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    return new RtpPhone(socket);
  }

  /** What this phone's SDP would say: PCMU, telephone-event 101, 20 ms. */
  get remoteMedia(): RemoteMedia {
    const { address, port } = this.socket.address();
    return { address, port, codec: 'PCMU', payloadType: PCMU, telephoneEventPayloadType: TELEPHONE_EVENT, ptime: 20 };
  }

  /** Sends 8 kHz PCM as 20 ms μ-law packets, paced in real time. */
  async sendAudio(to: LocalMedia, samples: Int16Array): Promise<void> {
    const started = performance.now();
    this.stopped = false;
    for (let offset = 0, n = 0; offset + PACKET_SAMPLES <= samples.length && !this.stopped; offset += PACKET_SAMPLES, n++) {
      this.sendFrame(to, samples.subarray(offset, offset + PACKET_SAMPLES));
      const wait = started + (n + 1) * 20 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * One key press as a phone sends it (RFC 4733): three packets while it is held, then the end packet three
   * times, all with the same RTP timestamp.
   */
  async pressKey(to: LocalMedia, digit: string): Promise<void> {
    const event = '0123456789*#ABCD'.indexOf(digit);
    const eventTimestamp = this.timestamp;
    for (let i = 0; i < 6; i++) {
      const end = i >= 3;
      const duration = Math.min(i + 1, 4) * PACKET_SAMPLES;
      const payload = Buffer.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
      this.sendRaw(to, this.packet(TELEPHONE_EVENT, payload, i === 0, eventTimestamp));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.timestamp += 4 * PACKET_SAMPLES;
  }

  /** Sends one packet of PCM now (the caller paces). */
  sendFrame(to: LocalMedia, samples: Int16Array): void {
    this.sendRaw(to, this.packet(PCMU, alawmulaw.mulaw.encode(samples)));
    this.timestamp += samples.length;
  }

  /** Ends a sendAudio early. */
  stop(): void {
    this.stopped = true;
  }

  sendRaw(to: LocalMedia, datagram: Uint8Array): void {
    this.socket.send(datagram, to.port, to.address);
  }

  /** The audio received after `since` (performance.now()), joined. */
  audioSince(since: number, until = Infinity): Int16Array {
    const chunks = this.received.filter((r) => r.at >= since && r.at < until && r.payloadType === PCMU).map((r) => r.samples);
    const joined = new Int16Array(chunks.reduce((sum, c) => sum + c.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    return joined;
  }

  close(): void {
    this.stopped = true;
    this.socket.close();
  }

  private packet(payloadType: number, payload: Uint8Array, marker = false, timestamp = this.timestamp): Buffer {
    const packet = Buffer.alloc(12 + payload.length);
    packet[0] = 0x80;
    packet[1] = (marker ? 0x80 : 0) | payloadType;
    packet.writeUInt16BE(this.sequenceNumber, 2);
    packet.writeUInt32BE(timestamp >>> 0, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    packet.set(payload, 12);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    return packet;
  }
}
