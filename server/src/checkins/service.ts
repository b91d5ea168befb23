import { and, asc, eq, sql } from 'drizzle-orm';
import { DEFAULT_CHECKIN_QUESTIONS, type CheckinQuestion } from '@shared/checkins/questions';
import type { Checkin, CheckinOffer, CheckinTiming, ParticipantTrend, SubmitCheckin, VenueCheckinSettings } from '@shared/checkins/schemas';
import type { z } from 'zod';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { attendance, checkins, organisations, participants, sessions, venues } from '../db/schema';
import { AppError } from '../core/errors';
import { completeCheckinAnswers } from './answers';
import { assertConsent } from './consent';
import type { QuestionnaireService } from './questionnaires';
import { participantTrend } from './trend';

type CheckinRow = typeof checkins.$inferSelect;
type CheckinInput = z.output<typeof SubmitCheckin>;

/** The call's joins are written in batches (attendance/callFactQueue.ts): `flush` writes what is queued. */
export interface QueuedCallAttendance {
  flush(): void;
}

/**
 * Wellbeing check-ins: one per participant per session, answered at home on their own screen or recorded by
 * the host for people at the venue or on the phone. The organisation's questions, the venue's timing.
 */
export class CheckinService {
  /** Everything the offer needs in one statement, prepared once: it runs on every home participant's join. */
  private readonly offerFacts;

  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly questionnaires: QuestionnaireService,
    /** Written before the host records for someone: their call presence must be on disk to be checked. */
    private readonly callAttendance: QueuedCallAttendance,
  ) {
    this.offerFacts = db
      .select({
        consentAt: participants.wellbeingConsentAt,
        questions: organisations.checkinQuestions,
        timing: venues.checkinTiming,
        answeredId: checkins.id,
      })
      .from(participants)
      .innerJoin(organisations, eq(organisations.id, participants.organisationId))
      .innerJoin(sessions, eq(sessions.id, sql.placeholder('sessionId')))
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .leftJoin(checkins, and(eq(checkins.sessionId, sessions.id), eq(checkins.participantId, participants.id)))
      .where(eq(participants.id, sql.placeholder('participantId')))
      .prepare();
  }

  questionsOf(organisationId: string): CheckinQuestion[] {
    const row = this.db
      .select({ questions: organisations.checkinQuestions })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .get();
    return row?.questions ?? DEFAULT_CHECKIN_QUESTIONS;
  }

  /** Replaces the organisation's questions; answers already stored keep their keys. */
  setQuestions(user: AuthUser, questions: CheckinQuestion[]): CheckinQuestion[] {
    const before = this.questionsOf(user.organisationId);
    this.db.transaction((tx) => {
      tx.update(organisations).set({ checkinQuestions: questions }).where(eq(organisations.id, user.organisationId)).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'checkin-questions.update',
        entityType: 'organisation',
        entityId: user.organisationId,
        before,
        after: questions,
      });
    });
    return questions;
  }

  venueSettings(user: AuthUser, venueId: string): VenueCheckinSettings {
    this.permissions.assertVenue(user, venueId);
    const row = this.db.select({ checkinTiming: venues.checkinTiming }).from(venues).where(eq(venues.id, venueId)).get()!;
    return { venueId, checkinTiming: row.checkinTiming };
  }

  setVenueTiming(user: AuthUser, venueId: string, checkinTiming: CheckinTiming): VenueCheckinSettings {
    const before = this.venueSettings(user, venueId);
    this.db.transaction((tx) => {
      tx.update(venues).set({ checkinTiming }).where(eq(venues.id, venueId)).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'venue.checkin-timing',
        entityType: 'venue',
        entityId: venueId,
        before,
        after: { checkinTiming },
      });
    });
    return { venueId, checkinTiming };
  }

  /** What a home participant joining `sessionId` is offered (sent with the join answer). */
  offer(sessionId: string, participantId: string): CheckinOffer {
    const facts = this.offerFacts.get({ sessionId, participantId });
    if (!facts) throw new AppError('NOT_FOUND', 'No such participant or session');
    const consent = facts.consentAt !== null;
    return {
      consent,
      timing: facts.timing,
      questions: facts.questions ?? DEFAULT_CHECKIN_QUESTIONS,
      alreadyAnswered: facts.answeredId !== null,
      questionnaireDue: consent && this.questionnaires.isDue(participantId),
    };
  }

  list(user: AuthUser, sessionId: string): Checkin[] {
    this.permissions.assertSession(user, sessionId);
    return this.db
      .select()
      .from(checkins)
      .where(eq(checkins.sessionId, sessionId))
      .orderBy(asc(checkins.createdAt), asc(checkins.id))
      .all()
      .map(toCheckin);
  }

  /** The participant's own answers from the call. */
  submitOwn(sessionId: string, participantId: string, input: CheckinInput): Checkin {
    return this.store(sessionId, participantId, input, undefined);
  }

  /** The host records answers for someone at the venue or on the phone; they must be in the session's attendance. */
  record(user: AuthUser, sessionId: string, participantId: string, input: CheckinInput): Checkin {
    this.assertAccess(user, sessionId, participantId);
    this.callAttendance.flush();
    const present = this.db
      .select({ id: attendance.id })
      .from(attendance)
      .where(and(eq(attendance.sessionId, sessionId), eq(attendance.participantId, participantId)))
      .get();
    if (!present) throw new AppError('NOT_IN_SESSION', 'This person is not in this session’s attendance; mark them first');
    return this.store(sessionId, participantId, input, user);
  }

  /** The host talked to the person who pressed 「困りごとがある」. Idempotent. */
  markTroubleHandled(user: AuthUser, sessionId: string, participantId: string, now = new Date()): Checkin {
    this.assertAccess(user, sessionId, participantId);
    return this.db.transaction((tx) => {
      const row = findRow(tx, sessionId, participantId);
      if (!row) throw new AppError('NOT_FOUND', 'This person has no check-in in this session');
      if (!row.trouble) throw new AppError('CONFLICT', 'This check-in has no 困りごと request');
      if (row.troubleHandledAt) return toCheckin(row);
      tx.update(checkins).set({ troubleHandledAt: now, troubleHandledBy: user.id }).where(eq(checkins.id, row.id)).run();
      writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'checkin.trouble-handled',
        entityType: 'checkin',
        entityId: row.id,
        after: { sessionId, participantId },
      });
      return toCheckin(findRow(tx, sessionId, participantId)!);
    });
  }

  /** The participant's last six months, for a chart a non-specialist can read. */
  trend(user: AuthUser, participantId: string): ParticipantTrend {
    this.permissions.assertParticipant(user, participantId);
    return participantTrend(this.db, participantId, this.questionsOf(user.organisationId));
  }

  private assertAccess(user: AuthUser, sessionId: string, participantId: string): void {
    this.permissions.assertSession(user, sessionId);
    this.permissions.assertParticipant(user, participantId);
  }

  /**
   * One row per session and participant: a second check-in replaces the first. A request the host already
   * handled stays handled when the host corrects the answers; the participant asking again is a new request.
   * Audit entries never hold the answers (they outlive a withdrawal of consent).
   */
  private store(sessionId: string, participantId: string, input: CheckinInput, host: AuthUser | undefined): Checkin {
    const { organisationId } = assertConsent(this.db, participantId);
    const answers = completeCheckinAnswers(this.questionsOf(organisationId), input.answers);
    return this.db.transaction((tx) => {
      const before = findRow(tx, sessionId, participantId);
      const keepHandled = Boolean(host && before?.trouble && input.trouble);
      const values = {
        answers,
        trouble: input.trouble,
        troubleHandledAt: keepHandled ? before!.troubleHandledAt : null,
        troubleHandledBy: keepHandled ? before!.troubleHandledBy : null,
        recordedByUserId: host?.id ?? null,
      };
      if (before) tx.update(checkins).set(values).where(eq(checkins.id, before.id)).run();
      else
        tx.insert(checkins)
          .values({ id: newId('chk'), sessionId, participantId, ...values })
          .run();
      const after = findRow(tx, sessionId, participantId)!;
      if (host) {
        writeAudit(tx, {
          organisationId: host.organisationId,
          actorUserId: host.id,
          action: 'checkin.record',
          entityType: 'checkin',
          entityId: after.id,
          after: { sessionId, participantId, replaced: Boolean(before) },
        });
      }
      return toCheckin(after);
    });
  }
}

function findRow(db: Pick<Db, 'select'>, sessionId: string, participantId: string): CheckinRow | undefined {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.sessionId, sessionId), eq(checkins.participantId, participantId)))
    .get();
}

export function toCheckin(row: CheckinRow): Checkin {
  return {
    id: row.id,
    sessionId: row.sessionId,
    participantId: row.participantId,
    answers: row.answers,
    trouble: row.trouble,
    troubleHandledAt: row.troubleHandledAt?.toISOString() ?? null,
    recordedBy: row.recordedByUserId ? 'host' : 'self',
    updatedAt: row.updatedAt.toISOString(),
  };
}
