import fs from 'node:fs';
import path from 'node:path';
import { PROMPT_IDS, PROMPT_MAX_SECONDS, type PromptId } from './promptList';

/** The line's sample rate: prompts are stored and played at 8 kHz. */
export const PROMPT_SAMPLE_RATE = 8000;

/** Where the prompts are, from the working directory the server starts in (the repository or the deployed copy). */
export const DEFAULT_PROMPT_DIR = path.join('server', 'assets', 'prompts');

/** No prompt file is larger than this (12 s of 16-bit PCM at 8 kHz is 192 kB). */
const MAX_FILE_BYTES = 1024 * 1024;

const WAVE_PCM = 1;
const WAVE_MULAW = 7;

/** Every prompt as 8 kHz mono 16-bit samples, read once. */
export type PromptLibrary = ReadonlyMap<PromptId, Int16Array>;

/**
 * Reads every prompt of the list from `dir` into 8 kHz PCM: WAV files, mono, 8 kHz, 16-bit PCM or G.711 μ-law.
 * Throws at start, naming the file, when one is missing, in another format or longer than PROMPT_MAX_SECONDS.
 */
export function loadPrompts(dir: string = DEFAULT_PROMPT_DIR): PromptLibrary {
  const library = new Map<PromptId, Int16Array>();
  for (const id of PROMPT_IDS) {
    const file = path.join(dir, `${id}.wav`);
    if (!fs.existsSync(file)) throw new Error(`Telephone prompt missing: ${file} (scripts/make-prompts.sh makes placeholders)`);
    if (fs.statSync(file).size > MAX_FILE_BYTES) throw new Error(`Telephone prompt too large: ${file}`);
    const samples = decodeWav(fs.readFileSync(file), file);
    if (samples.length > PROMPT_MAX_SECONDS * PROMPT_SAMPLE_RATE)
      throw new Error(`Telephone prompt longer than ${PROMPT_MAX_SECONDS} s: ${file}`);
    library.set(id, samples);
  }
  return library;
}

/** A RIFF WAVE file's samples as 16-bit PCM; only 8 kHz mono, 16-bit PCM or μ-law. */
export function decodeWav(bytes: Buffer, name = 'the file'): Int16Array {
  const fail = (why: string) => new Error(`Telephone prompt ${name}: ${why} (expected WAV, 8 kHz mono, 16-bit PCM or μ-law)`);
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE')
    throw fail('not a WAV file');
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > bytes.length) throw fail(`chunk ${id} runs past the end`);
    if (id === 'fmt ') {
      if (size < 16) throw fail('short fmt chunk');
      format = {
        code: bytes.readUInt16LE(body),
        channels: bytes.readUInt16LE(body + 2),
        rate: bytes.readUInt32LE(body + 4),
        bits: bytes.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw fail('data before fmt');
      if (format.channels !== 1) throw fail(`${format.channels} channels`);
      if (format.rate !== PROMPT_SAMPLE_RATE) throw fail(`${format.rate} Hz`);
      const data = bytes.subarray(body, body + size);
      if (format.code === WAVE_PCM && format.bits === 16) return pcm16(data);
      if (format.code === WAVE_MULAW && format.bits === 8) return Int16Array.from(data, mulawToLinear);
      throw fail(`format ${format.code}, ${format.bits} bits`);
    }
    offset = body + size + (size % 2);
  }
  throw fail('no data chunk');
}

function pcm16(data: Buffer): Int16Array {
  const samples = new Int16Array(Math.floor(data.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
  return samples;
}

/** G.711 μ-law to 16-bit linear (ITU-T G.711). */
export function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << exponent;
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}
