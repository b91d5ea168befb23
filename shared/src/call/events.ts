import type { z } from 'zod';
import type { Ack } from '../ack';
import * as c from '../checkins/schemas';
import * as s from './schemas';

/** Requests a client sends; each is answered with an Ack of its response. */
export const callRequests = {
  'call:join': { request: s.JoinRequest, response: s.JoinResponse },
  'call:createTransport': { request: s.CreateTransportRequest, response: s.TransportOptions },
  'call:connectTransport': { request: s.ConnectTransportRequest, response: s.Empty },
  'call:restartIce': { request: s.RestartIceRequest, response: s.RestartIceResponse },
  'call:ready': { request: s.ReadyRequest, response: s.Empty },
  'call:produce': { request: s.ProduceRequest, response: s.ProduceResponse },
  'call:pauseProducer': { request: s.ProducerRequest, response: s.Empty },
  'call:resumeProducer': { request: s.ProducerRequest, response: s.Empty },
  'call:closeProducer': { request: s.ProducerRequest, response: s.Empty },
  'call:setPreferredLayers': { request: s.PreferredLayersRequest, response: s.Empty },
  'call:leave': { request: s.Empty, response: s.Empty },
  'call:endSession': { request: s.Empty, response: s.Empty },
  /** A home participant's own check-in; a second one in the same session replaces the first. */
  'checkin:submit': { request: c.SubmitCheckin, response: c.Checkin },
  /** A home participant's own frailty questionnaire; CONFLICT within six months of the last one. */
  'checkin:submitQuestionnaire': { request: c.SubmitQuestionnaire, response: c.QuestionnaireResult },
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
  /** To the venue: someone at home pressed 「困りごとがある」. */
  'checkin:troubleRequested': c.TroubleRequested,
} as const;

export type CallRequests = typeof callRequests;
export type CallRequestName = keyof CallRequests;
export type RequestOf<E extends CallRequestName> = z.input<CallRequests[E]['request']>;
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
