import dgram from 'node:dgram';
import { CLIP, type Clip, type VideoFrames } from './clip';
import type { LightPeerStreams } from './lightPeer';
import { audioLevelExtension, MAX_PAYLOAD, randomSsrc, rtpHeader } from './rtp';

/** The level written in the audio-level extension: a voice heard clearly (dBov; 127 is silence). */
const SPEAKING_DBOV = 30;
const TICK_MS = 5;
const SENDER_REPORT_INTERVAL_MS = 1000;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** One video stream (a simulcast layer, or a home's only stream): its SSRC and where it is in its clip. */
interface VideoLayerState {
  ssrc: number;
  frames: VideoFrames;
  frameIndex: number;
  wantKeyFrame: boolean;
  seq: number;
  pictureId: number;
  tl0PicIdx: number;
  sent: { packets: number; bytes: number };
}

/**
 * One light peer's media: the pre-encoded clip (clip.ts) sent as RTP to a mediasoup PlainTransport (comedia) on
 * 127.0.0.1, as a browser would send it but without capturing or encoding: VP8 at 30 fps, one stream per layer of
 * the clip (a home: one; the venue: three simulcast layers, an SSRC each, the same RTP clock), and Opus every 20 ms
 * with the ssrc-audio-level extension (a voice, so the product's loudest-voices rule forwards it). The clip loops; a
 * key frame request (PLI, FIR) for a layer's SSRC makes that layer's next frame its clip's key frame, as an encoder
 * answers one, so a new receiver (or one switched to another layer) sees a picture about one frame after asking.
 * Sender reports every second for each SSRC (mediasoup aligns simulcast layers' timestamps with them on a switch).
 */
export class ClipSender {
  readonly audioSsrc = randomSsrc();
  private readonly layers: VideoLayerState[];
  private readonly socket = dgram.createSocket('udp4');
  private readonly ready: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private startedAt = 0;
  private videoTicks = 0;
  private audioTicks = 0;
  private audioIndex = 0;
  private audioSeq = Math.floor(Math.random() * 60000);
  private lastReportAt = 0;
  private sentAudio = { packets: 0, bytes: 0 };

  constructor(
    private readonly clip: Clip,
    private readonly payloadTypes: { video: number; audio: number },
  ) {
    this.layers = clip.video.map((frames) => ({
      ssrc: randomSsrc(),
      frames,
      frameIndex: 0,
      wantKeyFrame: false,
      seq: Math.floor(Math.random() * 60000),
      pictureId: Math.floor(Math.random() * 30000),
      tl0PicIdx: 0,
      sent: { packets: 0, bytes: 0 },
    }));
    this.ready = new Promise((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    this.socket.on('message', (message) => this.onRtcp(message));
    this.socket.on('error', (error) => console.error('ClipSender socket error', error));
  }

  /** Its SSRCs, for the producers (lightPeer.ts). */
  streams(): LightPeerStreams {
    return { videoSsrcs: this.layers.map((layer) => layer.ssrc), audioSsrc: this.audioSsrc };
  }

  /** Starts sending to 127.0.0.1:`port`. */
  async start(port: number): Promise<void> {
    await this.ready;
    this.startedAt = nowMs();
    this.timer = setInterval(() => this.tick(port), TICK_MS);
  }

  /** Sends nothing until `resume()` (the other call's block); resuming goes on without a burst. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // Catch up no frame that was due while paused: the streams go on from now.
    const elapsed = nowMs() - this.startedAt;
    this.videoTicks = Math.floor(elapsed / (1000 / CLIP.fps));
    this.audioTicks = Math.floor(elapsed / 20);
  }

  close(): void {
    clearInterval(this.timer);
    this.socket.close();
  }

  private tick(port: number): void {
    if (this.paused) return;
    const now = nowMs();
    const elapsed = now - this.startedAt;
    const videoDue = Math.floor(elapsed / (1000 / CLIP.fps));
    const audioDue = Math.floor(elapsed / 20);
    // After a stall catch up at most a few frames, as an encoder skips them.
    if (videoDue - this.videoTicks > 3) this.videoTicks = videoDue - 3;
    if (audioDue - this.audioTicks > 5) this.audioTicks = audioDue - 5;
    while (this.videoTicks < videoDue) {
      for (const layer of this.layers) this.sendVideoFrame(port, layer, this.videoTicks);
      this.videoTicks++;
    }
    while (this.audioTicks < audioDue) this.sendAudioPacket(port, this.audioTicks++);
    if (now - this.lastReportAt >= SENDER_REPORT_INTERVAL_MS) {
      this.lastReportAt = now;
      for (const layer of this.layers) this.sendSenderReport(port, layer.ssrc, Math.round((elapsed / 1000) * 90000), layer.sent);
      this.sendSenderReport(port, this.audioSsrc, Math.round((elapsed / 1000) * 48000), this.sentAudio);
    }
  }

  private sendVideoFrame(port: number, layer: VideoLayerState, tick: number): void {
    if (layer.wantKeyFrame) {
      layer.frameIndex = 0;
      layer.wantKeyFrame = false;
    }
    const frame = layer.frames[layer.frameIndex]!.data;
    layer.frameIndex = (layer.frameIndex + 1) % layer.frames.length;
    layer.pictureId = (layer.pictureId + 1) & 0x7fff;
    // Every frame is in temporal layer 0 (the clip has no temporal layers): each one a new TL0PICIDX.
    layer.tl0PicIdx = (layer.tl0PicIdx + 1) & 0xff;
    const timestamp = Math.round(tick * (90000 / CLIP.fps)) >>> 0;
    const count = Math.ceil(frame.length / MAX_PAYLOAD);
    for (let i = 0; i < count; i++) {
      // VP8 payload descriptor (RFC 7741): X, S on the first packet of the frame; a 15-bit picture id, TL0PICIDX, TID 0
      // with layer sync; what mediasoup rewrites to keep them continuous when a receiver switches layers.
      const descriptor = Buffer.from([
        i === 0 ? 0x90 : 0x80,
        0xe0,
        0x80 | (layer.pictureId >> 8),
        layer.pictureId & 0xff,
        layer.tl0PicIdx,
        0x20,
      ]);
      const header = rtpHeader(this.payloadTypes.video, i === count - 1, layer.seq++, timestamp, layer.ssrc);
      const packet = Buffer.concat([header, descriptor, frame.subarray(i * MAX_PAYLOAD, (i + 1) * MAX_PAYLOAD)]);
      this.socket.send(packet, port, '127.0.0.1');
      layer.sent.packets++;
      layer.sent.bytes += packet.length;
    }
  }

  private sendAudioPacket(port: number, tick: number): void {
    const payload = this.clip.audio[this.audioIndex]!;
    this.audioIndex = (this.audioIndex + 1) % this.clip.audio.length;
    const header = rtpHeader(
      this.payloadTypes.audio,
      false,
      this.audioSeq++,
      (tick * 960) >>> 0,
      this.audioSsrc,
      audioLevelExtension(SPEAKING_DBOV),
    );
    const packet = Buffer.concat([header, payload]);
    this.socket.send(packet, port, '127.0.0.1');
    this.sentAudio.packets++;
    this.sentAudio.bytes += packet.length;
  }

  private sendSenderReport(port: number, ssrc: number, rtpTimestamp: number, sent: { packets: number; bytes: number }): void {
    const wallMs = Date.now();
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = 200;
    sr.writeUInt16BE(6, 2);
    sr.writeUInt32BE(ssrc >>> 0, 4);
    sr.writeUInt32BE((Math.floor(wallMs / 1000) + 2208988800) >>> 0, 8);
    sr.writeUInt32BE(Math.floor(((wallMs % 1000) / 1000) * 2 ** 32) >>> 0, 12);
    sr.writeUInt32BE(rtpTimestamp >>> 0, 16);
    sr.writeUInt32BE(sent.packets >>> 0, 20);
    sr.writeUInt32BE(sent.bytes >>> 0, 24);
    this.socket.send(sr, port, '127.0.0.1');
  }

  /** Key frame requests: PLI (PT 206, FMT 1: the media SSRC) and FIR (PT 206, FMT 4: an SSRC per entry), in compound RTCP. */
  private onRtcp(message: Buffer): void {
    for (let offset = 0; offset + 12 <= message.length;) {
      const fmt = message[offset]! & 0x1f;
      const pt = message[offset + 1]!;
      const length = (message.readUInt16BE(offset + 2) + 1) * 4;
      if (pt === 206 && fmt === 1) this.requestKeyFrame(message.readUInt32BE(offset + 8));
      if (pt === 206 && fmt === 4)
        for (let fci = offset + 12; fci + 8 <= Math.min(offset + length, message.length); fci += 8)
          this.requestKeyFrame(message.readUInt32BE(fci));
      offset += length;
    }
  }

  private requestKeyFrame(ssrc: number): void {
    const layer = this.layers.find((l) => l.ssrc === ssrc);
    if (layer) layer.wantKeyFrame = true;
  }
}
