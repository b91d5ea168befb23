import dgram from 'node:dgram';
import { CLIP, type Clip } from './clip';
import type { LightPeerStreams } from './lightPeer';
import { audioLevelExtension, MAX_PAYLOAD, randomSsrc, rtpHeader } from './rtp';

/** The level written in the audio-level extension: a voice heard clearly (dBov; 127 is silence). */
const SPEAKING_DBOV = 30;
const TICK_MS = 5;
const SENDER_REPORT_INTERVAL_MS = 1000;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * One light peer's media: the pre-encoded clip (clip.ts) sent as RTP to a mediasoup PlainTransport (comedia) on
 * 127.0.0.1, as a browser would send it but without capturing or encoding: VP8 at 30 fps (one stream, no simulcast)
 * and Opus every 20 ms with the ssrc-audio-level extension (a voice, so the product's loudest-voices rule forwards
 * it). The clip loops; a key frame request (PLI, FIR) makes the next frame the clip's key frame, as an encoder
 * answers one, so a new receiver sees a picture about one frame after asking. Sender reports every second.
 */
export class ClipSender {
  readonly videoSsrc = randomSsrc();
  readonly audioSsrc = randomSsrc();
  private readonly socket = dgram.createSocket('udp4');
  private readonly ready: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private startedAt = 0;
  private videoTicks = 0;
  private audioTicks = 0;
  private frameIndex = 0;
  private audioIndex = 0;
  private wantKeyFrame = false;
  private videoSeq = Math.floor(Math.random() * 60000);
  private audioSeq = Math.floor(Math.random() * 60000);
  private pictureId = Math.floor(Math.random() * 30000);
  private lastReportAt = 0;
  private sentVideo = { packets: 0, bytes: 0 };
  private sentAudio = { packets: 0, bytes: 0 };

  constructor(
    private readonly clip: Clip,
    private readonly payloadTypes: { video: number; audio: number },
  ) {
    this.ready = new Promise((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    this.socket.on('message', (message) => this.onRtcp(message));
    this.socket.on('error', (error) => console.error('ClipSender socket error', error));
  }

  /** Its SSRCs, for the producers (lightPeer.ts). */
  streams(): LightPeerStreams {
    return { videoSsrc: this.videoSsrc, audioSsrc: this.audioSsrc };
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
    while (this.videoTicks < videoDue) this.sendVideoFrame(port, this.videoTicks++);
    while (this.audioTicks < audioDue) this.sendAudioPacket(port, this.audioTicks++);
    if (now - this.lastReportAt >= SENDER_REPORT_INTERVAL_MS) {
      this.lastReportAt = now;
      this.sendSenderReport(port, this.videoSsrc, Math.round((elapsed / 1000) * 90000), this.sentVideo);
      this.sendSenderReport(port, this.audioSsrc, Math.round((elapsed / 1000) * 48000), this.sentAudio);
    }
  }

  private sendVideoFrame(port: number, tick: number): void {
    if (this.wantKeyFrame) {
      this.frameIndex = 0;
      this.wantKeyFrame = false;
    }
    const frame = this.clip.video[this.frameIndex]!.data;
    this.frameIndex = (this.frameIndex + 1) % this.clip.video.length;
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    const timestamp = Math.round(tick * (90000 / CLIP.fps)) >>> 0;
    const count = Math.ceil(frame.length / MAX_PAYLOAD);
    for (let i = 0; i < count; i++) {
      // VP8 payload descriptor (RFC 7741): X, S on the first packet of the frame; a 15-bit picture id.
      const descriptor = Buffer.from([i === 0 ? 0x90 : 0x80, 0x80, 0x80 | (this.pictureId >> 8), this.pictureId & 0xff]);
      const header = rtpHeader(this.payloadTypes.video, i === count - 1, this.videoSeq++, timestamp, this.videoSsrc);
      const packet = Buffer.concat([header, descriptor, frame.subarray(i * MAX_PAYLOAD, (i + 1) * MAX_PAYLOAD)]);
      this.socket.send(packet, port, '127.0.0.1');
      this.sentVideo.packets++;
      this.sentVideo.bytes += packet.length;
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

  /** Key frame requests: PLI (PT 206, FMT 1) and FIR (PT 206, FMT 4), in compound RTCP. */
  private onRtcp(message: Buffer): void {
    for (let offset = 0; offset + 8 <= message.length;) {
      const fmt = message[offset]! & 0x1f;
      const pt = message[offset + 1]!;
      if (pt === 206 && (fmt === 1 || fmt === 4)) this.wantKeyFrame = true;
      offset += (message.readUInt16BE(offset + 2) + 1) * 4;
    }
  }
}
