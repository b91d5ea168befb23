import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';

/**
 * A small synthetic RTP load generator and counter, for benchmarking the SFU without browsers.
 *
 * - VP8 (optionally simulcast, L1T3) with a real VP8 payload descriptor (picture id, TL0PICIDX, TID,
 *   layer sync) and key frames that mediasoup recognises, sent on request (RTCP PLI or FIR) and every
 *   few seconds; frames are split into packets of at most MAX_PAYLOAD bytes.
 * - Opus-like audio: one packet every 20 ms, optionally with the ssrc-audio-level header extension
 *   (what the active-speaker observer reads).
 *
 * Bitrates are RTP-level (header + payload), frame sizes are constant: an upper bound of what a real
 * encoder sends at its cap, not a model of scene content.
 */

export const MAX_PAYLOAD = 1100;
const KEY_FRAME_INTERVAL_MS = 3000;
/**
 * A frame's size against the layer's average, by temporal layer: libwebrtc gives VP8 L1T3 40 % of a layer's
 * bitrate to TL0, 20 % to TL1 and 40 % to TL2 (kLayerRateAllocation), and TL0, TL1 are one frame in four each,
 * TL2 two in four. So a receiver at 15 fps (TL0+TL1) gets 60 % of the bytes, as from Chrome; the average is unchanged.
 */
const L1T3_FRAME_WEIGHT = [1.6, 0.8, 0.8];
const TICK_MS = 5;
const SENDER_REPORT_INTERVAL_MS = 1000;
export const AUDIO_LEVEL_EXT_ID = 1;

export interface VideoLayerSpec {
  ssrc: number;
  bitrate: number;
  width: number;
  height: number;
}

export interface VideoStreamSpec {
  kind: 'video';
  payloadType: number;
  /** One entry per simulcast layer, lowest first; one entry = a plain stream. */
  layers: VideoLayerSpec[];
  fps: number;
  /** 3 for L1T3 (pattern 0,2,1,2), 1 for no temporal layers. */
  temporalLayers: 1 | 3;
}

export interface AudioStreamSpec {
  kind: 'audio';
  payloadType: number;
  ssrc: number;
  bitrate: number;
  /** Adds urn:ietf:params:rtp-hdrext:ssrc-audio-level (id AUDIO_LEVEL_EXT_ID) with this level (dBov, 0..127). */
  audioLevel?: number;
}

export type StreamSpec = VideoStreamSpec | AudioStreamSpec;

interface LayerState {
  spec: VideoLayerSpec;
  seq: number;
  pictureId: number;
  tl0PicIdx: number;
  wantKeyFrame: boolean;
  lastKeyFrameAt: number;
  packets: number;
  bytes: number;
}

interface Source {
  spec: StreamSpec;
  port: number;
  /** Frames (or audio packets) sent so far, and when the stream started (ms, hrtime based). */
  frames: number;
  startedAt: number;
  lastSenderReportAt: number;
  frameIntervalMs: number;
  layers: LayerState[];
  /** Audio only. */
  audio?: { seq: number; packets: number; bytes: number; silent: boolean };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export function randomSsrc(): number {
  return randomBytes(4).readUInt32BE(0) >>> 0 || 1;
}

export function rtpHeader(payloadType: number, marker: boolean, seq: number, timestamp: number, ssrc: number, extension?: Buffer): Buffer {
  const header = Buffer.alloc(12 + (extension ? extension.length : 0));
  header[0] = 0x80 | (extension ? 0x10 : 0);
  header[1] = (marker ? 0x80 : 0) | payloadType;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  if (extension) extension.copy(header, 12);
  return header;
}

/** One-byte header extension block (RFC 8285) with the ssrc-audio-level element. */
export function audioLevelExtension(level: number): Buffer {
  const ext = Buffer.alloc(8);
  ext.writeUInt16BE(0xbede, 0);
  ext.writeUInt16BE(1, 2);
  ext[4] = (AUDIO_LEVEL_EXT_ID << 4) | 0; // length - 1 = 0
  ext[5] = 0x80 | (level & 0x7f); // voice activity + level
  return ext;
}

const FILLER = randomBytes(MAX_PAYLOAD + 64);

/** Sends the streams of many synthetic participants from one UDP socket, paced in real time. */
export class RtpSender {
  private readonly socket = dgram.createSocket('udp4');
  private readonly sources: Source[] = [];
  private readonly bySsrc = new Map<number, LayerState>();
  private timer: NodeJS.Timeout | undefined;
  private pausedAt: number | undefined;
  private ready: Promise<void>;

  constructor() {
    this.ready = new Promise((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    this.socket.on('message', (message) => this.onRtcp(message));
    this.socket.on('error', (error) => console.error('RtpSender socket error', error));
  }

  async started(): Promise<void> {
    await this.ready;
    this.socket.setSendBufferSize(4 * 1024 * 1024);
  }

  /** Starts sending `spec` to 127.0.0.1:`port` (a PlainTransport with comedia). */
  add(spec: StreamSpec, port: number): void {
    const startedAt = nowMs() - Math.random() * 20; // spread the streams over a frame interval
    if (spec.kind === 'video') {
      const layers = spec.layers.map((layer) => {
        const state: LayerState = {
          spec: layer,
          seq: Math.floor(Math.random() * 60000),
          pictureId: Math.floor(Math.random() * 30000),
          tl0PicIdx: 0,
          wantKeyFrame: true,
          lastKeyFrameAt: 0,
          packets: 0,
          bytes: 0,
        };
        this.bySsrc.set(layer.ssrc, state);
        return state;
      });
      this.sources.push({ spec, port, frames: 0, startedAt, lastSenderReportAt: 0, frameIntervalMs: 1000 / spec.fps, layers });
    } else {
      this.sources.push({
        spec,
        port,
        frames: 0,
        startedAt,
        lastSenderReportAt: 0,
        frameIntervalMs: 20,
        layers: [],
        audio: { seq: Math.floor(Math.random() * 60000), packets: 0, bytes: 0, silent: false },
      });
    }
    if (!this.timer) this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Packets and bytes sent so far on an SSRC (video layer or audio). */
  sent(ssrc: number): { packets: number; bytes: number } {
    const layer = this.bySsrc.get(ssrc);
    if (layer) return { packets: layer.packets, bytes: layer.bytes };
    const audio = this.sources.find((s) => s.spec.kind === 'audio' && s.spec.ssrc === ssrc)?.audio;
    return audio ? { packets: audio.packets, bytes: audio.bytes } : { packets: 0, bytes: 0 };
  }

  /** Stops sending (to let the SFU drain before counters are read); `resume()` goes on without a burst. */
  pause(): void {
    if (this.pausedAt === undefined) this.pausedAt = nowMs();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    const paused = nowMs() - this.pausedAt;
    for (const source of this.sources) source.startedAt += paused;
    this.pausedAt = undefined;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.socket.close();
  }

  private tick(): void {
    if (this.pausedAt !== undefined) return;
    const now = nowMs();
    for (const source of this.sources) {
      const due = Math.floor((now - source.startedAt) / source.frameIntervalMs);
      // After a stall (GC, a busy machine) catch up at most 5 frames, like an encoder that skips frames.
      if (due - source.frames > 5) source.frames = due - 5;
      while (source.frames < due) {
        if (source.spec.kind === 'video') this.sendVideoFrame(source, source.spec, now);
        else this.sendAudioPacket(source, source.spec);
        source.frames++;
      }
      if (now - source.lastSenderReportAt >= SENDER_REPORT_INTERVAL_MS) {
        source.lastSenderReportAt = now;
        this.sendSenderReports(source, now);
      }
    }
  }

  /**
   * RTCP sender reports (NTP time ↔ RTP timestamp) for each SSRC of the source: mediasoup needs them to
   * switch a simulcast consumer from one layer to another (it aligns the layers' timestamps with them).
   */
  private sendSenderReports(source: Source, now: number): void {
    const clockRate = source.spec.kind === 'video' ? 90000 : 48000;
    const rtpTimestamp = Math.round(((now - source.startedAt) / 1000) * clockRate) >>> 0;
    const wallMs = Date.now();
    const ntpSeconds = Math.floor(wallMs / 1000) + 2208988800;
    const ntpFraction = Math.floor(((wallMs % 1000) / 1000) * 2 ** 32) >>> 0;
    const streams =
      source.spec.kind === 'video'
        ? source.layers.map((l) => ({ ssrc: l.spec.ssrc, packets: l.packets, bytes: l.bytes }))
        : [{ ssrc: source.spec.ssrc, packets: source.audio!.packets, bytes: source.audio!.bytes }];
    for (const stream of streams) {
      const sr = Buffer.alloc(28);
      sr[0] = 0x80;
      sr[1] = 200;
      sr.writeUInt16BE(6, 2);
      sr.writeUInt32BE(stream.ssrc >>> 0, 4);
      sr.writeUInt32BE(ntpSeconds >>> 0, 8);
      sr.writeUInt32BE(ntpFraction, 12);
      sr.writeUInt32BE(rtpTimestamp, 16);
      sr.writeUInt32BE(stream.packets >>> 0, 20);
      sr.writeUInt32BE(stream.bytes >>> 0, 24);
      this.socket.send(sr, source.port, '127.0.0.1');
    }
  }

  /**
   * Silence with Opus DTX (the product turns DTX on): one small packet every 400 ms instead of one per
   * 20 ms, as libopus in WebRTC does while nobody speaks.
   */
  setSilent(ssrc: number, silent: boolean): void {
    const audio = this.sources.find((s) => s.spec.kind === 'audio' && s.spec.ssrc === ssrc)?.audio;
    if (audio) audio.silent = silent;
  }

  private sendAudioPacket(source: Source, spec: AudioStreamSpec): void {
    const audio = source.audio!;
    if (audio.silent && source.frames % 20 !== 0) return;
    const extension = spec.audioLevel === undefined ? undefined : audioLevelExtension(audio.silent ? 127 : spec.audioLevel);
    const headerBytes = 12 + (extension?.length ?? 0);
    const payloadBytes = audio.silent ? 3 : Math.max(10, Math.round((spec.bitrate * 0.02) / 8) - headerBytes);
    const header = rtpHeader(spec.payloadType, false, audio.seq++, source.frames * 960, spec.ssrc, extension);
    const packet = Buffer.concat([header, FILLER.subarray(0, payloadBytes)]);
    this.socket.send(packet, source.port, '127.0.0.1');
    audio.packets++;
    audio.bytes += packet.length;
  }

  private sendVideoFrame(source: Source, spec: VideoStreamSpec, now: number): void {
    const frame = source.frames;
    const tid = spec.temporalLayers === 3 ? [0, 2, 1, 2][frame % 4]! : 0;
    const timestamp = Math.round(frame * (90000 / spec.fps));
    for (const layer of source.layers) {
      const key = layer.wantKeyFrame || now - layer.lastKeyFrameAt > KEY_FRAME_INTERVAL_MS;
      // A key frame starts a new temporal pattern at TID 0.
      const frameTid = key ? 0 : tid;
      if (key) {
        layer.wantKeyFrame = false;
        layer.lastKeyFrameAt = now;
      }
      if (frameTid === 0) layer.tl0PicIdx = (layer.tl0PicIdx + 1) & 0xff;
      layer.pictureId = (layer.pictureId + 1) & 0x7fff;
      const weight = spec.temporalLayers === 3 ? L1T3_FRAME_WEIGHT[frameTid]! : 1;
      const frameBytes = Math.max(200, Math.round((layer.spec.bitrate / 8 / spec.fps) * weight));
      const packets = Math.ceil(frameBytes / (MAX_PAYLOAD + 12 + 7));
      const perPacket = Math.round(frameBytes / packets) - 12 - 7;
      for (let i = 0; i < packets; i++) {
        const descriptor = Buffer.from([
          i === 0 ? 0x90 : 0x80, // X=1, S=1 on the first packet, partition 0
          0xe0, // I, L, T present
          0x80 | (layer.pictureId >> 8), // 15-bit picture id
          layer.pictureId & 0xff,
          layer.tl0PicIdx,
          (frameTid << 6) | 0x20, // TID, Y (layer sync)
        ]);
        let payload: Buffer;
        if (i === 0) {
          // VP8 payload header: frame tag (P bit 0 = key frame), then for key frames the start code and size.
          const tag = key
            ? [
                0x10,
                0x02,
                0x00,
                0x9d,
                0x01,
                0x2a,
                layer.spec.width & 0xff,
                layer.spec.width >> 8,
                layer.spec.height & 0xff,
                layer.spec.height >> 8,
              ]
            : [0x11, 0x02, 0x00];
          payload = Buffer.concat([descriptor, Buffer.from(tag), FILLER.subarray(0, Math.max(0, perPacket - tag.length - 1))]);
        } else {
          payload = Buffer.concat([descriptor, FILLER.subarray(0, Math.max(0, perPacket - 1))]);
        }
        const header = rtpHeader(spec.payloadType, i === packets - 1, layer.seq++, timestamp, layer.spec.ssrc);
        const packet = Buffer.concat([header, payload]);
        this.socket.send(packet, source.port, '127.0.0.1');
        layer.packets++;
        layer.bytes += packet.length;
      }
    }
  }

  /** Key frame requests from the SFU: PLI (PT 206, FMT 1) and FIR (PT 206, FMT 4), in compound RTCP. */
  private onRtcp(message: Buffer): void {
    let offset = 0;
    while (offset + 12 <= message.length) {
      const fmt = message[offset]! & 0x1f;
      const pt = message[offset + 1]!;
      const length = (message.readUInt16BE(offset + 2) + 1) * 4;
      if (pt === 206 && fmt === 1) this.requestKeyFrame(message.readUInt32BE(offset + 8));
      if (pt === 206 && fmt === 4) {
        for (let fci = offset + 12; fci + 8 <= offset + length; fci += 8) this.requestKeyFrame(message.readUInt32BE(fci));
      }
      offset += length;
    }
  }

  private requestKeyFrame(ssrc: number): void {
    const layer = this.bySsrc.get(ssrc);
    if (layer) layer.wantKeyFrame = true;
  }
}

/** Counts the RTP packets and bytes arriving on one UDP socket, by SSRC (RTCP is ignored). */
export class RtpReceiver {
  readonly socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  private readonly counts = new Map<number, { packets: number; bytes: number }>();
  private readonly ready: Promise<number>;
  rtcpPackets = 0;

  constructor() {
    this.ready = new Promise((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve(this.socket.address().port)));
    this.socket.on('message', (message) => {
      if (message.length < 12) return;
      const pt = message[1]!;
      if (pt >= 192 && pt <= 223) {
        this.rtcpPackets++;
        return;
      }
      const ssrc = message.readUInt32BE(8);
      let count = this.counts.get(ssrc);
      if (!count) this.counts.set(ssrc, (count = { packets: 0, bytes: 0 }));
      count.packets++;
      count.bytes += message.length;
    });
  }

  port(): Promise<number> {
    return this.ready;
  }

  received(ssrc: number): { packets: number; bytes: number } {
    const count = this.counts.get(ssrc);
    return count ? { ...count } : { packets: 0, bytes: 0 };
  }

  close(): void {
    this.socket.close();
  }
}
