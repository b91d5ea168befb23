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

/** Three simulcast layers: quarter, half and full resolution. */
export function simulcastEncodings(profile: VideoProfile): RtpEncodingParameters[] {
  const bitrates = profile === 'venue' ? [150_000, 500_000, 1_500_000] : [100_000, 300_000, 900_000];
  return [
    { scaleResolutionDownBy: 4, maxBitrate: bitrates[0]!, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 2, maxBitrate: bitrates[1]!, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 1, maxBitrate: bitrates[2]!, scalabilityMode: 'L1T3' },
  ];
}

export function micProducerOptions(track: MediaStreamTrack, paused: boolean): ProducerOptions<ProducerAppData> {
  return {
    track,
    stopTracks: false, // our tracks outlive producers (rejoin re-produces the same track)
    disableTrackOnPause: true,
    codecOptions: { opusStereo: false, opusDtx: true, opusFec: true },
    appData: { source: 'mic', paused },
  };
}

/**
 * VP8 with three simulcast layers. H264 (or whatever the browser offers first) only when the
 * device cannot send VP8.
 */
export function cameraProducerOptions(
  device: Device,
  track: MediaStreamTrack,
  profile: VideoProfile,
  paused: boolean,
): ProducerOptions<ProducerAppData> {
  const vp8 = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
  return {
    track,
    stopTracks: false,
    disableTrackOnPause: true,
    encodings: simulcastEncodings(profile),
    codecOptions: { videoGoogleStartBitrate: 1000 },
    ...(vp8 ? { codec: vp8 } : {}),
    appData: { source: 'camera', paused },
  };
}
