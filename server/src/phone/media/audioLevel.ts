/**
 * The RFC 6464 audio level of a PCM frame: 0 (loudest, 0 dBov) to 127 (silence, −127 dBov), as mediasoup's
 * ActiveSpeakerObserver reads it from the `urn:ietf:params:rtp-hdrext:ssrc-audio-level` header extension.
 */
export function audioLevelDbov(samples: Int16Array): number {
  if (samples.length === 0) return 127;
  let sumOfSquares = 0;
  for (const sample of samples) sumOfSquares += sample * sample;
  const rms = Math.sqrt(sumOfSquares / samples.length) / 32768;
  if (rms <= 0) return 127;
  return Math.max(0, Math.min(127, Math.round(-20 * Math.log10(rms))));
}

/** Quieter than this (dBov) counts as no voice: line hiss and comfort noise sit far below speech (−20 to −40). */
const VOICE_THRESHOLD_DBOV = 55;

/** The extension's one byte: V (voice activity) and the level. */
export function audioLevelByte(samples: Int16Array): number {
  const level = audioLevelDbov(samples);
  return (level < VOICE_THRESHOLD_DBOV ? 0x80 : 0) | level;
}
