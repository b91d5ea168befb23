import { isNewerSequence } from './rtpPacket';

/** Start playing a stream once this many packets wait (40 ms at 20 ms packets): enough for loopback and a LAN. */
const START_DEPTH = 2;
/** More than this waiting (about 200 ms) and the oldest are dropped: the phone should not fall behind the room. */
const MAX_DEPTH = 10;
/** Playing with more than this waiting (100 ms): one packet is skipped per read until it is back (after a stall or a burst). */
const CATCH_UP_DEPTH = 5;
/** A sequence number this far ahead of the next one expected means a new stream, not a gap to conceal. */
const RESTART_GAP = 50;

/**
 * A small jitter buffer for one incoming Opus stream (one SSRC): packets are put back in sequence order,
 * decoded in order, and read out as PCM in whatever chunk size the line's clock asks for. A missing packet
 * becomes 20 ms of silence once later ones are waiting; a stream that runs dry (a paused producer, DTX) waits
 * for START_DEPTH packets again before it plays. After a burst it catches up by skipping packets, so that the
 * caller does not stay behind the room.
 */
export class JitterBuffer {
  private readonly packets = new Map<number, Buffer>();
  private nextSequence: number | null = null;
  private playing = false;
  /** Nothing taken out yet: an earlier packet arriving second still starts the stream. */
  private fresh = true;
  private pcm = new Int16Array(0);

  constructor(
    private readonly decode: (packet: Buffer) => Int16Array | null,
    private readonly concealSamples: number,
  ) {}

  push(sequenceNumber: number, payload: Buffer): void {
    if (this.nextSequence !== null && ((sequenceNumber - this.nextSequence) & 0xffff) > RESTART_GAP) {
      // Late (already played or skipped): dropped. Far ahead: the sender restarted its sequence; follow it.
      const behind = (this.nextSequence - sequenceNumber) & 0xffff;
      if (this.fresh && behind <= MAX_DEPTH) this.nextSequence = sequenceNumber;
      else if (!isNewerSequence(sequenceNumber, this.nextSequence)) return;
      else {
        this.packets.clear();
        this.nextSequence = null;
        this.fresh = true;
      }
    }
    this.packets.set(sequenceNumber, payload);
    if (this.nextSequence === null) this.nextSequence = sequenceNumber;
    while (this.packets.size > MAX_DEPTH) this.dropOldest();
  }

  /** `count` samples of PCM, or null while this stream has nothing to play. */
  read(count: number): Int16Array | null {
    if (!this.playing) {
      if (this.packets.size < START_DEPTH) return null;
      this.playing = true;
    }
    if (this.packets.size > CATCH_UP_DEPTH) this.dropOldest();
    while (this.pcm.length < count) {
      if (this.packets.size === 0) {
        this.playing = false;
        const rest = this.pcm;
        this.pcm = new Int16Array(0);
        if (rest.length === 0) return null;
        const padded = new Int16Array(count);
        padded.set(rest);
        return padded;
      }
      this.append(this.takeNext());
    }
    const out = this.pcm.slice(0, count);
    this.pcm = this.pcm.subarray(count);
    return out;
  }

  private takeNext(): Int16Array {
    const sequence = this.nextSequence!;
    this.fresh = false;
    this.nextSequence = (sequence + 1) & 0xffff;
    const payload = this.packets.get(sequence);
    if (!payload) return new Int16Array(this.concealSamples);
    this.packets.delete(sequence);
    return this.decode(payload) ?? new Int16Array(this.concealSamples);
  }

  private dropOldest(): void {
    this.packets.delete(this.nextSequence!);
    this.nextSequence = (this.nextSequence! + 1) & 0xffff;
  }

  private append(samples: Int16Array): void {
    const joined = new Int16Array(this.pcm.length + samples.length);
    joined.set(this.pcm);
    joined.set(samples, this.pcm.length);
    this.pcm = joined;
  }
}
