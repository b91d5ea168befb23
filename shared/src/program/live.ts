import { z } from 'zod';
import { EntityId as Id } from '../common';
import { QuizQuestion } from './quizzes';
import { Segment } from './schemas';

/**
 * The live side of a session, one per room on the server. The server sends the whole picture
 * (`live:state`) after every change and in every join answer, so a device that reconnects lands
 * in the current segment, group, video position and question. Times are the server's clock (ms);
 * `live:clock` lets a device estimate it.
 */
export const ProgramClockState = z.object({
  status: z.enum(['not-started', 'running', 'paused', 'finished']),
  index: z.number().int().min(0),
  endsAt: z.number().nullable(),
  remainingMs: z.number(),
});

export const LayoutChoice = z.enum(['auto', 'gallery', 'spotlight']);
export type LayoutChoice = z.infer<typeof LayoutChoice>;

export const LiveVideo = z.object({
  /** The exercise video's id, or the video letter's (a letter the host shows at the gathering plays the same way). */
  videoId: Id,
  /** What it is (absent: an exercise video): a letter's screens name it ビデオレター. */
  kind: z.enum(['exercise', 'letter']).optional(),
  title: z.string(),
  /** A signed URL the device can play (Range requests supported); valid for the session's day. */
  url: z.string(),
  playing: z.boolean(),
  positionSec: z.number().min(0),
  updatedAt: z.number(),
  /** The file's length as the venue's player read it; null until then. At this position the video has ended. */
  durationSec: z.number().positive().nullable(),
});
export type LiveVideo = z.infer<typeof LiveVideo>;

export const LiveQuiz = z.object({
  question: QuizQuestion,
  phase: z.enum(['asking', 'results']),
  /** Answers from home devices, per choice. */
  homeCounts: z.array(z.number().int().min(0)),
  /** Raised hands at the venue, per choice, as entered by the host. */
  venueCounts: z.array(z.number().int().min(0)),
  /** This device's own answer (null if not answered). */
  yourAnswer: z.number().int().nullable(),
});
export type LiveQuiz = z.infer<typeof LiveQuiz>;

export const BreakoutGroup = z.object({ id: Id, name: z.string(), peerIds: z.array(Id) });
export type BreakoutGroup = z.infer<typeof BreakoutGroup>;
export const LiveBreakout = z.object({
  groups: z.array(BreakoutGroup),
  /** Server ms when the groups return to the main room by themselves. */
  endsAt: z.number(),
});
export type LiveBreakout = z.infer<typeof LiveBreakout>;

export const RaisedHand = z.object({ peerId: Id, displayName: z.string(), raisedAt: z.number() });

/** Someone the host removed: out for the rest of the session unless the host lets them in again. */
export const RemovedPerson = z.object({
  peerId: Id,
  displayName: z.string(),
  removedAt: z.number(),
  /** When they last tried to join again (refused with REMOVED); null if they have not. */
  triedAgainAt: z.number().nullable(),
});
export type RemovedPerson = z.infer<typeof RemovedPerson>;

export const LiveState = z.object({
  /** Increases with every change; a device ignores a state older than the one it shows. */
  revision: z.number().int(),
  /** The server's clock when this state was sent. */
  serverTime: z.number(),
  segments: z.array(Segment),
  clock: ProgramClockState,
  /** What the host chose; `layout` is the result for the current segment. */
  layoutChoice: LayoutChoice,
  layout: z.enum(['gallery', 'spotlight']),
  /** Whose video is shown large in spotlight: the venue by default, or a chosen participant. */
  leaderPeerId: Id.nullable(),
  video: LiveVideo.nullable(),
  quiz: LiveQuiz.nullable(),
  breakout: LiveBreakout.nullable(),
  hands: z.array(RaisedHand),
  /** People removed in this session: the venue's view only (empty on every home device). */
  removed: z.array(RemovedPerson),
  /** This device's own part: its small group (null in the main room) and whether its hand is up. */
  you: z.object({ groupId: Id.nullable(), handRaised: z.boolean() }),
});
export type LiveState = z.infer<typeof LiveState>;

// Requests. Every one except live:clock, quiz:answer, hand:set and reaction:send is the host's
// (the venue device) and is refused with NOT_ALLOWED from anyone else.

/** Request bounds: a program has at most 30 parts, a video is shorter than a day, a small group smaller than a gathering. */
const MAX_SEGMENT_INDEX = 99;
const MAX_VIDEO_SECONDS = 24 * 60 * 60;
const MAX_GROUP_PEERS = 100;

export const ClockRequest = z.object({ clientTime: z.number() });
export const ClockResponse = z.object({ serverTime: z.number() });

export const ProgramControl = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('next') }),
  z.object({ action: z.literal('previous') }),
  z.object({ action: z.literal('goto'), index: z.number().int().min(0).max(MAX_SEGMENT_INDEX) }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('extend'), minutes: z.number().int().min(1).max(30).default(1) }),
]);

export const SetLayout = z.object({
  layoutChoice: LayoutChoice.optional(),
  /** Who leads: null means the venue. */
  leaderPeerId: Id.nullable().optional(),
});

export const VideoControl = z.discriminatedUnion('action', [
  z.object({ action: z.literal('load'), videoId: Id }),
  /** A finished video letter of the session's venue, played like an exercise video (then play, pause, seek, close). */
  z.object({ action: z.literal('loadLetter'), letterId: Id }),
  z.object({ action: z.literal('play') }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('seek'), positionSec: z.number().min(0).max(MAX_VIDEO_SECONDS) }),
  z.object({ action: z.literal('close') }),
  /** The venue's player tells the file's length once it has read it: the server then ends the playback on time. */
  z.object({ action: z.literal('duration'), durationSec: z.number().positive().max(MAX_VIDEO_SECONDS) }),
]);

export const QuizControl = z.discriminatedUnion('action', [
  z.object({ action: z.literal('show'), questionId: Id }),
  z.object({ action: z.literal('venueCount'), choiceIndex: z.number().int().min(0).max(3), count: z.number().int().min(0).max(200) }),
  z.object({ action: z.literal('results') }),
  z.object({ action: z.literal('close') }),
]);

export const QuizAnswer = z.object({ questionId: Id, choiceIndex: z.number().int().min(0).max(3) });

export const StartBreakout = z.object({
  /** auto: spread the home participants over `groupCount` groups; manual: the host's groups of peer ids. */
  split: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('auto'), groupCount: z.number().int().min(2).max(10) }),
    z.object({ mode: z.literal('manual'), groups: z.array(z.array(Id).min(1).max(MAX_GROUP_PEERS)).min(1).max(10) }),
  ]),
  minutes: z.number().int().min(1).max(60),
  /** 'own': the venue is a group of its own; a number: the venue joins that group (0-based). */
  venue: z.union([z.literal('own'), z.number().int().min(0).max(9)]).default('own'),
});

export const PeerTarget = z.object({ peerId: Id });
export const SetHand = z.object({ raised: z.boolean() });
export const ReactionKind = z.enum(['clap', 'thumbsUp']);
export type ReactionKind = z.infer<typeof ReactionKind>;
export const SendReaction = z.object({ kind: ReactionKind });
export const MuteAllResponse = z.object({ mutedCount: z.number().int() });

// Notices.
export const ReactionNotice = z.object({ peerId: Id, displayName: z.string(), kind: ReactionKind });
/** To a participant: the host muted the microphone (the device shows it off; they may turn it on). */
export const MutedByHostNotice = z.object({});
/** To a participant: the host asks them to turn the microphone on; they decide. */
export const UnmuteAskedNotice = z.object({});
/** To a participant the host removed: do not rejoin by yourself. */
export const RemovedNotice = z.object({});
