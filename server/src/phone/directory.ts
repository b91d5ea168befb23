import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { ErrorCode } from '@shared/ack';
import { KEYPAD_NUMBER_PATTERN, normalisePhoneNumber } from '@shared/phone/numbers';
import { currentPause } from '../checkins/pauses';
import { systemClock, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { participantPhoneNumbers, participants, phoneKeypadNumbers, phoneLines, sessions, venueMembers } from '../db/schema';
import type { CallIdentity, SessionService } from '../sessions/service';
import { KeypadAttempts } from './limits';

/** Why a call was not put through; the IVR picks its prompt from it. */
export type PhoneRefusal =
  /** The dialled number is not one of ours (no organisation): the SIP layer answers 404. */
  | 'UNKNOWN_LINE'
  /** The caller's number is not registered (or shared, or withheld): ask for the keypad number. */
  | 'NEEDS_KEYPAD_NUMBER'
  | 'WRONG_KEYPAD_NUMBER'
  /** Too many wrong keypad numbers from this caller or on this line: a kind goodbye. */
  | 'TOO_MANY_ATTEMPTS'
  | 'PARTICIPANT_PAUSED'
  | 'PARTICIPANT_LEFT'
  | 'PARTICIPANT_ERASED'
  | 'NO_ACTIVE_SESSION'
  | 'NOT_YET_OPEN'
  | 'SESSION_ENDED'
  | 'SESSION_CANCELLED';

export interface PhoneMatch {
  ok: true;
  organisationId: string;
  venueId: string;
  /** Who joins which session, as a home link would (peer id `tel-…`). */
  identity: CallIdentity;
}

export interface PhoneRefused {
  ok: false;
  reason: PhoneRefusal;
  /** NOT_YET_OPEN: when joining opens; NO_ACTIVE_SESSION, SESSION_ENDED, SESSION_CANCELLED: the next gathering, if any. */
  opensAt?: Date;
  nextStartsAt?: Date;
  /** TOO_MANY_ATTEMPTS: when the caller may try again. */
  retryAfterMs?: number;
}

export type PhoneLookup = PhoneMatch | PhoneRefused;

/** A phone regular of a session: someone the host can call with 「電話をかける」. */
export interface PhoneRegular {
  participantId: string;
  displayName: string;
  /** E.164, the first of their numbers. */
  number: string;
}

const JOIN_REFUSALS: Partial<Record<ErrorCode, PhoneRefusal>> = {
  NO_ACTIVE_SESSION: 'NO_ACTIVE_SESSION',
  NOT_YET_OPEN: 'NOT_YET_OPEN',
  SESSION_ENDED: 'SESSION_ENDED',
  SESSION_CANCELLED: 'SESSION_CANCELLED',
};

interface Line {
  number: string;
  organisationId: string;
  venueId: string | null;
}

/**
 * Who is calling, and which session they join (issue #14): by the calling number, or by the keypad number on their
 * card, on a line (DID) that belongs to one organisation, so no call ever reaches another organisation. The same day
 * rules as an invite link; people who left, were erased or are paused (お休み中) are refused with the reason.
 */
export class PhoneDirectory {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
    private readonly clock: Clock = systemClock,
    private readonly attempts: KeypadAttempts = new KeypadAttempts(),
  ) {}

  /** By the caller's number alone: a match only when exactly one active person of the line has it. */
  async byCaller(dialled: string, caller: string | null): Promise<PhoneLookup> {
    const line = await this.line(dialled);
    if (!line) return { ok: false, reason: 'UNKNOWN_LINE' };
    const number = caller === null ? null : normalisePhoneNumber(caller);
    if (!number) return { ok: false, reason: 'NEEDS_KEYPAD_NUMBER' };
    const holders: { participantId: string; leftAt: Date | null }[] = [];
    const withNumber = await this.db
      .select({ participantId: participantPhoneNumbers.participantId, leftAt: participants.leftAt })
      .from(participantPhoneNumbers)
      .innerJoin(participants, eq(participants.id, participantPhoneNumbers.participantId))
      .where(and(eq(participantPhoneNumbers.organisationId, line.organisationId), eq(participantPhoneNumbers.number, number)));
    for (const h of withNumber) if (line.venueId === null || (await this.venuesOf(h.participantId)).includes(line.venueId)) holders.push(h);
    const active = holders.filter((h) => !h.leftAt);
    if (active.length === 1) return this.join(line, active[0]!.participantId);
    if (active.length === 0 && holders.length > 0) return { ok: false, reason: 'PARTICIPANT_LEFT' };
    return { ok: false, reason: 'NEEDS_KEYPAD_NUMBER' };
  }

  /** By the keypad number, within the attempt limits per caller and per line; a wrong one counts against both. */
  async byKeypadNumber(dialled: string, keypadNumber: string, caller: string | null): Promise<PhoneLookup> {
    const line = await this.line(dialled);
    if (!line) return { ok: false, reason: 'UNKNOWN_LINE' };
    // A number the trunk gave in no known form (anonymous, …) counts as withheld: per line, never across lines.
    const callerNumber = caller === null ? null : normalisePhoneNumber(caller);
    const attempt = await this.attempts.begin(line.number, callerNumber);
    if (!attempt.allowed) return { ok: false, reason: 'TOO_MANY_ATTEMPTS', retryAfterMs: attempt.retryAfterMs };
    const [holder] = KEYPAD_NUMBER_PATTERN.test(keypadNumber)
      ? await this.db
          .select({ participantId: phoneKeypadNumbers.participantId })
          .from(phoneKeypadNumbers)
          .where(and(eq(phoneKeypadNumbers.organisationId, line.organisationId), eq(phoneKeypadNumbers.keypadNumber, keypadNumber)))
          .limit(1)
      : [];
    if (!holder || (line.venueId !== null && !(await this.venuesOf(holder.participantId)).includes(line.venueId)))
      return { ok: false, reason: 'WRONG_KEYPAD_NUMBER' };
    await this.attempts.succeeded(line.number, callerNumber);
    return this.join(line, holder.participantId);
  }

  /**
   * A caller another node handed over (a signed hand-off): the same checks as at that node (still coming, the
   * gathering open), for the session named, which must be the one they join now.
   */
  async byHandOff(sessionId: string, participantId: string): Promise<PhoneLookup> {
    const [row] = await this.db.select({ venueId: sessions.venueId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
    const [person] = await this.db
      .select({ organisationId: participants.organisationId })
      .from(participants)
      .where(eq(participants.id, participantId))
      .limit(1);
    if (!row || !person) return { ok: false, reason: 'NO_ACTIVE_SESSION' };
    const found = await this.join({ number: '', organisationId: person.organisationId, venueId: row.venueId }, participantId);
    if (found.ok && found.identity.session.id !== sessionId) return { ok: false, reason: 'NO_ACTIVE_SESSION' };
    return found;
  }

  /** The session's venue members still in the group, not paused, with a registered number: whom 「電話をかける」 can ring. */
  async phoneRegulars(sessionId: string): Promise<PhoneRegular[]> {
    const [session] = await this.db.select({ venueId: sessions.venueId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
    if (!session) throw new AppError('SESSION_NOT_FOUND', 'No session has this id');
    const now = this.clock.now();
    const everyone = await this.db
      .select({ participantId: participants.id, displayName: participants.displayName })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .where(and(eq(venueMembers.venueId, session.venueId), isNull(participants.leftAt), isNull(participants.erasedAt)))
      .orderBy(asc(participants.kana), asc(participants.displayName));
    const members: typeof everyone = [];
    for (const m of everyone) if (!(await currentPause(this.db, m.participantId, now))) members.push(m);
    const first = await this.firstNumbers(members.map((m) => m.participantId));
    return members.flatMap((m) => {
      const number = first.get(m.participantId);
      return number ? [{ ...m, number }] : [];
    });
  }

  /** The number an outbound call rings for this participant (their first), or null when they have none. */
  async numberToCall(participantId: string): Promise<string | null> {
    return (await this.firstNumbers([participantId])).get(participantId) ?? null;
  }

  private async firstNumbers(participantIds: string[]): Promise<Map<string, string>> {
    if (participantIds.length === 0) return new Map();
    const rows = await this.db
      .select({ participantId: participantPhoneNumbers.participantId, number: participantPhoneNumbers.number })
      .from(participantPhoneNumbers)
      .where(inArray(participantPhoneNumbers.participantId, participantIds))
      .orderBy(asc(participantPhoneNumbers.createdAt), asc(participantPhoneNumbers.id));
    const first = new Map<string, string>();
    for (const r of rows) if (!first.has(r.participantId)) first.set(r.participantId, r.number);
    return first;
  }

  private async line(dialled: string): Promise<Line | undefined> {
    const number = normalisePhoneNumber(dialled);
    if (!number) return undefined;
    const [line] = await this.db.select().from(phoneLines).where(eq(phoneLines.number, number)).limit(1);
    return line;
  }

  private async venuesOf(participantId: string): Promise<string[]> {
    const rows = await this.db
      .select({ venueId: venueMembers.venueId })
      .from(venueMembers)
      .where(eq(venueMembers.participantId, participantId));
    return rows.map((m) => m.venueId);
  }

  /** The person is known: are they still coming, and is there a gathering to join now? */
  private async join(line: Line, participantId: string): Promise<PhoneLookup> {
    const [person] = await this.db.select().from(participants).where(eq(participants.id, participantId)).limit(1);
    if (!person) return { ok: false, reason: 'UNKNOWN_LINE' };
    if (person.organisationId !== line.organisationId) return { ok: false, reason: 'UNKNOWN_LINE' };
    if (person.erasedAt) return { ok: false, reason: 'PARTICIPANT_ERASED' };
    if (person.leftAt) return { ok: false, reason: 'PARTICIPANT_LEFT' };
    if (await currentPause(this.db, participantId, this.clock.now())) return { ok: false, reason: 'PARTICIPANT_PAUSED' };
    const venueId = line.venueId ?? (await this.bestVenue(participantId));
    if (!venueId) return { ok: false, reason: 'NO_ACTIVE_SESSION' };
    try {
      const identity = await this.sessions.joinByPhone({ participantId, displayName: person.displayName }, venueId);
      return { ok: true, organisationId: line.organisationId, venueId, identity };
    } catch (error) {
      const reason = error instanceof AppError ? JOIN_REFUSALS[error.code] : undefined;
      if (!reason) throw error;
      const day = await this.sessions.venueDay(venueId);
      return {
        ok: false,
        reason,
        ...(reason === 'NOT_YET_OPEN' && day.joinOpensAt ? { opensAt: day.joinOpensAt } : {}),
        ...(day.next ? { nextStartsAt: day.next } : {}),
      };
    }
  }

  /** On the organisation's one line: of the person's venues, the one open now, else the next to open, else the first. */
  private async bestVenue(participantId: string): Promise<string | undefined> {
    const days: { venueId: string; day: string }[] = [];
    for (const venueId of await this.venuesOf(participantId)) days.push({ venueId, day: (await this.sessions.venueDay(venueId)).day });
    return (days.find((d) => d.day === 'open') ?? days.find((d) => d.day === 'upcoming') ?? days[0])?.venueId;
  }
}
