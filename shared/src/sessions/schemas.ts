import { z } from 'zod';
import { SessionSummary } from '../call/schemas';

export const InviteParams = z.object({ token: z.string().min(1).max(200) });
export const SessionParams = z.object({ sessionId: z.string().min(1).max(100) });

/** What the join page shows before the call: whose link it is and which gathering it opens. */
export const InviteInfo = z.object({
  participantName: z.string(),
  venueName: z.string(),
  session: SessionSummary.nullable(),
});
export type InviteInfo = z.infer<typeof InviteInfo>;

export const VenueSessionInfo = SessionSummary;
export type VenueSessionInfo = z.infer<typeof VenueSessionInfo>;
