import type { z } from 'zod';
import type { Ack } from '../ack';
import * as cap from '../captions/schemas';
import * as c from '../checkins/schemas';
import * as l from '../program/live';
import * as s from './schemas';

/** Requests a client sends; each is answered with an Ack of its response. */
export const callRequests = {
  /** From the lobby: checks the credentials and answers with the router's capabilities (nothing is joined). */
  'call:prepare': { request: s.PrepareRequest, response: s.PrepareResponse },
  /** Enters the room; the answer carries both transports, so the device's next requests are call:ready and a connect. */
  'call:join': { request: s.JoinRequest, response: s.JoinResponse },
  /** A new transport of one direction, replacing the one the join made (or the previous one). */
  'call:createTransport': { request: s.CreateTransportRequest, response: s.TransportOptions },
  'call:connectTransport': { request: s.ConnectTransportRequest, response: s.Empty },
  'call:restartIce': { request: s.RestartIceRequest, response: s.RestartIceResponse },
  'call:ready': { request: s.ReadyRequest, response: s.Empty },
  'call:produce': { request: s.ProduceRequest, response: s.ProduceResponse },
  'call:pauseProducer': { request: s.ProducerRequest, response: s.Empty },
  'call:resumeProducer': { request: s.ProducerRequest, response: s.Empty },
  'call:closeProducer': { request: s.ProducerRequest, response: s.Empty },
  'call:setPreferredLayers': { request: s.PreferredLayersRequest, response: s.Empty },
  /** Which peers' videos this screen shows; the others are paused for it (until then: all). */
  'call:setVisibleVideos': { request: s.SetVisibleVideosRequest, response: s.Empty },
  'call:leave': { request: s.Empty, response: s.Empty },
  'call:endSession': { request: s.Empty, response: s.Empty },
  /** A home participant's own check-in; a second one in the same session replaces the first. */
  'checkin:submit': { request: c.SubmitCheckin, response: c.Checkin },
  /** A home participant's own frailty questionnaire; CONFLICT within six months of the last one. */
  'checkin:submitQuestionnaire': { request: c.SubmitQuestionnaire, response: c.QuestionnaireResult },
  /** The server's clock, so that countdowns and the exercise video agree on every screen. */
  'live:clock': { request: l.ClockRequest, response: l.ClockResponse },
  // The session program (host only unless said otherwise); each answers with the host's new LiveState.
  'program:control': { request: l.ProgramControl, response: l.LiveState },
  'program:setLayout': { request: l.SetLayout, response: l.LiveState },
  'video:control': { request: l.VideoControl, response: l.LiveState },
  'quiz:control': { request: l.QuizControl, response: l.LiveState },
  /** Anyone at home: their own answer; answering again changes it. */
  'quiz:answer': { request: l.QuizAnswer, response: l.LiveState },
  'breakout:start': { request: l.StartBreakout, response: l.LiveState },
  'breakout:end': { request: s.Empty, response: l.LiveState },
  'host:muteAll': { request: s.Empty, response: l.MuteAllResponse },
  'host:askUnmute': { request: l.PeerTarget, response: s.Empty },
  'host:lowerHands': { request: s.Empty, response: l.LiveState },
  'host:remove': { request: l.PeerTarget, response: s.Empty },
  /** Lets someone removed in this session join again. */
  'host:readmit': { request: l.PeerTarget, response: l.LiveState },
  /** Anyone: raise or lower their own hand. */
  'hand:set': { request: l.SetHand, response: l.LiveState },
  /** Anyone: 👏 or 👍, shown large on the venue screen. */
  'reaction:send': { request: l.SendReaction, response: s.Empty },
  // Live captions (字幕): only the caption role (the host's venue device, a staff member's or a caption link's writer page) sends.
  /** The writer's page (not in the call): opens its session's captions, by the staff sign-in or a caption link. */
  'caption:open': { request: cap.OpenCaptions, response: cap.CaptionsState },
  /** Anyone in the call, and an opened writer page: the captions now (then `caption:state` after each change). */
  'caption:get': { request: s.Empty, response: cap.CaptionsState },
  /** The caption role: a typed line, or (with `replaces`) a correction of a recent line; answers with the line. */
  'caption:send': { request: cap.SendCaption, response: cap.CaptionLine },
  /** The venue device: its browser's speech recognition (interim words, or a final line). */
  'caption:auto': { request: cap.AutoCaption, response: s.Empty },
  /** The venue device: 「記録を残す」 on or off for this session. */
  'caption:setTranscript': { request: cap.SetCaptionTranscript, response: cap.CaptionsState },
} as const;

/** Notices the server sends; `call:newConsumer` alone expects an acknowledgement. */
export const callNotices = {
  'call:peerJoined': s.PeerInfo,
  'call:peerUpdated': s.PeerInfo,
  'call:peerLeft': s.PeerRef,
  'call:newConsumer': s.NewConsumer,
  'call:consumerClosed': s.ConsumerRef,
  'call:consumerPaused': s.ConsumerRef,
  'call:consumerResumed': s.ConsumerRef,
  'call:consumerLayersChanged': s.ConsumerLayers,
  'call:activeSpeaker': s.ActiveSpeaker,
  'call:rejoin': s.RejoinNotice,
  'call:sessionEnded': s.SessionEndedNotice,
  /** This device's access ended (link stopped, sign-in gone): it has left the call and must not rejoin by itself. */
  'call:accessRevoked': s.AccessRevokedNotice,
  /** To the venue: someone at home pressed 「困りごとがある」. */
  'checkin:troubleRequested': c.TroubleRequested,
  /** The whole live program picture, after every change (this device's own view of it). */
  'live:state': l.LiveState,
  'live:reaction': l.ReactionNotice,
  'host:mutedYou': l.MutedByHostNotice,
  'host:askedUnmute': l.UnmuteAskedNotice,
  'host:removedYou': l.RemovedNotice,
  /** The session's captions after every change (to everyone in the call and to the open writer pages). */
  'caption:state': cap.CaptionsState,
} as const;

export type CallRequests = typeof callRequests;
export type CallRequestName = keyof CallRequests;
export type RequestOf<E extends CallRequestName> = z.input<CallRequests[E]['request']>;
/** A request as the server's handlers receive it: validated by its schema, defaults filled in. */
export type ValidRequestOf<E extends CallRequestName> = z.output<CallRequests[E]['request']>;
export type ResponseOf<E extends CallRequestName> = z.output<CallRequests[E]['response']>;

export type CallNotices = typeof callNotices;
export type CallNoticeName = keyof CallNotices;
export type NoticeOf<E extends CallNoticeName> = z.output<CallNotices[E]>;

export type ClientToServerEvents = {
  [E in CallRequestName]: (payload: RequestOf<E>, ack: (answer: Ack<ResponseOf<E>>) => void) => void;
};

export type ServerToClientEvents = {
  [E in Exclude<CallNoticeName, 'call:newConsumer'>]: (notice: NoticeOf<E>) => void;
} & {
  'call:newConsumer': (notice: NoticeOf<'call:newConsumer'>, ack: (answer: Ack<object>) => void) => void;
};
