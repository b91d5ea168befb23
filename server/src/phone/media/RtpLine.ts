import type dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import type { Logger } from '../../core/logger';
import type { LocalMedia, RemoteMedia } from '../types';
import { bindInRange } from './bindPort';
import { decodeG711, encodeG711 } from './g711';
import { parseRtp } from './rtpPacket';
import { TelephoneEventReader } from './telephoneEvents';

export interface LineSettings {
  /** Where the line's socket listens, and the address the SDP names (the server's public address). */
  bindAddress: string;
  publicAddress: string;
  portRange: { min: number; max: number };
}

export interface LineEvents {
  /** The caller's voice, decoded to 8 kHz PCM, one packet's worth. */
  audio: [samples: Int16Array];
  /** One keypad digit per key press (RFC 4733). */
  dtmf: [digit: string];
}

/**
 * At most this many packets a second are taken from the caller (a phone sends 50, or 100 at 10 ms), with bursts of
 * up to PACKET_BURST: UDP source addresses can be forged, and every packet costs an Opus encoding.
 */
const PACKETS_PER_SECOND = 120;
const PACKET_BURST = 60;
/** 60 ms of G.711, the longest packet time the line takes (SDP ptime is at most 60 here too). */
const MAX_AUDIO_PAYLOAD_BYTES = 480;

/** The caller's RTP is 8 kHz G.711: the timestamp advances one per sample. */
const SAMPLES_PER_MS = 8;

function sameAddress(a: string, b: string): boolean {
  return a.replace(/^::ffff:/, '') === b.replace(/^::ffff:/, '');
}

/**
 * The telephone side of a call: one UDP port of the RTP range, G.711 both ways and RFC 4733 digits in.
 * It accepts packets only from the address the other side's SDP named, and sends to the port they come from
 * (the caller's NAT may change the port but not the trunk's address; an address other than the SDP's would let
 * anyone who guesses the port take the call's audio over). Everything else is counted and ignored.
 */
export class RtpLine extends EventEmitter<LineEvents> {
  private readonly ssrc = randomInt(1, 0xffffffff);
  private sequenceNumber = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0xffffffff);
  /** Where packets go; null until the other side's SDP is known (an outbound call's line, before the answer). */
  private target: { address: string; port: number } | null;
  private latched = false;
  private readonly digits = new TelephoneEventReader();
  private isClosed = false;
  private tokens = PACKET_BURST;
  private tokensAt = performance.now();
  readonly stats = { received: 0, sent: 0, ignored: 0, overBudget: 0 };

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly publicAddress: string,
    private remote: RemoteMedia | null,
    private readonly logger: Logger,
  ) {
    super();
    this.target = remote && { address: remote.address, port: remote.port };
    socket.on('message', (datagram, from) => this.receive(datagram, from));
    socket.on('error', (error) => this.logger.warn({ err: error }, 'RTP line socket error'));
  }

  /**
   * Takes a port of the range. `remote` null: an outbound call's line, opened for the offer's SDP; it sends and
   * accepts nothing until setRemote (the answer).
   */
  static async open(settings: LineSettings, remote: RemoteMedia | null, logger: Logger): Promise<RtpLine> {
    const socket = await bindInRange(settings.bindAddress, settings.portRange);
    return new RtpLine(socket, settings.publicAddress, remote, logger);
  }

  /** What the SDP answer (or offer) says about where we receive. */
  get local(): LocalMedia {
    return { address: this.publicAddress, port: this.socket.address().port };
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Samples per packet, from the ptime the other side asked for (10–60 ms; 20 otherwise). */
  get packetSamples(): number {
    const asked = this.remote?.ptime ?? 20;
    const ptime = asked >= 10 && asked <= 60 && asked % 10 === 0 ? asked : 20;
    return ptime * SAMPLES_PER_MS;
  }

  /** A re-INVITE moved or changed the other side's media: send there, in its codec, and latch again. */
  setRemote(remote: RemoteMedia): void {
    this.remote = remote;
    this.target = { address: remote.address, port: remote.port };
    this.latched = false;
  }

  /** Sends one packet of 8 kHz PCM to the caller in their G.711 codec. A held call (address 0.0.0.0) gets nothing. */
  send(samples: Int16Array): void {
    if (this.isClosed || !this.remote || !this.target) return;
    const payload = encodeG711(this.remote.codec, samples);
    const packet = Buffer.alloc(12 + payload.length);
    packet[0] = 0x80;
    packet[1] = this.remote.payloadType & 0x7f;
    packet.writeUInt16BE(this.sequenceNumber, 2);
    packet.writeUInt32BE(this.timestamp >>> 0, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    packet.set(payload, 12);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + samples.length) >>> 0;
    if (this.target.address === '0.0.0.0' || this.target.port === 0) return;
    this.socket.send(packet, this.target.port, this.target.address);
    this.stats.sent += 1;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.close();
    this.removeAllListeners();
  }

  private receive(datagram: Buffer, from: dgram.RemoteInfo): void {
    const remote = this.remote;
    const packet = remote && sameAddress(from.address, remote.address) ? parseRtp(datagram) : null;
    const isAudio = packet?.payloadType === remote?.payloadType;
    const isDigit = packet !== null && packet.payloadType === remote?.telephoneEventPayloadType;
    if (!remote || !packet || (!isAudio && !isDigit) || packet.payload.length > MAX_AUDIO_PAYLOAD_BYTES) {
      this.stats.ignored += 1;
      return;
    }
    if (!this.takeToken()) {
      this.stats.overBudget += 1;
      return;
    }
    this.stats.received += 1;
    if (!this.latched) {
      this.latched = true;
      if (from.port !== this.target?.port)
        this.logger.info({ sdpPort: this.target?.port, port: from.port }, 'RTP line latched to the port the caller sends from');
      this.target = { address: from.address, port: from.port };
    }
    if (isDigit) {
      const digit = this.digits.read(packet.timestamp, packet.payload);
      if (digit !== null) this.emit('dtmf', digit);
    } else if (packet.payload.length > 0) {
      this.emit('audio', decodeG711(remote.codec, packet.payload));
    }
  }

  private takeToken(): boolean {
    const now = performance.now();
    this.tokens = Math.min(PACKET_BURST, this.tokens + ((now - this.tokensAt) / 1000) * PACKETS_PER_SECOND);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
