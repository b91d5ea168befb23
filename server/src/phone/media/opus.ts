import { createRequire } from 'node:module';

/**
 * Opus for the room side, at the line's own rate: libopus (npm @evan/opus, its WebAssembly build, so the same
 * code runs everywhere with nothing to compile or download at install) takes and gives 8 kHz PCM itself, with its
 * own band-limiting resampler, so the bridge needs no resampler of its own. RTP timestamps stay in Opus's 48 kHz
 * clock (RFC 7587).
 */
export const LINE_RATE = 8000;
export const OPUS_CLOCK_RATE = 48000;
/** 20 ms at the line's rate. */
export const FRAME_SAMPLES = 160;
const OPUS_SET_BITRATE_REQUEST = 4002;
const OPUS_SET_COMPLEXITY_REQUEST = 4010;
/** Narrowband voice needs little; 24 kbit/s is clean and cheap. */
const BITRATE = 24_000;
/** 5 of 10: half the CPU of the default, and no audible difference for telephone-band speech. */
const COMPLEXITY = 5;
/** The largest packet the bridge hands libopus (the decoder's input buffer is 8 KB). */
const MAX_PACKET_BYTES = 1500;

interface WasmEncoder {
  ctl(command: number, value: number): number;
  encode(pcm: ArrayBufferView): Uint8Array;
  drop(): void;
}
interface WasmDecoder {
  decode(packet: ArrayBufferView): Uint8Array;
  drop(): void;
}
interface WasmOpus {
  Encoder: new (options: { channels: 1 | 2; sample_rate: number; application: 'voip' | 'audio' }) => WasmEncoder;
  Decoder: new (options: { channels: 1 | 2; sample_rate: number }) => WasmDecoder;
}

// The WebAssembly build on purpose, not the package's default (a prebuilt native addon, tried first): one behaviour
// on every machine. @evan/opus has no types for this path; WasmOpus above is what wasm/index.js exports.
const require = createRequire(import.meta.url);
const opus = require('@evan/opus/wasm/index.js') as WasmOpus;

export class OpusEncoder8k {
  private readonly encoder = new opus.Encoder({ channels: 1, sample_rate: LINE_RATE, application: 'voip' });

  constructor() {
    this.encoder.ctl(OPUS_SET_BITRATE_REQUEST, BITRATE);
    this.encoder.ctl(OPUS_SET_COMPLEXITY_REQUEST, COMPLEXITY);
  }

  /** One 20 ms frame (160 samples) → one Opus packet. */
  encode(frame: Int16Array): Buffer {
    const packet = this.encoder.encode(frame);
    return Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  }

  close(): void {
    this.encoder.drop();
  }
}

export class OpusDecoder8k {
  private readonly decoder = new opus.Decoder({ channels: 1, sample_rate: LINE_RATE });

  /** One Opus packet (mono or stereo, any frame size) → 8 kHz mono PCM; null for a packet libopus refuses. */
  decode(packet: Buffer): Int16Array | null {
    if (packet.length === 0 || packet.length > MAX_PACKET_BYTES) return null;
    let pcm: Uint8Array;
    try {
      pcm = this.decoder.decode(packet);
    } catch {
      // A corrupt packet (libopus says so by throwing here): that stream loses 20 ms, as if the packet were lost.
      return null;
    }
    if (pcm.length === 0) return null;
    // decode() returns a copy (slice) of its scratch memory, so this view is ours to keep.
    return new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2);
  }

  close(): void {
    this.decoder.drop();
  }
}
