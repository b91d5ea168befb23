import type { types } from 'mediasoup';

/** Opus for audio; VP8 (simulcast) first for video, H264 for browsers that lack VP8 hardware paths. */
export const mediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 1000 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 1000,
    },
  },
];

export const webRtcTransportOptions = {
  enableUdp: true,
  enableTcp: true,
  preferUdp: true,
  /** Start modestly: home connections are often weak and the bandwidth estimator ramps up. */
  initialAvailableOutgoingBitrate: 600_000,
} as const;

/**
 * The most a single sender may push to us: the venue's three simulcast layers (150 + 500 + 1,000 kbit/s,
 * client/src/call/produceOptions.ts) and its voice, with room for packet overhead; a home sends less.
 */
export const maxIncomingBitrate = 1_800_000;

export const activeSpeakerIntervalMs = 300;

/**
 * The worker's audio levels, for the loudest voices (voices.ts): a report every 100 ms (a voice that starts is
 * forwarded on the first report that names it, so at most about one interval of its first syllable is lost), of
 * every microphone whose average level over the interval is at least −50 dBov: quieter than speech near a tablet
 * (about −20 to −40 dBov after the browser's gain control), louder than a home's background after noise suppression.
 */
export const voiceLevels = { intervalMs: 100, thresholdDbov: -50, maxEntries: 64 } as const;
