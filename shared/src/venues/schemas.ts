import { z } from 'zod';
import { EntityId, IsoDateTime, KanaReading, LocalDate, LocalTime, PersonName } from '../common';

export const Weekday = z.number().int().min(0).max(6);

export const Schedule = z.object({
  id: EntityId,
  venueId: EntityId,
  /** 0 = Sunday … 6 = Saturday, in Japan time. */
  weekday: Weekday,
  startTime: LocalTime,
  endTime: LocalTime,
  title: z.string(),
  active: z.boolean(),
});
export type Schedule = z.infer<typeof Schedule>;

export const CreateSchedule = z
  .object({ weekday: Weekday, startTime: LocalTime, endTime: LocalTime, title: z.string().trim().min(1).max(100) })
  .refine((s) => s.startTime < s.endTime, { message: 'must be after startTime', path: ['endTime'] });

export const Venue = z.object({
  id: EntityId,
  name: z.string(),
  schedules: z.array(Schedule),
});
export type Venue = z.infer<typeof Venue>;

export const CreateVenue = z.object({ name: z.string().trim().min(1).max(100) });
export const VenueParams = z.object({ venueId: EntityId });
export const ParticipantParams = z.object({ participantId: EntityId });

export const Participant = z.object({
  id: EntityId,
  displayName: z.string(),
  kana: z.string(),
  contact: z.string().nullable(),
  notes: z.string().nullable(),
  wellbeingConsentAt: IsoDateTime.nullable(),
  venueIds: z.array(EntityId),
});
export type Participant = z.infer<typeof Participant>;

export const CreateParticipant = z.object({
  displayName: PersonName,
  kana: KanaReading.default(''),
  contact: z.string().trim().max(200).optional(),
  notes: z.string().trim().max(2000).optional(),
  wellbeingConsent: z.boolean().default(false),
});
export type CreateParticipant = z.input<typeof CreateParticipant>;

export const UpdateParticipant = z
  .object({
    displayName: PersonName,
    kana: KanaReading,
    contact: z.string().trim().max(200).nullable(),
    notes: z.string().trim().max(2000).nullable(),
    wellbeingConsent: z.boolean(),
  })
  .partial();

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
});
export type InviteCard = z.infer<typeof InviteCard>;

export const SessionListItem = z.object({
  id: EntityId,
  venueId: EntityId,
  venueName: z.string(),
  title: z.string(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  status: z.enum(['planned', 'live', 'ended']),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

export const CreateSession = z
  .object({ date: LocalDate, startTime: LocalTime, endTime: LocalTime, title: z.string().trim().min(1).max(100) })
  .refine((s) => s.startTime < s.endTime, { message: 'must be after startTime', path: ['endTime'] });

export const SessionRangeQuery = z.object({ from: LocalDate.optional(), to: LocalDate.optional() });
