import { z } from 'zod';
import { CheckinOffer } from '../checkins/offer';
import { SessionStatus } from '../common';
import { LiveState } from '../program/live';
import { MAX_VISIBLE_VIDEOS } from './limits';

/** Loose objects in the server's answers (ICE parameters and candidates, DTLS parameters), read by mediasoup-client. */
const looseObject = z.looseObject({});

/**
 * mediasoup's own parameter objects as a device sends them (RTP capabilities, RTP and DTLS parameters), with the
 * fields mediasoup 3.12 knows (others are dropped: mediasoup would ignore them) and bounds well above what browsers
 * send (Chromium: 5 codecs, 8 header extensions, 3 simulcast encodings; a call:ready is about 2 KB). mediasoup
 * validates them in depth and throws on bad input (answered MEDIA_ERROR).
 */
const MAX_CODECS = 32;
const MAX_HEADER_EXTENSIONS = 32;
const MAX_ENCODINGS = 8;
const MAX_RTCP_FEEDBACK = 16;
const MAX_CODEC_PARAMETERS = 16;

const Int = z.number().int();
const PayloadType = Int.min(0).max(127);
const Ssrc = Int.min(0).max(0xffffffff);
const ExtensionId = Int.min(1).max(255);
/**
 * A codec's or header extension's `a=fmtp`-like parameters: a few flat keys, each a string or a number (typed
 * `unknown` as mediasoup-client types them).
 */
const CodecParameters = z
  .record(z.string().max(64), z.unknown())
  .refine((parameters) => Object.keys(parameters).length <= MAX_CODEC_PARAMETERS, `at most ${MAX_CODEC_PARAMETERS} parameters`)
  .refine((parameters) => Object.values(parameters).every(isParameterValue), 'parameters are strings (at most 256 characters) or numbers');

function isParameterValue(value: unknown): boolean {
  return (typeof value === 'string' && value.length <= 256) || (typeof value === 'number' && Number.isFinite(value));
}
const RtcpFeedback = z.object({ type: z.string().max(32), parameter: z.string().max(32).optional() });
const RtcpFeedbackList = z.array(RtcpFeedback).max(MAX_RTCP_FEEDBACK);
const MimeType = z.string().min(1).max(64);

const RtpCodecCapability = z.object({
  kind: z.enum(['audio', 'video']),
  mimeType: MimeType,
  preferredPayloadType: PayloadType.optional(),
  clockRate: Int.min(1).max(1_000_000),
  channels: Int.min(1).max(16).optional(),
  parameters: CodecParameters.optional(),
  rtcpFeedback: RtcpFeedbackList.optional(),
});
const RtpHeaderExtension = z.object({
  kind: z.enum(['audio', 'video']),
  uri: z.string().min(1).max(256),
  preferredId: ExtensionId,
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});
export const RtpCapabilities = z.object({
  codecs: z.array(RtpCodecCapability).max(MAX_CODECS).optional(),
  headerExtensions: z.array(RtpHeaderExtension).max(MAX_HEADER_EXTENSIONS).optional(),
});

const RtpCodecParameters = z.object({
  mimeType: MimeType,
  payloadType: PayloadType,
  clockRate: Int.min(1).max(1_000_000),
  channels: Int.min(1).max(16).optional(),
  parameters: CodecParameters.optional(),
  rtcpFeedback: RtcpFeedbackList.optional(),
});
const RtpHeaderExtensionParameters = z.object({
  uri: z.string().min(1).max(256),
  id: ExtensionId,
  encrypt: z.boolean().optional(),
  parameters: CodecParameters.optional(),
});
const RtpEncodingParameters = z.object({
  ssrc: Ssrc.optional(),
  rid: z.string().max(32).optional(),
  codecPayloadType: PayloadType.optional(),
  rtx: z.object({ ssrc: Ssrc }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(16).optional(),
  scaleResolutionDownBy: z.number().min(1).max(1024).optional(),
  maxBitrate: z.number().min(0).max(1e10).optional(),
});
export const RtpParameters = z.object({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodecParameters).min(1).max(MAX_CODECS),
  headerExtensions: z.array(RtpHeaderExtensionParameters).max(MAX_HEADER_EXTENSIONS).optional(),
  encodings: z.array(RtpEncodingParameters).max(MAX_ENCODINGS).optional(),
  rtcp: z.object({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional(), mux: z.boolean().optional() }).optional(),
});
export const DtlsParameters = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().min(1).max(16), value: z.string().min(1).max(256) }))
    .min(1)
    .max(8),
});

export const Id = z.string().min(1).max(100);
export const PeerRole = z.enum(['venue', 'home']);
export type PeerRole = z.infer<typeof PeerRole>;
export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;
export const MediaSource = z.enum(['mic', 'camera']);
export type MediaSource = z.infer<typeof MediaSource>;
export const TransportDirection = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirection>;

export const PeerInfo = z.object({
  id: Id,
  displayName: z.string(),
  role: PeerRole,
  audioMuted: z.boolean(),
  videoMuted: z.boolean(),
  /** A telephone caller (through the bridge): shown with ☎, never with video. Absent for a device. */
  phone: z.literal(true).optional(),
});
export type PeerInfo = z.infer<typeof PeerInfo>;

export const SessionSummary = z.object({
  id: Id,
  title: z.string(),
  venueName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: SessionStatus,
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** A home participant joins with their personal invite token; the venue tablet with its session id. */
export const JoinCredentials = z.discriminatedUnion('role', [
  z.object({ role: z.literal('home'), token: z.string().min(16).max(200) }),
  z.object({ role: z.literal('venue'), sessionId: Id }),
]);
export type JoinCredentials = z.infer<typeof JoinCredentials>;

export const JoinRequest = z.object({
  credentials: JoinCredentials,
  /** Random id kept by one browser tab, so that a rejoin from the same tab replaces its old peer. */
  clientId: z.string().min(8).max(100),
  /** The transports in the answer use TCP only (the device's fallback after UDP failed). */
  forceTcp: z.boolean().optional(),
});
/**
 * Asked from the lobby, before 参加する: the same credentials as the join, answered with the room's router
 * capabilities so that the page loads its mediasoup Device while the person is still looking at the greeting.
 */
export const PrepareRequest = z.object({ credentials: JoinCredentials });
export const PrepareResponse = z.object({ routerRtpCapabilities: RtpCapabilities });

export const TransportOptions = z.object({
  id: Id,
  iceParameters: looseObject,
  iceCandidates: z.array(looseObject),
  dtlsParameters: looseObject,
});
export type TransportOptions = z.infer<typeof TransportOptions>;

/**
 * The answer to 参加する carries everything the device needs to receive and send: the router's capabilities, both
 * WebRTC transports (made by the server at the join, so no request is spent creating them) and who is here. The
 * device's next requests are `call:ready` and, with its first consumer, the receive transport's DTLS connect.
 */
export const JoinResponse = z.object({
  self: PeerInfo,
  session: SessionSummary,
  routerRtpCapabilities: RtpCapabilities,
  transports: z.object({ send: TransportOptions, recv: TransportOptions }),
  peers: z.array(PeerInfo),
  /** The check-in to offer this home participant; null for the venue tablet. */
  checkin: CheckinOffer.nullable(),
  /** The program as it is now: segment, layout, video position, question, small group. */
  live: LiveState,
});
export type JoinResponse = z.infer<typeof JoinResponse>;

export const CreateTransportRequest = z.object({
  direction: TransportDirection,
  forceTcp: z.boolean().optional(),
});
export const ConnectTransportRequest = z.object({ transportId: Id, dtlsParameters: DtlsParameters });
export const RestartIceRequest = z.object({ transportId: Id });
export const RestartIceResponse = z.object({ iceParameters: looseObject });

export const ReadyRequest = z.object({ rtpCapabilities: RtpCapabilities });

/** The microphone sends audio and the camera video; one producer per source (a new one replaces the old). */
export const ProduceRequest = z
  .object({
    transportId: Id,
    kind: MediaKind,
    rtpParameters: RtpParameters,
    source: MediaSource,
    paused: z.boolean().optional(),
  })
  .refine((r) => (r.source === 'mic') === (r.kind === 'audio'), {
    path: ['source'],
    message: 'the microphone sends audio, the camera video',
  });
export const ProduceResponse = z.object({ producerId: Id });

export const ProducerRequest = z.object({ producerId: Id });
export const ConsumerRequest = z.object({ consumerId: Id });
export const PreferredLayersRequest = z.object({
  consumerId: Id,
  spatialLayer: z.number().int().min(0).max(2),
  temporalLayer: z.number().int().min(0).max(2).optional(),
});

/**
 * The peers whose video this device shows now; the server pauses the others' video (audio is not
 * affected). null: every video (as before the device first says).
 */
export const SetVisibleVideosRequest = z.object({ peerIds: z.array(Id).max(MAX_VISIBLE_VIDEOS).nullable() });

export const Empty = z.object({});

export const NewConsumer = z.object({
  consumerId: Id,
  producerId: Id,
  peerId: Id,
  kind: MediaKind,
  source: MediaSource,
  rtpParameters: RtpParameters,
  producerPaused: z.boolean(),
});
export type NewConsumer = z.infer<typeof NewConsumer>;

export const ConsumerRef = z.object({ consumerId: Id });
export const PeerRef = z.object({ peerId: Id });
export const ActiveSpeaker = z.object({ peerId: Id.nullable() });
export const ConsumerLayers = z.object({ consumerId: Id, spatialLayer: z.number().int().nullable() });
/**
 * 'media-server-restarted': the server lost this peer's room; join again from scratch.
 * 'replaced': this tab's clientId joined on another connection; do not rejoin from here.
 */
/** `node-moved`: multi-node, the session moves to another node (drain); the device joins again and is sent there. */
export const RejoinNotice = z.object({ reason: z.enum(['media-server-restarted', 'replaced', 'node-moved']) });
export const SessionEndedNotice = z.object({ sessionId: Id });
/**
 * This device may no longer be in the call: its invite link was stopped or replaced (`invite-revoked`), the
 * venue tablet's sign-in ended (`signed-out`: signed out, password changed, account stopped) or no longer
 * covers this venue (`venue-access-removed`). The device has left the call and must not rejoin by itself.
 */
export const AccessRevokedReason = z.enum(['invite-revoked', 'signed-out', 'venue-access-removed']);
export type AccessRevokedReason = z.infer<typeof AccessRevokedReason>;
export const AccessRevokedNotice = z.object({ reason: AccessRevokedReason });
