import { and, eq, isNull } from 'drizzle-orm';
import type { CallOutResult, PhoneRegulars } from '@shared/phone/schemas';
import { auditParticipantChange } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { RoomRegistry } from '../call/RoomRegistry';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { phoneLines } from '../db/schema';
import type { SessionService } from '../sessions/service';
import type { PhoneBridge } from './bridge/PhoneBridge';
import type { PhoneDirectory } from './directory';

/**
 * 「電話をかける」: the host rings a member of the session's venue from the gathering. The number never leaves the
 * server; the call is audited without it. Without a telephone (no SIP settings) the list says so and a call is 503.
 */
export class PhoneCallOutService {
  private bridge: PhoneBridge | null = null;
  private rooms: RoomRegistry | null = null;
  /** People being rung now, so that a second tap does not ring them twice. */
  private readonly ringing = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly directory: PhoneDirectory,
    private readonly sessions: SessionService,
  ) {}

  /** The server started its telephone (server.ts): calls can be made from now on. */
  attach(bridge: PhoneBridge, rooms: RoomRegistry): void {
    this.bridge = bridge;
    this.rooms = rooms;
  }

  async regulars(user: AuthUser, sessionId: string): Promise<PhoneRegulars> {
    this.permissions.assertSession(user, sessionId);
    if (!this.bridge) return { enabled: false, people: [] };
    const inCall = await this.peopleInCall(sessionId);
    return {
      enabled: true,
      people: this.directory
        .phoneRegulars(sessionId)
        .map(({ participantId, displayName }) => ({ participantId, displayName, inCall: inCall.has(participantId) })),
    };
  }

  async callOut(user: AuthUser, sessionId: string, participantId: string): Promise<CallOutResult> {
    const venueId = this.permissions.assertSession(user, sessionId);
    const bridge = this.bridge;
    if (!bridge) throw new AppError('PHONE_OFF', 'This server has no telephone (SIP) configured');
    const regular = this.directory.phoneRegulars(sessionId).find((r) => r.participantId === participantId);
    if (!regular) throw new AppError('CONFLICT', 'This person has no telephone number at this venue (or is away)', 'participantId');
    if (this.ringing.has(participantId) || (await this.peopleInCall(sessionId)).has(participantId))
      throw new AppError('CONFLICT', 'This person is already being called or is in the call', 'participantId');
    const identity = this.sessions.joinByPhone({ participantId, displayName: regular.displayName }, venueId);
    if (identity.session.id !== sessionId) throw new AppError('CONFLICT', 'Calls go to the gathering of today only', 'sessionId');
    auditParticipantChange(this.db, user, 'phone.callOut', participantId, { sessionId });
    this.ringing.add(participantId);
    try {
      return { outcome: await bridge.callOut(identity, regular.number, this.lineOf(venueId, user.organisationId)) };
    } finally {
      this.ringing.delete(participantId);
    }
  }

  /** The number the callee sees: the venue's own line, else the organisation's. */
  private lineOf(venueId: string, organisationId: string): string | null {
    const venueLine = this.db.select({ number: phoneLines.number }).from(phoneLines).where(eq(phoneLines.venueId, venueId)).get();
    if (venueLine) return venueLine.number;
    const organisationLine = this.db
      .select({ number: phoneLines.number })
      .from(phoneLines)
      .where(and(eq(phoneLines.organisationId, organisationId), isNull(phoneLines.venueId)))
      .get();
    return organisationLine?.number ?? null;
  }

  private async peopleInCall(sessionId: string): Promise<Set<string>> {
    const room = await this.rooms?.find(sessionId);
    return new Set((room?.listPeers() ?? []).flatMap((peer) => (peer.participantId ? [peer.participantId] : [])));
  }
}
