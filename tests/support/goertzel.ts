/**
 * Tone detection for audio tests (the phone bridge's, and the end-to-end test with baresip and Chromium):
 * the Goertzel filter measures one frequency's power in a block of PCM.
 */

/** |X(f)|² of the block at `frequency`, by the Goertzel recurrence. */
export function goertzelPower(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < samples.length; i++) {
    const current = samples[i]! + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

/**
 * The share of the block's energy that is at `frequency`: about 1 for a pure tone at that frequency, about 0 for
 * silence, noise or another tone. Use blocks of a few hundred milliseconds.
 */
export function toneShare(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  let energy = 0;
  for (let i = 0; i < samples.length; i++) energy += samples[i]! * samples[i]!;
  if (energy === 0) return 0;
  return goertzelPower(samples, sampleRate, frequency) / ((samples.length / 2) * energy);
}

/** Root mean square level of the block, in sample units. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let energy = 0;
  for (let i = 0; i < samples.length; i++) energy += samples[i]! * samples[i]!;
  return Math.sqrt(energy / samples.length);
}

/** A sine tone as 16-bit PCM. */
export function sineTone(frequency: number, sampleRate: number, durationMs: number, amplitude = 8000): Int16Array {
  const count = Math.round((sampleRate * durationMs) / 1000);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  return samples;
}

/**
 * The median of `toneShare` over blocks of `blockMs`: a long recording of a call through a jitter buffer has gaps and
 * phase jumps (concealed losses on a busy machine) that lower one long block's share, not most short blocks'.
 */
export function medianToneShare(samples: Int16Array, sampleRate: number, frequency: number, blockMs = 250): number {
  const size = Math.round((sampleRate * blockMs) / 1000);
  const shares: number[] = [];
  for (let i = 0; i + size <= samples.length; i += size) shares.push(toneShare(samples.subarray(i, i + size), sampleRate, frequency));
  if (shares.length === 0) return 0;
  shares.sort((a, b) => a - b);
  return shares[Math.floor(shares.length / 2)]!;
}
