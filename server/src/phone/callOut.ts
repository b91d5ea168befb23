import { and, eq, isNull } from 'drizzle-orm';
import type { CallAllResult, CallOutResult, CallOutState, PhoneRegulars } from '@shared/phone/schemas';
import { auditParticipantChange, writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { RoomRegistry } from '../call/RoomRegistry';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Db } from '../db/client';
import { phoneLines } from '../db/schema';
import type { CallIdentity, SessionService } from '../sessions/service';
import type { PhoneBridge } from './bridge/PhoneBridge';
import type { PhoneDirectory, PhoneRegular } from './directory';
import { type CallOutStates, isRinging, MemoryCallOutStates } from './callOutStates';
import { type OutboundLines, OutboundSlots } from './outboundSlots';

/** Simultaneous outbound calls when KAYOI_SIP_MAX_OUTBOUND_CALLS is not set. */
export const DEFAULT_MAX_OUTBOUND_CALLS = 4;

/**
 * 「電話をかける」: the host rings a member of the session's venue from the gathering. The number never leaves the
 * server; the call is audited without it. Without a telephone (no SIP settings) the list says so and a call is 503.
 */
export class PhoneCallOutService {
  private bridge: PhoneBridge | null = null;
  private rooms: RoomRegistry | null = null;
  private logger: Logger | null = null;
  private slots: OutboundLines = new OutboundSlots(DEFAULT_MAX_OUTBOUND_CALLS);
  /** Each person's last call from the gathering (waiting/ringing: a second tap is refused). */
  private states: CallOutStates = new MemoryCallOutStates();

  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly directory: PhoneDirectory,
    private readonly sessions: SessionService,
  ) {}

  /**
   * The server started its telephone (server.ts): calls can be made from now on, at most `maxOutboundCalls` at once
   * on this server, or as many as the `lines` shared with other nodes allow; the call states are this server's, or
   * the `states` shared with other nodes.
   */
  attach(
    bridge: PhoneBridge,
    rooms: RoomRegistry,
    {
      maxOutboundCalls,
      lines,
      states,
      logger,
    }: { maxOutboundCalls?: number; lines?: OutboundLines; states?: CallOutStates; logger?: Logger } = {},
  ): void {
    this.bridge = bridge;
    this.rooms = rooms;
    this.logger = logger ?? null;
    this.slots = lines ?? new OutboundSlots(maxOutboundCalls ?? DEFAULT_MAX_OUTBOUND_CALLS);
    if (states) this.states = states;
  }

  async regulars(user: AuthUser, sessionId: string): Promise<PhoneRegulars> {
    await this.permissions.assertSession(user, sessionId);
    if (!this.bridge) return { enabled: false, people: [] };
    const inCall = await this.peopleInCall(sessionId);
    const calls = await this.states.of(sessionId);
    return {
      enabled: true,
      people: (await this.directory.phoneRegulars(sessionId)).map(({ participantId, displayName }) => ({
        participantId,
        displayName,
        inCall: inCall.has(participantId),
        call: calls.get(participantId) ?? null,
      })),
    };
  }

  async callOut(user: AuthUser, sessionId: string, participantId: string): Promise<CallOutResult> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    const bridge = this.requireBridge();
    const regular = (await this.directory.phoneRegulars(sessionId)).find((r) => r.participantId === participantId);
    if (!regular) throw new AppError('CONFLICT', 'This person has no telephone number at this venue (or is away)', 'participantId');
    const inCall = await this.peopleInCall(sessionId);
    if (isRinging((await this.states.of(sessionId)).get(participantId)) || inCall.has(participantId))
      throw new AppError('CONFLICT', 'This person is already being called or is in the call', 'participantId');
    const identity = await this.identityFor(regular, venueId, sessionId);
    await auditParticipantChange(this.db, user, 'phone.callOut', participantId, { sessionId });
    return { outcome: await this.ring(bridge, sessionId, regular, identity, await this.lineOf(venueId, user.organisationId)) };
  }

  /**
   * 「電話の方みんなに電話をかける」: rings every phone regular of the session who is neither in the call nor being
   * rung, a few lines at a time; answers at once (the roster follows each call through `regulars`).
   */
  async callAll(user: AuthUser, sessionId: string): Promise<CallAllResult> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    const bridge = this.requireBridge();
    const inCall = await this.peopleInCall(sessionId);
    const states = await this.states.of(sessionId);
    const toCall: PhoneRegular[] = [];
    const result: CallAllResult = { calling: [], skipped: [] };
    for (const regular of await this.directory.phoneRegulars(sessionId)) {
      const person = { participantId: regular.participantId, displayName: regular.displayName };
      if (inCall.has(regular.participantId)) result.skipped.push({ ...person, reason: 'in-call' });
      else if (isRinging(states.get(regular.participantId))) result.skipped.push({ ...person, reason: 'already-calling' });
      else {
        toCall.push(regular);
        result.calling.push(person);
      }
    }
    // Every identity first: a gathering that is not open today refuses the whole request before any phone rings.
    const calls: { regular: PhoneRegular; identity: CallIdentity }[] = [];
    for (const regular of toCall) calls.push({ regular, identity: await this.identityFor(regular, venueId, sessionId) });
    await writeAudit(this.db, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'phone.callAll',
      entityType: 'session',
      entityId: sessionId,
      after: { calling: result.calling.map((p) => p.participantId), skipped: result.skipped.length },
    });
    const from = await this.lineOf(venueId, user.organisationId);
    for (const { regular, identity } of calls) void this.ring(bridge, sessionId, regular, identity, from);
    return result;
  }

  /** Waits for a free line, rings, and records how it went for the roster; never rejects. */
  private async ring(
    bridge: PhoneBridge,
    sessionId: string,
    regular: PhoneRegular,
    identity: CallIdentity,
    from: string | null,
  ): Promise<CallOutResult['outcome']> {
    const { participantId } = regular;
    await this.setState(sessionId, participantId, 'waiting');
    const outcome = await this.slots
      .run(async () => {
        await this.setState(sessionId, participantId, 'ringing');
        return bridge.callOut(identity, regular.number, from);
      })
      .catch((error: unknown) => {
        this.logger?.error({ err: error, participantId, sessionId }, 'telephone: an outbound call could not be made');
        return 'failed' as const;
      });
    await this.setState(sessionId, participantId, outcome);
    return outcome;
  }

  private async identityFor(regular: PhoneRegular, venueId: string, sessionId: string): Promise<CallIdentity> {
    const identity = await this.sessions.joinByPhone({ participantId: regular.participantId, displayName: regular.displayName }, venueId);
    if (identity.session.id !== sessionId) throw new AppError('CONFLICT', 'Calls go to the gathering of today only', 'sessionId');
    return identity;
  }

  private requireBridge(): PhoneBridge {
    if (!this.bridge) throw new AppError('PHONE_OFF', 'This server has no telephone (SIP) configured');
    return this.bridge;
  }

  /** Records the call's state for the roster; a state that cannot be recorded (Redis away) is logged, the call goes on. */
  private async setState(sessionId: string, participantId: string, state: CallOutState): Promise<void> {
    await this.states
      .set(sessionId, participantId, state)
      .catch((error: unknown) => this.logger?.warn({ err: error, participantId, sessionId, state }, 'telephone: call state not recorded'));
  }

  /** The number the callee sees: the venue's own line, else the organisation's. */
  private async lineOf(venueId: string, organisationId: string): Promise<string | null> {
    const [venueLine] = await this.db
      .select({ number: phoneLines.number })
      .from(phoneLines)
      .where(eq(phoneLines.venueId, venueId))
      .limit(1);
    if (venueLine) return venueLine.number;
    const [organisationLine] = await this.db
      .select({ number: phoneLines.number })
      .from(phoneLines)
      .where(and(eq(phoneLines.organisationId, organisationId), isNull(phoneLines.venueId)))
      .limit(1);
    return organisationLine?.number ?? null;
  }

  private async peopleInCall(sessionId: string): Promise<Set<string>> {
    const room = await this.rooms?.find(sessionId);
    return new Set((room?.listPeers() ?? []).flatMap((peer) => (peer.participantId ? [peer.participantId] : [])));
  }
}
