/**
 * The telephone bridge's seams (issue #14): the SIP layer (sip/), the media bridge (media/) and the phone
 * directory (who is calling, which session) meet only through these types, and bridge.ts wires them together.
 */

/** G.711 as the trunk offers it; the bridge always speaks one of these on the line. */
export type G711Codec = 'PCMU' | 'PCMA';

/** Where the bridge receives the caller's RTP (what the SDP answer or offer says). */
export interface LocalMedia {
  address: string;
  port: number;
}

/** What the other side's SDP says about its audio: where to send, in which codec, DTMF as RFC 4733 or not. */
export interface RemoteMedia {
  address: string;
  port: number;
  codec: G711Codec;
  payloadType: number;
  /** RFC 4733 telephone-event payload type, or null when the other side did not offer it (then SIP INFO). */
  telephoneEventPayloadType: number | null;
  /** Packet time in ms the other side asked for (20 unless it said otherwise). */
  ptime: number;
}

export type CallEndReason = 'hangup' | 'remote-hangup' | 'cancelled' | 'timeout' | 'session-expired' | 'error';

/** How a blind transfer (REFER, RFC 3515) went: the other side reached the target, or why not. */
export type TransferOutcome =
  | { outcome: 'transferred' }
  /** The REFER itself was refused (the trunk or phone does not transfer calls). */
  | { outcome: 'refused'; status: number }
  /** Accepted, but the new call failed (the NOTIFY's sipfrag status). */
  | { outcome: 'failed'; status: number }
  | { outcome: 'timeout' }
  /** The call ended first (the caller hung up). */
  | { outcome: 'ended' };

/** One telephone call, in either direction, once the SIP dialog exists. */
export interface PhoneCall {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  /** The caller's number as the trunk gave it (digits, maybe with +), or null when withheld (非通知). */
  readonly remoteNumber: string | null;
  /** The number that was dialled (the venue's DID for inbound calls). */
  readonly localNumber: string;
  readonly remoteMedia: RemoteMedia;
  /** Ends the call (BYE, or CANCEL before an outbound call is answered). */
  hangup(): void;
  /** Blind transfer (REFER) to a SIP URI; resolves once the other side says how the new call went. */
  transfer(target: string, timeoutMs?: number): Promise<TransferOutcome>;
  on(event: 'ended', listener: (reason: CallEndReason) => void): this;
  /** A digit by SIP INFO (RFC 4733 digits arrive in the RTP, on the media side). */
  on(event: 'dtmf', listener: (digit: string) => void): this;
  /** A re-INVITE moved or changed the other side's media. */
  on(event: 'mediaChanged', listener: (media: RemoteMedia) => void): this;
}

/** An inbound call before it is answered. */
export interface IncomingCall extends PhoneCall {
  readonly direction: 'inbound';
  answer(local: LocalMedia): Promise<void>;
  /** Refuses it with a final SIP status (403, 404, 480, 486, 503 …). */
  reject(status: number): void;
}

/** The SIP settings, from the environment (null in AppConfig when the telephone is off). */
export interface SipConfig {
  /** Address and port the SIP endpoint listens on (UDP and TCP). */
  bindAddress: string;
  port: number;
  /** The address written into SDP and Contact (the server's public address). */
  publicAddress: string;
  /** The trunk (SIP provider): host[:port]; calls are accepted only from allowFrom. */
  trunk: { host: string; port: number; transport: 'udp' | 'tcp' } | null;
  /** Digest credentials when the provider wants REGISTER and authenticated INVITEs. */
  credentials: { username: string; password: string; realm?: string } | null;
  /** CIDRs, addresses or host names (resolved at start and every few minutes) allowed to send requests: the trunk. */
  allowFrom: string[];
  /** RTP ports for the phone lines. */
  rtpPortRange: { min: number; max: number };
  /** Outbound calls (「電話をかける」) ringing at once at most, across the server (the trunk's channels); 4 when absent. */
  maxOutboundCalls?: number;
  /** Multi-node: signs the hand-off of a caller to the node holding their session (KAYOI_SIP_HANDOFF_SECRET). */
  handOffSecret?: string;
}
