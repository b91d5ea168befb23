import type dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { Logger } from '../../core/logger';
import type { PhoneBridgeEndpoint } from '../../call/phoneMedia';
import { audioLevelByte } from './audioLevel';
import { bindAny } from './bindPort';
import { JitterBuffer } from './JitterBuffer';
import { FRAME_SAMPLES, OPUS_CLOCK_RATE, LINE_RATE, OpusDecoder8k, OpusEncoder8k } from './opus';
import { buildRtp, isRtcp, parseRtp } from './rtpPacket';

const OPUS_PAYLOAD_TYPE = 100;
const AUDIO_LEVEL_EXTENSION_ID = 1;
/** One Opus frame of 20 ms in RTP timestamp units. */
const TIMESTAMP_STEP = (FRAME_SAMPLES * OPUS_CLOCK_RATE) / LINE_RATE;
/** The room cannot send a phone more streams than this; more would be a bug, not a bigger meeting. */
const MAX_STREAMS = 64;

interface Stream {
  consumerId: string;
  decoder: OpusDecoder8k;
  buffer: JitterBuffer;
}

/**
 * The bridge's side of a phone peer's PlainTransport, on loopback: it sends the caller's voice to the room as
 * Opus with the RFC 6464 audio level, and receives one Opus stream per consumer (every other peer's
 * microphone; the room never sends the caller's own), each through its own decoder and jitter buffer, mixed
 * on demand at 8 kHz.
 */
export class RoomAudio {
  readonly ssrc = randomInt(1, 0xffffffff);
  private sequenceNumber = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0xffffffff);
  private readonly encoder = new OpusEncoder8k();
  private readonly streams = new Map<number, Stream>();
  private sfuPort = 0;
  private pending = new Int16Array(0);
  private isClosed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly logger: Logger,
  ) {
    socket.on('message', (datagram) => this.receive(datagram));
    socket.on('error', (error) => this.logger.warn({ err: error }, 'phone room socket error'));
  }

  static async open(logger: Logger): Promise<RoomAudio> {
    return new RoomAudio(await bindAny('127.0.0.1'), logger);
  }

  get endpoint(): PhoneBridgeEndpoint {
    return {
      port: this.socket.address().port,
      ssrc: this.ssrc,
      payloadType: OPUS_PAYLOAD_TYPE,
      audioLevelExtensionId: AUDIO_LEVEL_EXTENSION_ID,
    };
  }

  /** Where the room's PlainTransport listens; set once the room has made it. */
  connect(sfuPort: number): void {
    this.sfuPort = sfuPort;
  }

  /** A consumer the room made for this phone: its SSRC is how its packets are told apart. */
  addStream(consumerId: string, ssrc: number): void {
    if (this.isClosed || this.streams.size >= MAX_STREAMS) return;
    this.removeStream(consumerId);
    const decoder = new OpusDecoder8k();
    const buffer = new JitterBuffer((packet) => decoder.decode(packet), FRAME_SAMPLES);
    this.streams.set(ssrc, { consumerId, decoder, buffer });
  }

  removeStream(consumerId: string): void {
    for (const [ssrc, stream] of this.streams) {
      if (stream.consumerId !== consumerId) continue;
      stream.decoder.close();
      this.streams.delete(ssrc);
    }
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** The caller's voice, any number of samples: sent to the room in 20 ms Opus frames. */
  sendVoice(samples: Int16Array): void {
    const joined = new Int16Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    let offset = 0;
    for (; offset + FRAME_SAMPLES <= joined.length; offset += FRAME_SAMPLES)
      this.sendFrame(joined.subarray(offset, offset + FRAME_SAMPLES));
    this.pending = joined.slice(offset);
  }

  /** `count` samples of everyone else in the room, summed (the caller clips), or null when nobody is heard. */
  mix(count: number): Int32Array | null {
    let mixed: Int32Array | null = null;
    for (const stream of this.streams.values()) {
      const samples = stream.buffer.read(count);
      if (!samples) continue;
      mixed ??= new Int32Array(count);
      for (let i = 0; i < count; i++) mixed[i]! += samples[i]!;
    }
    return mixed;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.close();
    for (const stream of this.streams.values()) stream.decoder.close();
    this.streams.clear();
    this.encoder.close();
  }

  private sendFrame(frame: Int16Array): void {
    if (this.isClosed || this.sfuPort === 0) return;
    let payload: Buffer;
    try {
      payload = this.encoder.encode(frame);
    } catch (error) {
      // Never expected (a 20 ms frame of PCM always encodes), but this runs in a socket handler: log, never crash.
      this.logger.warn({ err: error }, 'could not encode the caller’s voice');
      return;
    }
    const level = Uint8Array.of(audioLevelByte(frame));
    const packet = buildRtp(
      { payloadType: OPUS_PAYLOAD_TYPE, sequenceNumber: this.sequenceNumber, timestamp: this.timestamp, ssrc: this.ssrc },
      payload,
      [{ id: AUDIO_LEVEL_EXTENSION_ID, data: level }],
    );
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + TIMESTAMP_STEP) >>> 0;
    this.socket.send(packet, this.sfuPort, '127.0.0.1');
  }

  private receive(datagram: Buffer): void {
    if (isRtcp(datagram)) return;
    const packet = parseRtp(datagram);
    if (!packet) return;
    this.streams.get(packet.ssrc)?.buffer.push(packet.sequenceNumber, packet.payload);
  }
}
