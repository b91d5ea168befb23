import { z } from 'zod';
import { AttendanceMode } from '../attendance/schemas';
import { CalendarDateTime, EntityId, IsoDateTime, LocalDate } from '../common';
import { CHECKIN_LIMITS, LIST_LIMITS, TEXT_LIMITS } from '../limits';
import { CheckinQuestion } from './questions';
import { CheckinTiming } from './offer';

export const SKIPPED = 'skipped';

/** Answers by question key: an answer key, or 'skipped'. Questions left out count as skipped. */
export const CheckinAnswers = z.record(z.string().max(CHECKIN_LIMITS.key), z.string().max(CHECKIN_LIMITS.key));
export type CheckinAnswers = z.infer<typeof CheckinAnswers>;
/** What a request may send: at most one answer per question of the largest question set. */
const CheckinAnswersInput = CheckinAnswers.refine((answers) => Object.keys(answers).length <= CHECKIN_LIMITS.maxQuestions, {
  message: `at most ${CHECKIN_LIMITS.maxQuestions} answers`,
});

export { CheckinOffer, CheckinTiming } from './offer';

export const SubmitCheckin = z.object({
  answers: CheckinAnswersInput,
  /** 「困りごとがある」: the host is asked to talk to them. */
  trouble: z.boolean().default(false),
});
export type SubmitCheckin = z.input<typeof SubmitCheckin>;

export const Checkin = z.object({
  /** Added for the watch-over keys (`trouble:<id>`, `concern:<question>:<id>`). */
  id: EntityId,
  sessionId: EntityId,
  participantId: EntityId,
  answers: CheckinAnswers,
  trouble: z.boolean(),
  troubleHandledAt: IsoDateTime.nullable(),
  recordedBy: z.enum(['self', 'host']),
  updatedAt: IsoDateTime,
});
export type Checkin = z.infer<typeof Checkin>;

export const CheckinParams = z.object({ sessionId: EntityId, participantId: EntityId });

/** Live notice to the venue when someone at home asks to talk. */
export const TroubleRequested = z.object({ participantId: EntityId, displayName: z.string() });

/** Answers by item number (1–15, so at most 15). */
export const FrailtyAnswers = z.record(z.string().regex(/^([1-9]|1[0-5])$/), z.string().max(CHECKIN_LIMITS.key));

export const SubmitQuestionnaire = z.object({ answers: FrailtyAnswers });

export const QuestionnaireResult = z.object({
  id: EntityId,
  participantId: EntityId,
  completedAt: IsoDateTime,
  completedBy: z.enum(['self', 'host']),
  answers: FrailtyAnswers,
  flaggedItems: z.array(z.number().int()),
  flaggedDomains: z.array(z.string()),
});
export type QuestionnaireResult = z.infer<typeof QuestionnaireResult>;

export const WatchReasonKind = z.enum(['absence', 'repeated-concern', 'trouble', 'frailty']);
export type WatchReasonKind = z.infer<typeof WatchReasonKind>;

export const WatchReason = z.object({
  /** Stable for one occurrence, e.g. `absence:<last missed session id>`; what "handled" refers to. */
  key: z.string(),
  kind: WatchReasonKind,
  /** Plain-language detail data: counts, the question key, flagged item numbers. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number()), z.array(z.string())])),
  since: IsoDateTime,
});
export type WatchReason = z.infer<typeof WatchReason>;

export const WatchEntry = z.object({
  participantId: EntityId,
  displayName: z.string(),
  kana: z.string(),
  venueId: EntityId,
  venueName: z.string(),
  reasons: z.array(WatchReason).min(1),
});
export type WatchEntry = z.infer<typeof WatchEntry>;

export const WatchQuery = z.object({
  venueId: EntityId.optional(),
  absences: z.coerce.number().int().min(1).max(LIST_LIMITS.watchAbsences).default(2),
});

export const HandleWatchReason = z.object({
  reasonKey: z.string().min(1).max(TEXT_LIMITS.watchReasonKey),
  contactedBy: z.string().trim().min(1).max(TEXT_LIMITS.contactedBy),
  contactedAt: CalendarDateTime,
  outcome: z.string().trim().min(1).max(TEXT_LIMITS.watchOutcome),
});

export const TrendPoint = z.object({
  sessionId: EntityId,
  date: LocalDate,
  mode: AttendanceMode.nullable(),
  answers: CheckinAnswers.nullable(),
});
export const ParticipantTrend = z.object({
  participantId: EntityId,
  displayName: z.string(),
  kana: z.string(),
  questions: z.array(CheckinQuestion),
  points: z.array(TrendPoint),
});
export type ParticipantTrend = z.infer<typeof ParticipantTrend>;

/* Added with the server (issue 4): additive only. */

/** A participant's frailty questionnaire: the latest result, and whether a new one may be taken now. */
export const QuestionnaireStatus = z.object({
  latest: QuestionnaireResult.nullable(),
  due: z.boolean(),
  /** When the next one may be taken (six months after the latest); null when none was ever taken. */
  nextDueAt: IsoDateTime.nullable(),
});
export type QuestionnaireStatus = z.infer<typeof QuestionnaireStatus>;

/** One handled watch-over reason, as the participant's history shows it. */
export const WatchHandledEntry = z.object({
  id: EntityId,
  participantId: EntityId,
  reasonKey: z.string(),
  kind: WatchReasonKind,
  handledAt: IsoDateTime,
  handledBy: z.object({ userId: EntityId, displayName: z.string() }),
  contactedBy: z.string(),
  contactedAt: IsoDateTime,
  outcome: z.string(),
});
export type WatchHandledEntry = z.infer<typeof WatchHandledEntry>;

export const VenueCheckinSettings = z.object({ venueId: EntityId, checkinTiming: CheckinTiming });
export type VenueCheckinSettings = z.infer<typeof VenueCheckinSettings>;
export const UpdateVenueCheckinSettings = z.object({ checkinTiming: CheckinTiming });

/** The answers that are lists (a route names its response schema, so each list has a name). */
export const CheckinList = z.array(Checkin);
export const WatchList = z.array(WatchEntry);
export const WatchHistory = z.array(WatchHandledEntry);
