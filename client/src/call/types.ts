import type { CaptionsState } from '@shared/captions/schemas';
import type { AccessRevokedReason, MediaSource, PeerInfo, PeerRole, SessionSummary } from '@shared/call/schemas';
import type { CheckinOffer } from '@shared/checkins/schemas';
import type { LiveState } from '@shared/program/live';
import type { TroubleRequest } from './client/checkins';
import type { LiveReaction } from './client/LiveProgram';
import type { ClientErrorCode } from '../lib/errors';

/** What the connection-status element shows (its `data-state`), plus `idle` before joining. */
export type CallStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'error';
/**
 * `removed`: the host took this person out of the gathering; an AccessRevokedReason: their invite link or the
 * tablet's sign-in stopped working. In neither case does the page rejoin by itself.
 */
export type EndReason = 'left' | 'session-ended' | 'replaced' | 'removed' | AccessRevokedReason;
export type LocalSource = MediaSource;
export type SpatialLayer = 0 | 1 | 2;

/** Why a microphone or camera cannot be used; each has a plain explanation in the messages. */
export type MediaProblem = 'denied' | 'not-found' | 'in-use' | 'unsupported' | 'ended' | 'failed';

export interface LocalSourceState {
  /** The live local track (null while off, missing or not yet allowed). */
  readonly track: MediaStreamTrack | null;
  /** What the user wants: on or off. */
  readonly enabled: boolean;
  /** Asking the browser for the device right now. */
  readonly acquiring: boolean;
  readonly problem: MediaProblem | null;
  /** The chosen input device, if one was picked. */
  readonly deviceId: string | null;
  /** A producer for this source exists on the server. */
  readonly sending: boolean;
}

export interface RemotePeer {
  readonly id: string;
  readonly displayName: string;
  readonly role: PeerRole;
  readonly audioMuted: boolean;
  readonly videoMuted: boolean;
  /** Joined by telephone: a voice only, marked ☎. */
  readonly phone: boolean;
  /** The peer's audio and video tracks together; a new object whenever the set of tracks changes. */
  readonly stream: MediaStream | null;
  readonly audioTrack: MediaStreamTrack | null;
  readonly videoTrack: MediaStreamTrack | null;
  /** There is a video track and it is not paused (remote camera on). */
  readonly videoActive: boolean;
  /** The simulcast layer the server currently forwards to us, if known. */
  readonly videoLayer: number | null;
}

export interface CallErrorInfo {
  readonly code: ClientErrorCode;
  readonly message: string;
}

/** An immutable picture of the call, for `useSyncExternalStore`. */
export interface CallSnapshot {
  readonly status: CallStatus;
  /** True for a few seconds after the call came back from `reconnecting`. */
  readonly recovered: boolean;
  readonly error: CallErrorInfo | null;
  readonly endReason: EndReason | null;
  readonly self: PeerInfo | null;
  readonly session: SessionSummary | null;
  /** The other peers, in the order they were first seen. */
  readonly peers: readonly RemotePeer[];
  readonly activeSpeakerId: string | null;
  readonly mic: LocalSourceState;
  readonly camera: LocalSourceState;
  /** The first attempt to get the microphone and camera has finished. */
  readonly mediaChecked: boolean;
  /** The chosen speaker (audio output) for remote audio, if any. */
  readonly speakerId: string | null;
  /** Home: the check-in to offer, from the latest join answer (null at the venue or before joining). */
  readonly checkin: CheckinOffer | null;
  /** Venue: people at home who asked to talk (「困りごとがある」) and are not handled yet, oldest first. */
  readonly troubleRequests: readonly TroubleRequest[];
  /** The session program now (latest revision seen; from the join answer, then `live:state`). */
  readonly live: LiveState | null;
  /** The session's live captions (字幕), once there are any (after a join or the first line). */
  readonly captions: CaptionsState | null;
  /** Server clock minus local clock (ms), measured after every join. */
  readonly serverOffsetMs: number;
  /** 👏 and 👍 received in the last few seconds, oldest first. */
  readonly reactions: readonly LiveReaction[];
  /** The host asked this person to turn the microphone on; true until they choose. */
  readonly unmuteAsked: boolean;
  /** The host turned everyone's microphone off, this one included; until this person turns it on again. */
  readonly mutedByHost: boolean;
}
