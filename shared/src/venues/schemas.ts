import { z } from 'zod';
import { CalendarDate, EntityId, IsoDateTime, KanaReading, LocalTime, PersonName, SessionStatus } from '../common';
import { monthsSpanned, PERIOD_LIMITS, TEXT_LIMITS } from '../limits';
import { BirthYear, ParticipantSex, VenueSurveyAttributes } from './surveySchemas';

export { BirthYear, ParticipantSex, VenueSurveyAttributes } from './surveySchemas';

export const Weekday = z.number().int().min(0).max(6);

export const Schedule = z.object({
  id: EntityId,
  venueId: EntityId,
  /** 0 = Sunday … 6 = Saturday, in Japan time. */
  weekday: Weekday,
  startTime: LocalTime,
  endTime: LocalTime,
  title: z.string(),
  /** False while paused or once ended. */
  active: z.boolean(),
  /** Ended for good: it plans nothing more and cannot be resumed. */
  endedAt: IsoDateTime.nullable(),
});
export type Schedule = z.infer<typeof Schedule>;

export const CreateSchedule = z
  .object({ weekday: Weekday, startTime: LocalTime, endTime: LocalTime, title: z.string().trim().min(1).max(TEXT_LIMITS.scheduleTitle) })
  .refine((s) => s.startTime < s.endTime, { message: 'must be after startTime', path: ['endTime'] });

/** PATCH /api/schedules/:scheduleId: new times or title, or `active: false` to pause (true to resume). */
export const UpdateSchedule = z
  .object({
    weekday: Weekday,
    startTime: LocalTime,
    endTime: LocalTime,
    title: z.string().trim().min(1).max(TEXT_LIMITS.scheduleTitle),
    active: z.boolean(),
  })
  .partial()
  .refine((s) => Object.keys(s).length > 0, { message: 'nothing to change', path: ['title'] })
  .refine((s) => !s.startTime || !s.endTime || s.startTime < s.endTime, { message: 'must be after startTime', path: ['endTime'] });
export const ScheduleParams = z.object({ scheduleId: EntityId });

export const Venue = z.object({
  id: EntityId,
  name: z.string(),
  schedules: z.array(Schedule),
  /** Meets on national holidays and 年末年始 too; else the planner skips those days. */
  meetsOnHolidays: z.boolean(),
  /** The national survey's attributes (PUT /api/venues/:venueId/survey-attributes). */
  survey: VenueSurveyAttributes,
});
export type Venue = z.infer<typeof Venue>;

export const CreateVenue = z.object({
  name: z.string().trim().min(1).max(TEXT_LIMITS.venueName),
  /** The national survey's attributes; may be set later. */
  survey: VenueSurveyAttributes.optional(),
});
/** PATCH /api/venues/:venueId/details. */
export const UpdateVenue = z
  .object({ name: z.string().trim().min(1).max(TEXT_LIMITS.venueName), meetsOnHolidays: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', path: ['name'] });
export const VenueParams = z.object({ venueId: EntityId });
export const ParticipantParams = z.object({ participantId: EntityId });

export const PARTICIPANT_STATUSES = ['active', 'paused', 'left', 'erased'] as const;
export const ParticipantStatus = z.enum(PARTICIPANT_STATUSES);
export type ParticipantStatus = z.infer<typeof ParticipantStatus>;

export const Participant = z.object({
  id: EntityId,
  displayName: z.string(),
  kana: z.string(),
  contact: z.string().nullable(),
  notes: z.string().nullable(),
  wellbeingConsentAt: IsoDateTime.nullable(),
  venueIds: z.array(EntityId),
  /** paused: on the rosters (marked お休み中) but off the absence rule; left and erased: off both, links stopped. */
  status: ParticipantStatus,
  /** While paused: the last day of the pause (Japan date), if known. */
  pausedUntil: CalendarDate.nullable(),
  /** Optional, only for the national survey's counts (by sex, by age band). */
  sex: ParticipantSex.nullable(),
  birthYear: z.number().int().nullable(),
});
export type Participant = z.infer<typeof Participant>;

export const CreateParticipant = z.object({
  displayName: PersonName,
  kana: KanaReading.default(''),
  contact: z.string().trim().max(TEXT_LIMITS.contact).optional(),
  notes: z.string().trim().max(TEXT_LIMITS.participantNotes).optional(),
  wellbeingConsent: z.boolean().default(false),
  sex: ParticipantSex.nullable().optional(),
  birthYear: BirthYear.nullable().optional(),
});
export type CreateParticipant = z.input<typeof CreateParticipant>;

export const UpdateParticipant = z
  .object({
    displayName: PersonName,
    kana: KanaReading,
    contact: z.string().trim().max(TEXT_LIMITS.contact).nullable(),
    notes: z.string().trim().max(TEXT_LIMITS.participantNotes).nullable(),
    wellbeingConsent: z.boolean(),
    sex: ParticipantSex.nullable(),
    birthYear: BirthYear.nullable(),
  })
  .partial();

/** POST /api/participants/:participantId/move: from one of their venues to another venue of the organisation. */
export const MoveParticipant = z
  .object({ fromVenueId: EntityId, toVenueId: EntityId })
  .refine((m) => m.fromVenueId !== m.toVenueId, { message: 'must be another venue', path: ['toVenueId'] });

/** POST /api/participants/:participantId/pause: until the end of `until` (Japan date, today or later), or until they come back. */
export const PauseParticipant = z.object({ until: CalendarDate.optional() });

export const Invite = z.object({
  participantId: EntityId,
  token: z.string(),
  url: z.string(),
  createdAt: IsoDateTime,
});
export type Invite = z.infer<typeof Invite>;

/** Everything printed on one participant's invite card. */
export const InviteCard = z.object({
  participantId: EntityId,
  displayName: z.string(),
  kana: z.string(),
  venueName: z.string(),
  /** e.g. 「毎週 火曜日 10:00〜11:30」, already in the card's language. */
  weeklyTimes: z.array(z.object({ weekday: Weekday, startTime: LocalTime, endTime: LocalTime })),
  url: z.string(),
  /** 「電話で参加: <number> → 番号 123456」 when the venue has a telephone number; null otherwise. */
  phone: z.object({ number: z.string(), display: z.string(), keypadNumber: z.string() }).nullable(),
});
export type InviteCard = z.infer<typeof InviteCard>;

export const SessionListItem = z.object({
  id: EntityId,
  venueId: EntityId,
  venueName: z.string(),
  title: z.string(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  status: SessionStatus,
  /** Cancelled (お休み) with its reason; null otherwise. */
  cancelledAt: IsoDateTime.nullable(),
  cancelReason: z.string().nullable(),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

export const CreateSession = z
  .object({ date: CalendarDate, startTime: LocalTime, endTime: LocalTime, title: z.string().trim().min(1).max(TEXT_LIMITS.sessionTitle) })
  .refine((s) => s.startTime < s.endTime, { message: 'must be after startTime', path: ['endTime'] });

/** POST /api/venue-sessions/:sessionId/cancel: the reason shown to everyone (「台風のため」). */
export const CancelSession = z.object({ reason: z.string().trim().min(1).max(TEXT_LIMITS.cancelReason) });
export const VenueSessionParams = z.object({ sessionId: EntityId });

/** POST /api/participants/:participantId/invite: a new link for this venue (the old one stops working). */
export const ReissueInvite = z.object({ venueId: EntityId });

/** Sessions from `from` to `to` (Japan dates, both included); with both, at most `PERIOD_LIMITS.sessionListMonths` calendar months. */
export const SessionRangeQuery = z
  .object({ from: CalendarDate.optional(), to: CalendarDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => !q.from || !q.to || monthsSpanned(q.from, q.to) <= PERIOD_LIMITS.sessionListMonths, {
    message: `the period may cover at most ${PERIOD_LIMITS.sessionListMonths} months`,
    path: ['to'],
  });

/** The answers that are lists (a route names its response schema, so each list has a name). */
export const VenueList = z.array(Venue);
export const ParticipantList = z.array(Participant);
export const InviteCardList = z.array(InviteCard);
export const SessionList = z.array(SessionListItem);
