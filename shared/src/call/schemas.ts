import { z } from 'zod';
import { CheckinOffer } from '../checkins/offer';
import { LiveState } from '../program/live';
import { MAX_VISIBLE_VIDEOS } from './limits';

/**
 * mediasoup's own parameter objects (RTP capabilities, RTP/DTLS parameters) are checked
 * for their shape here and validated in depth by mediasoup itself, which throws on bad input.
 */
const looseObject = z.looseObject({});

export const RtpCapabilities = z.looseObject({
  codecs: z.array(looseObject).optional(),
  headerExtensions: z.array(looseObject).optional(),
});
export const RtpParameters = z.looseObject({
  mid: z.string().optional(),
  codecs: z.array(looseObject).min(1),
  headerExtensions: z.array(looseObject).optional(),
  encodings: z.array(looseObject).optional(),
  rtcp: looseObject.optional(),
});
export const DtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.object({ algorithm: z.string(), value: z.string() })).min(1),
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
});
export type PeerInfo = z.infer<typeof PeerInfo>;

export const SessionSummary = z.object({
  id: Id,
  title: z.string(),
  venueName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['planned', 'live', 'ended']),
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
});
export const JoinResponse = z.object({
  self: PeerInfo,
  session: SessionSummary,
  routerRtpCapabilities: RtpCapabilities,
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
export const TransportOptions = z.object({
  id: Id,
  iceParameters: looseObject,
  iceCandidates: z.array(looseObject),
  dtlsParameters: looseObject,
});
export type TransportOptions = z.infer<typeof TransportOptions>;

export const ConnectTransportRequest = z.object({ transportId: Id, dtlsParameters: DtlsParameters });
export const RestartIceRequest = z.object({ transportId: Id });
export const RestartIceResponse = z.object({ iceParameters: looseObject });

export const ReadyRequest = z.object({ rtpCapabilities: RtpCapabilities });

export const ProduceRequest = z.object({
  transportId: Id,
  kind: MediaKind,
  rtpParameters: RtpParameters,
  source: MediaSource,
  paused: z.boolean().optional(),
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
export const RejoinNotice = z.object({ reason: z.enum(['media-server-restarted', 'replaced']) });
export const SessionEndedNotice = z.object({ sessionId: Id });
/**
 * This device may no longer be in the call: its invite link was stopped or replaced (`invite-revoked`), the
 * venue tablet's sign-in ended (`signed-out`: signed out, password changed, account stopped) or no longer
 * covers this venue (`venue-access-removed`). The device has left the call and must not rejoin by itself.
 */
export const AccessRevokedReason = z.enum(['invite-revoked', 'signed-out', 'venue-access-removed']);
export type AccessRevokedReason = z.infer<typeof AccessRevokedReason>;
export const AccessRevokedNotice = z.object({ reason: AccessRevokedReason });
