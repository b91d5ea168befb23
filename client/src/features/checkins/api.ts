import type { CheckinQuestion } from '@shared/checkins/questions';
import type {
  Checkin,
  CheckinTiming,
  ParticipantTrend,
  QuestionnaireResult,
  QuestionnaireStatus,
  SubmitCheckin,
  VenueCheckinSettings,
  WatchEntry,
  WatchHandledEntry,
} from '@shared/checkins/schemas';
import { requestJson } from '../../lib/api';

const enc = encodeURIComponent;
const sessionCheckins = (sessionId: string) => `/api/sessions/${enc(sessionId)}/checkins`;
const participant = (participantId: string) => `/api/participants/${enc(participantId)}`;

/** The check-in, questionnaire and watch-over REST API, typed from the shared schemas (types only). */
export const checkinsApi = {
  /** A session's check-ins (host or organiser). */
  forSession: (sessionId: string, signal?: AbortSignal) => requestJson<Checkin[]>('GET', sessionCheckins(sessionId), undefined, signal),
  /** The host records answers given aloud (replaces an earlier check-in of this session). NO_CONSENT / NOT_IN_SESSION. */
  record: (sessionId: string, participantId: string, body: SubmitCheckin) =>
    requestJson<Checkin>('PUT', `${sessionCheckins(sessionId)}/${enc(participantId)}`, body),
  /** 対応した: the host talked with someone who pressed 「困りごとがある」. */
  troubleHandled: (sessionId: string, participantId: string) =>
    requestJson<Checkin>('POST', `${sessionCheckins(sessionId)}/${enc(participantId)}/handled`, {}),

  questionnaire: (participantId: string, signal?: AbortSignal) =>
    requestJson<QuestionnaireStatus>('GET', `${participant(participantId)}/questionnaire`, undefined, signal),
  recordQuestionnaire: (participantId: string, answers: Record<string, string>) =>
    requestJson<QuestionnaireResult>('POST', `${participant(participantId)}/questionnaire`, { answers }),

  watch: (absences: number, signal?: AbortSignal) => requestJson<WatchEntry[]>('GET', `/api/watch?absences=${absences}`, undefined, signal),
  handleWatch: (participantId: string, body: { reasonKey: string; contactedBy: string; contactedAt: string; outcome: string }) =>
    requestJson<unknown>('POST', `/api/watch/${enc(participantId)}/handled`, body),
  watchHistory: (participantId: string, signal?: AbortSignal) =>
    requestJson<WatchHandledEntry[]>('GET', `${participant(participantId)}/watch-history`, undefined, signal),
  trend: (participantId: string, signal?: AbortSignal) =>
    requestJson<ParticipantTrend>('GET', `${participant(participantId)}/trend`, undefined, signal),

  questions: (signal?: AbortSignal) => requestJson<CheckinQuestion[]>('GET', '/api/organisation/checkin-questions', undefined, signal),
  /** Replaces the organisation's questions (organisers); INVALID_PAYLOAD names the `field` that is wrong. */
  setQuestions: (questions: CheckinQuestion[]) => requestJson<CheckinQuestion[]>('PUT', '/api/organisation/checkin-questions', questions),
  venueSettings: (venueId: string, signal?: AbortSignal) =>
    requestJson<VenueCheckinSettings>('GET', `/api/venues/${enc(venueId)}/checkin-settings`, undefined, signal),
  setVenueTiming: (venueId: string, checkinTiming: CheckinTiming) =>
    requestJson<VenueCheckinSettings>('PATCH', `/api/venues/${enc(venueId)}`, { checkinTiming }),
};
