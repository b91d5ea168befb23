import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { JitterBuffer } from '../../../server/src/phone/media/JitterBuffer';
import { audioLevelByte, audioLevelDbov } from '../../../server/src/phone/media/audioLevel';
import { decodeG711, encodeG711 } from '../../../server/src/phone/media/g711';
import { OpusDecoder8k, OpusEncoder8k } from '../../../server/src/phone/media/opus';
import { buildRtp, parseRtp } from '../../../server/src/phone/media/rtpPacket';
import { TelephoneEventReader } from '../../../server/src/phone/media/telephoneEvents';
import { rms, sineTone, toneShare } from '../../support/goertzel';

interface Codec {
  encode(pcm: Int16Array): Uint8Array;
  decode(packet: Uint8Array): Uint8Array;
  drop(): void;
}
/** libopus as a browser runs it (48 kHz stereo), from the same package as the bridge's. */
const opus = createRequire(import.meta.url)('@evan/opus/wasm/index.js') as {
  Encoder: new (options: { channels: 2; sample_rate: 48000; application: 'audio' }) => Codec;
  Decoder: new (options: { channels: 2; sample_rate: 48000 }) => Codec;
};

describe('RTP packets', () => {
  it('read back what was built, with the header extension skipped', () => {
    const payload = Buffer.from([1, 2, 3]);
    const packet = buildRtp({ payloadType: 100, marker: true, sequenceNumber: 65535, timestamp: 2 ** 32 - 1, ssrc: 42 }, payload, [
      { id: 1, data: Uint8Array.of(0x85) },
    ]);
    expect(parseRtp(packet)).toEqual({ payloadType: 100, marker: true, sequenceNumber: 65535, timestamp: 2 ** 32 - 1, ssrc: 42, payload });
  });

  it('refuse what is not a sane RTP packet instead of throwing', () => {
    const valid = buildRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 1, ssrc: 1 }, Buffer.alloc(160));
    const withExtensionLength = (words: number) => {
      const p = Buffer.concat([Buffer.from([0x90]), valid.subarray(1, 12), Buffer.from([0xbe, 0xde, words >> 8, words & 0xff])]);
      return p;
    };
    expect(parseRtp(valid)).not.toBeNull();
    expect(parseRtp(valid.subarray(0, 11))).toBeNull();
    expect(parseRtp(Buffer.concat([valid, Buffer.alloc(1500)]))).toBeNull();
    expect(parseRtp(Buffer.concat([Buffer.from([0x40]), valid.subarray(1)]))).toBeNull();
    expect(parseRtp(Buffer.from([0x80, 200, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(parseRtp(withExtensionLength(1000))).toBeNull();
    expect(parseRtp(Buffer.concat([Buffer.from([0xa0]), valid.subarray(1, 12), Buffer.from([0, 0, 200])]))).toBeNull();
    expect(parseRtp(Buffer.concat([Buffer.from([0x8f]), valid.subarray(1, 20)]))).toBeNull();
  });
});

describe('G.711', () => {
  it('carries a tone through μ-law and A-law with telephone quality (better than 30 dB signal to noise)', () => {
    const tone = sineTone(1000, 8000, 100, 8000);
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const back = decodeG711(codec, encodeG711(codec, tone));
      const error = tone.map((sample, i) => sample - back[i]!);
      expect(20 * Math.log10(rms(tone) / rms(error)), codec).toBeGreaterThan(30);
    }
    expect(encodeG711('PCMU', new Int16Array(1))[0]).toBe(0xff);
    expect(encodeG711('PCMA', new Int16Array(1))[0]).toBe(0xd5);
  });
});

describe('RFC 4733 telephone events', () => {
  it('give one digit per key press, whatever repeats, and nothing for events that are not keys', () => {
    const reader = new TelephoneEventReader();
    const event = (digit: number, end: boolean) => Buffer.from([digit, end ? 0x8a : 0x0a, 0, 160]);
    const digits = [
      reader.read(1000, event(5, false)),
      reader.read(1000, event(5, false)),
      reader.read(1000, event(5, true)),
      reader.read(1000, event(5, true)),
      reader.read(1800, event(11, true)),
      reader.read(2600, event(16, false)),
      reader.read(3400, Buffer.from([1])),
    ].filter((d) => d !== null);
    expect(digits).toEqual(['5', '#']);
  });
});

describe('the jitter buffer', () => {
  const frame = (value: number) => Buffer.from([value]);
  const decode = (packet: Buffer) => new Int16Array(4).fill(packet[0]!);
  const values = (samples: Int16Array | null) => (samples ? Array.from(samples) : null);

  it('waits for two packets, then plays them in sequence order', () => {
    const buffer = new JitterBuffer(decode, 4);
    buffer.push(11, frame(2));
    expect(buffer.read(4)).toBeNull();
    buffer.push(10, frame(1));
    buffer.push(12, frame(3));
    expect(values(buffer.read(4))).toEqual([1, 1, 1, 1]);
    expect(values(buffer.read(6))).toEqual([2, 2, 2, 2, 3, 3]);
  });

  it('conceals a lost packet with silence, drops a late one, and follows a sender that starts over', () => {
    const buffer = new JitterBuffer(decode, 4);
    buffer.push(65534, frame(1));
    buffer.push(0, frame(3));
    expect(values(buffer.read(12))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 3, 3, 3, 3]);
    buffer.push(65535, frame(9));
    buffer.push(30_000, frame(7));
    buffer.push(30_001, frame(8));
    expect(values(buffer.read(8))).toEqual([7, 7, 7, 7, 8, 8, 8, 8]);
  });

  it('catches up after a burst instead of staying behind', () => {
    const buffer = new JitterBuffer(decode, 4);
    for (let seq = 0; seq < 10; seq++) buffer.push(seq, frame(seq));
    const played = [1, 2, 3, 4, 5].map(() => buffer.read(4)![0]);
    expect(played).toEqual([1, 3, 5, 6, 7]);
  });
});

describe('the audio level (RFC 6464)', () => {
  it('is about 3 dBov for a full-scale sine, 127 for digital silence, with the voice bit only for speech levels', () => {
    expect(audioLevelDbov(sineTone(1000, 8000, 20, 32767))).toBe(3);
    expect(audioLevelDbov(new Int16Array(160))).toBe(127);
    expect(audioLevelByte(sineTone(1000, 8000, 20, 8000)) & 0x80).toBe(0x80);
    expect(audioLevelByte(sineTone(1000, 8000, 20, 10)) & 0x80).toBe(0);
  });
});

describe('Opus at the line rate (libopus resamples between 48 kHz and 8 kHz)', () => {
  /** What a browser sends: 48 kHz stereo Opus in 20 ms frames. */
  function browserOpus(frequency: number): Buffer[] {
    const encoder = new opus.Encoder({ channels: 2, sample_rate: 48000, application: 'audio' });
    const mono = sineTone(frequency, 48000, 1000, 8000);
    const packets: Buffer[] = [];
    for (let offset = 0; offset + 960 <= mono.length; offset += 960) {
      const stereo = new Int16Array(1920);
      for (let i = 0; i < 960; i++) stereo[2 * i] = stereo[2 * i + 1] = mono[offset + i]!;
      packets.push(Buffer.from(encoder.encode(stereo)));
    }
    encoder.drop();
    return packets;
  }

  function decodeTo8k(packets: Buffer[]): Int16Array {
    const decoder = new OpusDecoder8k();
    const chunks = packets.map((p) => decoder.decode(p)!);
    decoder.close();
    const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((offset, c) => (out.set(c, offset), offset + c.length), 0);
    return out.subarray(out.length / 2);
  }

  it('passes the telephone band and keeps what is above 4 kHz out instead of folding it back', () => {
    for (const frequency of [300, 1000, 3000]) {
      const heard = decodeTo8k(browserOpus(frequency));
      expect(toneShare(heard, 8000, frequency), `${frequency} Hz`).toBeGreaterThan(0.8);
      expect(rms(heard) / (8000 / Math.SQRT2), `${frequency} Hz gain`).toBeGreaterThan(0.7);
    }
    for (const frequency of [6000, 10_000]) {
      const heard = decodeTo8k(browserOpus(frequency));
      // 6 kHz would alias to 2 kHz and 10 kHz to 2 kHz at 8 kHz without a low-pass before decimation.
      expect(rms(heard), `${frequency} Hz`).toBeLessThan(8000 * 0.02);
    }
  });

  it('keeps every codec’s memory apart with many callers at once (200 decoders, 20 encoders)', () => {
    const encoders = Array.from({ length: 20 }, () => new OpusEncoder8k());
    const decoders = Array.from({ length: 200 }, () => new OpusDecoder8k());
    const tone = sineTone(1000, 8000, 400, 8000);
    const heard = decoders.map(() => [] as number[]);
    for (let offset = 0; offset + 160 <= tone.length; offset += 160) {
      const packets = encoders.map((encoder) => encoder.encode(tone.subarray(offset, offset + 160)));
      decoders.forEach((decoder, i) => heard[i]!.push(...decoder.decode(packets[i % packets.length]!)!));
    }
    for (const codec of [...encoders, ...decoders]) codec.close();
    expect(heard.every((samples) => toneShare(samples.slice(1600), 8000, 1000) > 0.8)).toBe(true);
  });

  it('gives a browser the caller’s tone at 48 kHz', () => {
    const encoder = new OpusEncoder8k();
    const decoder = new opus.Decoder({ channels: 2, sample_rate: 48000 });
    const tone = sineTone(1000, 8000, 1000, 8000);
    const left: number[] = [];
    for (let offset = 0; offset + 160 <= tone.length; offset += 160) {
      const pcm = decoder.decode(encoder.encode(tone.subarray(offset, offset + 160)));
      const stereo = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2);
      for (let i = 0; i < stereo.length; i += 2) left.push(stereo[i]!);
    }
    encoder.close();
    decoder.drop();
    expect(toneShare(left.slice(left.length / 2), 48000, 1000)).toBeGreaterThan(0.8);
  });
});
