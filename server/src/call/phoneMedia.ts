import type { types } from 'mediasoup';

/** The telephone bridge's end of a phone peer's PlainTransport, and the Opus stream it sends there. */
export interface PhoneBridgeEndpoint {
  /** The bridge's UDP port on 127.0.0.1: the room sends the phone's consumers there, and the bridge sends from it. */
  port: number;
  ssrc: number;
  payloadType: number;
  /** The one-byte header extension id the bridge writes the RFC 6464 audio level with. */
  audioLevelExtensionId: number;
}

export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** The caller's voice as the bridge sends it: Opus (the room's only audio codec), with the audio level. */
export function phoneProducerParameters(bridge: PhoneBridgeEndpoint): types.RtpParameters {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: bridge.payloadType, clockRate: 48000, channels: 2, parameters: { useinbandfec: 0 } }],
    headerExtensions: [{ uri: AUDIO_LEVEL_URI, id: bridge.audioLevelExtensionId }],
    encodings: [{ ssrc: bridge.ssrc }],
    rtcp: { cname: `phone-${bridge.ssrc}`, reducedSize: true },
  };
}

/** What the bridge can receive: the router's Opus, no header extensions (it decodes and mixes, nothing more). */
export function phoneConsumerCapabilities(router: types.RtpCapabilities): types.RtpCapabilities {
  return { codecs: (router.codecs ?? []).filter((codec) => codec.mimeType.toLowerCase() === 'audio/opus'), headerExtensions: [] };
}
