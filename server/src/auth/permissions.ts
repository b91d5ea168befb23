import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { participants, sessions, venueMembers } from '../db/schema';
import { AppError } from '../core/errors';
import type { AuthUser } from './service';

/**
 * Who may see what, in one place. An organiser sees every venue of their organisation, a host only
 * the venues they run. Anything outside a user's scope answers 404, as if it did not exist.
 */
export class Permissions {
  constructor(private readonly db: Db) {}

  assertVenue(user: AuthUser, venueId: string): void {
    if (!user.venueIds.includes(venueId)) throw new AppError('NOT_FOUND', 'No venue with this id');
  }

  /** Whether the user may open this session (as the venue device, for example). */
  async maySeeSession(user: AuthUser, sessionId: string): Promise<boolean> {
    const venueId = await this.venueOfSession(sessionId);
    return venueId !== undefined && user.venueIds.includes(venueId);
  }

  /** Returns the session's venue id once the user may see the session. */
  async assertSession(user: AuthUser, sessionId: string): Promise<string> {
    const venueId = await this.venueOfSession(sessionId);
    if (venueId === undefined || !user.venueIds.includes(venueId)) throw new AppError('SESSION_NOT_FOUND', 'No session with this id');
    return venueId;
  }

  async assertParticipant(user: AuthUser, participantId: string): Promise<void> {
    const row = (
      await this.db
        .select({ organisationId: participants.organisationId })
        .from(participants)
        .where(eq(participants.id, participantId))
        .limit(1)
    )[0];
    if (!row || row.organisationId !== user.organisationId) throw new AppError('NOT_FOUND', 'No participant with this id');
    if (user.role === 'organiser') return;
    const memberships = await this.db
      .select({ venueId: venueMembers.venueId })
      .from(venueMembers)
      .where(eq(venueMembers.participantId, participantId));
    if (!memberships.some((m) => user.venueIds.includes(m.venueId))) throw new AppError('NOT_FOUND', 'No participant with this id');
  }

  /** Narrows a requested list of venues to the user's own; all of them when none is given. */
  scopeVenues(user: AuthUser, requested: string[] | undefined): string[] {
    if (!requested || requested.length === 0) return user.venueIds;
    for (const venueId of requested) this.assertVenue(user, venueId);
    return requested;
  }

  private async venueOfSession(sessionId: string): Promise<string | undefined> {
    return (await this.db.select({ venueId: sessions.venueId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1))[0]?.venueId;
  }
}
