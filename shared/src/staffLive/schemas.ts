import { z } from 'zod';
import { EntityId, IsoDateTime } from '../common';

/**
 * A person asked for a talk (「困りごとがある」) or a staff member handled it: what a staff page shows, nothing of
 * the check-in's answers.
 */
export const StaffTrouble = z.object({
  sessionId: EntityId,
  venueId: EntityId,
  venueName: z.string(),
  sessionTitle: z.string(),
  participantId: EntityId,
  displayName: z.string(),
  handled: z.boolean(),
  requestedAt: IsoDateTime,
});
export type StaffTrouble = z.infer<typeof StaffTrouble>;

/** A session's attendance: one row per person by how they came, and how many are connected to the call now. */
export const SessionAttendanceCounts = z.object({
  sessionId: EntityId,
  venueId: EntityId,
  venue: z.number().int().nonnegative(),
  online: z.number().int().nonnegative(),
  phone: z.number().int().nonnegative(),
  connectedNow: z.number().int().nonnegative(),
});
export type SessionAttendanceCounts = z.infer<typeof SessionAttendanceCounts>;

/** GET /api/staff-live/today: what the live channel's notices then change (loaded again after each reconnect). */
export const StaffLiveToday = z.object({
  troubles: z.array(StaffTrouble),
  sessions: z.array(SessionAttendanceCounts),
});
export type StaffLiveToday = z.infer<typeof StaffLiveToday>;
