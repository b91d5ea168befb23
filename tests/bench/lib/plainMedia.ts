import { randomBytes } from 'node:crypto';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { mediaCodecs } from '../../../server/src/call/mediaConfig';
import { AUDIO_LEVEL_EXT_ID, randomSsrc } from './rtp';

/**
 * mediasoup objects for the SFU benchmarks: the product's router codecs (server/src/call/mediaConfig.ts),
 * senders on PlainTransports with comedia, receivers on PlainTransports that send SRTP to a local UDP port.
 */

export const VP8_PT = 96;
export const OPUS_PT = 111;

/** What browsers negotiate with mediasoup's DTLS (it prefers AEAD_AES_256_GCM, which Chromium offers). */
export const RECEIVER_SRTP_SUITE: types.SrtpCryptoSuite = 'AEAD_AES_256_GCM';

export async function createBenchWorker(): Promise<types.Worker> {
  // As WorkerPool does: one worker, log level warn.
  return mediasoup.createWorker({ logLevel: 'warn' });
}

export async function createBenchRouter(worker: types.Worker): Promise<types.Router> {
  return worker.createRouter({ mediaCodecs });
}

/** A sender's transport: the SFU learns our address from the first packet (comedia), RTCP on the same port. */
export async function createSenderTransport(router: types.Router): Promise<{ transport: types.PlainTransport; port: number }> {
  const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
  return { transport, port: transport.tuple.localPort };
}

const videoFeedback = [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }];

/** A VP8 producer: one SSRC per simulcast layer (lowest first), L1T3 when `temporalLayers` is 3. */
export async function produceVideo(
  transport: types.PlainTransport,
  ssrcs: number[],
  temporalLayers: 1 | 3,
  appData: types.AppData = {},
): Promise<types.Producer> {
  return transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000, rtcpFeedback: videoFeedback }],
      encodings: ssrcs.map((ssrc) => ({ ssrc, ...(temporalLayers === 3 ? { scalabilityMode: 'L1T3' } : {}) })),
      rtcp: { cname: `bench-${ssrcs[0]}`, reducedSize: true },
    },
    appData,
  });
}

/** An Opus producer; with `audioLevel` it declares the ssrc-audio-level extension the sender adds. */
export async function produceAudio(
  transport: types.PlainTransport,
  ssrc: number,
  audioLevel: boolean,
  appData: types.AppData = {},
): Promise<types.Producer> {
  return transport.produce({
    kind: 'audio',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }],
      headerExtensions: audioLevel ? [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: AUDIO_LEVEL_EXT_ID }] : [],
      encodings: [{ ssrc }],
      rtcp: { cname: `bench-${ssrc}`, reducedSize: true },
    },
    appData,
  });
}

/**
 * A receiver's transport: the SFU sends RTP (encrypted with SRTP, as WebRTC would be) to 127.0.0.1:`port`,
 * where an RtpReceiver counts it by SSRC without decrypting (the RTP header is in the clear).
 */
export async function createReceiverTransport(router: types.Router, port: number): Promise<types.PlainTransport> {
  const transport = await router.createPlainTransport({
    listenIp: '127.0.0.1',
    rtcpMux: true,
    comedia: false,
    enableSrtp: true,
    srtpCryptoSuite: RECEIVER_SRTP_SUITE,
  });
  // Our (never used) key for what we would send back: 32-byte key + 12-byte salt.
  await transport.connect({
    ip: '127.0.0.1',
    port,
    srtpParameters: { cryptoSuite: RECEIVER_SRTP_SUITE, keyBase64: randomBytes(44).toString('base64') },
  });
  return transport;
}

/**
 * The router's capabilities without congestion control (no transport-cc, no REMB): a receiver that sends no
 * bandwidth feedback. Otherwise mediasoup would run its estimator from the initial 600 kbps and, with no feedback
 * from a PlainTransport ever coming, keep simulcast consumers at the layers that fit 600 kbps in total.
 */
export function capabilitiesWithoutBwe(router: types.Router): types.RtpCapabilities {
  const caps = router.rtpCapabilities;
  return {
    codecs: caps.codecs?.map((codec) => ({
      ...codec,
      rtcpFeedback: codec.rtcpFeedback?.filter((fb) => fb.type !== 'transport-cc' && fb.type !== 'goog-remb'),
    })),
    headerExtensions: caps.headerExtensions?.filter((ext) => !ext.uri.includes('transport-wide-cc') && !ext.uri.includes('abs-send-time')),
  };
}

/**
 * Consumes `producer` on `transport`, by default with the router's full capabilities (what a browser offers,
 * transport-cc included); `rtpCapabilities` from capabilitiesWithoutBwe() to get exactly the preferred layers.
 */
export async function consume(
  router: types.Router,
  transport: types.PlainTransport,
  producer: types.Producer,
  preferredSpatialLayer?: number,
  rtpCapabilities: types.RtpCapabilities = router.rtpCapabilities,
): Promise<{ consumer: types.Consumer; ssrc: number }> {
  const consumer = await transport.consume({
    producerId: producer.id,
    rtpCapabilities,
    paused: false,
    ...(preferredSpatialLayer === undefined ? {} : { preferredLayers: { spatialLayer: preferredSpatialLayer } }),
  });
  const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
  if (ssrc === undefined) throw new Error('consumer without SSRC');
  return { consumer, ssrc };
}

export { randomSsrc };
