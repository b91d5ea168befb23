import OpusScript from 'opusscript';

/**
 * Opus for the room side, at the line's own rate: libopus (npm opusscript, compiled to WebAssembly, so nothing
 * to build or download at install) takes and gives 8 kHz PCM itself, with its own band-limiting resampler, so
 * the bridge needs no resampler of its own. RTP timestamps stay in Opus's 48 kHz clock (RFC 7587).
 */
export const LINE_RATE = 8000;
export const OPUS_CLOCK_RATE = 48000;
/** 20 ms at the line's rate. */
export const FRAME_SAMPLES = 160;
const OPUS_SET_BITRATE_REQUEST = 4002;
const OPUS_SET_COMPLEXITY_REQUEST = 4010;
/** Narrowband voice needs little; 24 kbit/s is clean and cheap. */
const BITRATE = 24_000;
/** 5 of 10: a quarter of the CPU of the default, and no audible difference for telephone-band speech. */
const COMPLEXITY = 5;
/** The largest frame libopus can hand back: 120 ms at 8 kHz. */
const MAX_DECODED_SAMPLES = 960;

function toBuffer(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

function toSamples(pcm: Buffer): Int16Array {
  // Copy: opusscript hands back a view into its WebAssembly memory, which the next call overwrites.
  const samples = new Int16Array(pcm.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  return samples;
}

export class OpusEncoder8k {
  private readonly encoder = new OpusScript(LINE_RATE, 1, OpusScript.Application.VOIP);

  constructor() {
    this.encoder.encoderCTL(OPUS_SET_BITRATE_REQUEST, BITRATE);
    this.encoder.encoderCTL(OPUS_SET_COMPLEXITY_REQUEST, COMPLEXITY);
  }

  /** One 20 ms frame (160 samples) → one Opus packet. */
  encode(frame: Int16Array): Buffer {
    return Buffer.from(this.encoder.encode(toBuffer(frame), frame.length));
  }

  close(): void {
    this.encoder.delete();
  }
}

export class OpusDecoder8k {
  private readonly decoder = new OpusScript(LINE_RATE, 1);

  /** One Opus packet (mono or stereo, any frame size) → 8 kHz mono PCM; null for a packet libopus refuses. */
  decode(packet: Buffer): Int16Array | null {
    try {
      const pcm = this.decoder.decode(packet);
      if (pcm.length === 0 || pcm.length / 2 > MAX_DECODED_SAMPLES) return null;
      return toSamples(pcm);
    } catch {
      return null;
    }
  }

  close(): void {
    this.decoder.delete();
  }
}
