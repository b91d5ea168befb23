import { z } from 'zod';
import { SessionSummary } from '../call/schemas';

export const InviteParams = z.object({ token: z.string().min(1).max(200) });
export const SessionParams = z.object({ sessionId: z.string().min(1).max(100) });

/**
 * Where today stands for a home participant: `open` (they can join now), `upcoming` (from `joinOpensAt`),
 * `cancelled` (お休み, `cancelReason`), `finished` (today's gathering is over), `none` (nothing today).
 */
export const INVITE_DAYS = ['open', 'upcoming', 'cancelled', 'finished', 'none'] as const;
export const InviteDay = z.enum(INVITE_DAYS);
export type InviteDay = z.infer<typeof InviteDay>;

/** What the join page shows before the call: whose link it is and which gathering it opens. */
export const InviteInfo = z.object({
  participantName: z.string(),
  venueName: z.string(),
  /** Today's session (open, upcoming, cancelled or finished); null when there is none today. */
  session: SessionSummary.nullable(),
  day: InviteDay,
  /** When homes may join today's session (some minutes before its start). */
  joinOpensAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** The next gathering after today's (not cancelled), to say when to come back. */
  next: z.object({ startsAt: z.string(), endsAt: z.string() }).nullable(),
});
export type InviteInfo = z.infer<typeof InviteInfo>;

export const VenueSessionInfo = SessionSummary;
export type VenueSessionInfo = z.infer<typeof VenueSessionInfo>;
