import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMPT_IDS, PROMPT_MAX_SECONDS, PROMPTS, SPOKEN_PROMPT_IDS } from '../../../server/src/phone/promptList';
import { decodeWav, DEFAULT_PROMPT_DIR, loadPrompts, mulawToLinear, PROMPT_SAMPLE_RATE } from '../../../server/src/phone/prompts';

/** The telephone's prompts in server/assets/prompts, read the way the bridge reads them. */
describe('the prompt files', () => {
  const library = loadPrompts();

  it('has every prompt of the list, 8 kHz mono, with sound in it, each under the limit', () => {
    expect([...library.keys()].sort()).toEqual([...PROMPT_IDS].sort());
    for (const [id, samples] of library) {
      expect(samples.length, id).toBeGreaterThan(0.3 * PROMPT_SAMPLE_RATE);
      expect(samples.length, id).toBeLessThanOrEqual(PROMPT_MAX_SECONDS * PROMPT_SAMPLE_RATE);
      const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
      expect(peak, `${id} is silent`).toBeGreaterThan(4000);
    }
  });

  it('lists every file in the folder (no stray prompt nobody plays)', () => {
    const files = fs.readdirSync(DEFAULT_PROMPT_DIR).filter((f) => f.endsWith('.wav'));
    expect(files.map((f) => f.replace(/\.wav$/, '')).sort()).toEqual([...PROMPT_IDS].sort());
  });

  it('says every prompt in kana for the synthetic voice', () => {
    for (const id of SPOKEN_PROMPT_IDS) expect(PROMPTS[id].reading, id).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('decodeWav', () => {
  const wav = (code: number, channels: number, rate: number, bits: number, data: Buffer) => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(code, 20);
    header.writeUInt16LE(channels, 22);
    header.writeUInt32LE(rate, 24);
    header.writeUInt32LE((rate * channels * bits) / 8, 28);
    header.writeUInt16LE((channels * bits) / 8, 32);
    header.writeUInt16LE(bits, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(data.length, 40);
    return Buffer.concat([header, data]);
  };

  it('reads 16-bit PCM and μ-law (0xff is silence, 0x80 and 0x00 the loudest)', () => {
    const pcm = Buffer.alloc(4);
    pcm.writeInt16LE(1234, 0);
    pcm.writeInt16LE(-32768, 2);
    expect([...decodeWav(wav(1, 1, 8000, 16, pcm))]).toEqual([1234, -32768]);
    expect([...decodeWav(wav(7, 1, 8000, 8, Buffer.from([0xff, 0x80, 0x00])))]).toEqual([0, 32124, -32124]);
    expect(mulawToLinear(0x7f)).toBe(0);
  });

  it('refuses stereo, 16 kHz, 8-bit PCM and a file that is not WAV, naming what is wrong', () => {
    expect(() => decodeWav(wav(1, 2, 8000, 16, Buffer.alloc(8)))).toThrow(/2 channels/);
    expect(() => decodeWav(wav(1, 1, 16000, 16, Buffer.alloc(8)))).toThrow(/16000 Hz/);
    expect(() => decodeWav(wav(1, 1, 8000, 8, Buffer.alloc(8)))).toThrow(/format 1, 8 bits/);
    expect(() => decodeWav(Buffer.from('not a wave file'))).toThrow(/not a WAV file/);
  });

  it('refuses to start when a prompt is missing, naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-prompts-'));
    expect(() => loadPrompts(dir)).toThrow(/Telephone prompt missing: .*welcome\.wav/);
    fs.rmSync(dir, { recursive: true });
  });
});
