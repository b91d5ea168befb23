import { z } from 'zod';
import { SessionSummary } from '../call/schemas';
import { CalendarDateTime, EntityId, IsoDateTime, KanaReading, PersonName } from '../common';

export const ATTENDANCE_MODES = ['venue', 'online', 'phone'] as const;
export const AttendanceMode = z.enum(ATTENDANCE_MODES);
export type AttendanceMode = z.infer<typeof AttendanceMode>;

/** One line of a session's roster: a member of the venue (or a walk-in) and how they attended, if they did. */
export const RosterEntry = z.object({
  participantId: EntityId,
  displayName: z.string(),
  kana: z.string(),
  mode: AttendanceMode.nullable(),
  firstJoinAt: IsoDateTime.nullable(),
  lastLeaveAt: IsoDateTime.nullable(),
  minutesConnected: z.number().int(),
  /** In the call right now. */
  connected: z.boolean(),
  wellbeingConsent: z.boolean(),
  /** Paused (入院 …): still listed, marked お休み中, and never counted absent. */
  paused: z.boolean(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

export const Roster = z.object({ session: SessionSummary, entries: z.array(RosterEntry) });
export type Roster = z.infer<typeof Roster>;

export const AttendanceParams = z.object({ sessionId: EntityId, participantId: EntityId });
export const SessionIdParams = z.object({ sessionId: EntityId });

export const MarkAttendance = z.object({ mode: AttendanceMode });

/** A host's correction of a row, during or after the session. Omitted fields stay as they are. */
export const CorrectAttendance = z
  .object({
    mode: AttendanceMode,
    firstJoinAt: CalendarDateTime.nullable(),
    lastLeaveAt: CalendarDateTime.nullable(),
    minutesConnected: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' });

export const WalkIn = z.object({
  displayName: PersonName,
  kana: KanaReading.default(''),
  mode: z.enum(['venue', 'phone']).default('venue'),
});
