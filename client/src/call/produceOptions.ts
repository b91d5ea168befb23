import type { Device } from 'mediasoup-client';
import type { ProducerOptions, RtpEncodingParameters } from 'mediasoup-client/types';
import type { VideoProfile } from './media';
import type { LocalSource } from './types';

/** What each producer carries to the server in `call:produce`. */
export interface ProducerAppData {
  [key: string]: unknown;
  source: LocalSource;
  paused: boolean;
}

/**
 * Three simulcast layers: quarter, half and full resolution, each at 30 fps (a receiver that shows a
 * small tile asks for 15 fps; see temporalLayerFor). What a home receives must fit 2.5 Mbit/s
 * (issue #6, tests/bench/call-shape.ts): the venue's 720p top layer is every home's spotlight, and
 * 1 Mbit/s keeps the leader's movements smooth on a tablet or TV; a home's lowest layer (160×90) is
 * only ever a small tile, where 64 kbit/s (about 40 at 15 fps) is already sharp.
 */
export function simulcastEncodings(profile: VideoProfile): RtpEncodingParameters[] {
  const bitrates = profile === 'venue' ? [150_000, 500_000, 1_000_000] : [64_000, 300_000, 900_000];
  return [
    { scaleResolutionDownBy: 4, maxBitrate: bitrates[0]!, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 2, maxBitrate: bitrates[1]!, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 1, maxBitrate: bitrates[2]!, scalabilityMode: 'L1T3' },
  ];
}

/**
 * Voice: mono Opus at up to 32 kbit/s (full-band speech, clear for ears that hear less well), in-band
 * FEC for lossy home lines, and DTX so that a silent microphone costs each listener almost nothing.
 */
export const MIC_CODEC_OPTIONS = { opusStereo: false, opusDtx: true, opusFec: true, opusMaxAverageBitrate: 32_000 } as const;

export function micProducerOptions(track: MediaStreamTrack, paused: boolean): ProducerOptions<ProducerAppData> {
  return {
    track,
    stopTracks: false, // our tracks outlive producers (rejoin re-produces the same track)
    disableTrackOnPause: true,
    codecOptions: { ...MIC_CODEC_OPTIONS },
    appData: { source: 'mic', paused },
  };
}

/**
 * The same layers with all but the smallest inactive: the browser encodes only that one until
 * `producer.setMaxSpatialLayer` turns the others on (while joining, see LocalProducers.holdCameraLayers).
 */
export function onlyLowestLayer(encodings: RtpEncodingParameters[]): RtpEncodingParameters[] {
  return encodings.map((encoding, index) => (index === 0 ? encoding : { ...encoding, active: false }));
}

/**
 * VP8 with three simulcast layers (`lowestLayerOnly`: only the smallest encoded until the others are turned on). H264 (or whatever the browser offers first) only when the
 * device cannot send VP8.
 */
export function cameraProducerOptions(
  device: Device,
  track: MediaStreamTrack,
  profile: VideoProfile,
  paused: boolean,
  lowestLayerOnly = false,
): ProducerOptions<ProducerAppData> {
  const vp8 = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
  return {
    track,
    stopTracks: false,
    disableTrackOnPause: true,
    encodings: lowestLayerOnly ? onlyLowestLayer(simulcastEncodings(profile)) : simulcastEncodings(profile),
    codecOptions: { videoGoogleStartBitrate: 1000 },
    ...(vp8 ? { codec: vp8 } : {}),
    appData: { source: 'camera', paused },
  };
}
