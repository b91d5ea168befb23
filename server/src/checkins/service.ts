import { inTransaction } from '../db/transaction';
import { and, asc, eq, sql } from 'drizzle-orm';
import { DEFAULT_CHECKIN_QUESTIONS, type CheckinQuestion } from '@shared/checkins/questions';
import type {
  Checkin,
  CheckinAnswers,
  CheckinOffer,
  CheckinTiming,
  ParticipantTrend,
  SubmitCheckin,
  VenueCheckinSettings,
} from '@shared/checkins/schemas';
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
import type { StaffLiveChanges } from '../staffLive/changes';

type CheckinRow = typeof checkins.$inferSelect;
type CheckinInput = z.output<typeof SubmitCheckin>;

/** The call's joins are written in batches (attendance/callFactQueue.ts): `flush` writes what is queued. */
export interface QueuedCallAttendance {
  flush(): Promise<void>;
}

/**
 * Wellbeing check-ins: one per participant per session, answered at home on their own screen or recorded by
 * the host for people at the venue or on the phone. The organisation's questions, the venue's timing.
 */
export class CheckinService {
  /** Everything the offer needs in one statement, prepared once (awaited on both databases): it runs on every home join. */
  private readonly offerFacts;

  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly questionnaires: QuestionnaireService,
    /** Written before the host records for someone: their call presence must be on disk to be checked. */
    private readonly callAttendance: QueuedCallAttendance,
    /** Told after a 困りごと is asked, withdrawn or handled: staff pages show it live. */
    private readonly live?: Pick<StaffLiveChanges, 'emit'>,
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
      .limit(1)
      .prepare();
  }

  async questionsOf(organisationId: string): Promise<CheckinQuestion[]> {
    const row = (
      await this.db
        .select({ questions: organisations.checkinQuestions })
        .from(organisations)
        .where(eq(organisations.id, organisationId))
        .limit(1)
    )[0];
    return row?.questions ?? DEFAULT_CHECKIN_QUESTIONS;
  }

  /** Replaces the organisation's questions; answers already stored keep their keys. */
  async setQuestions(user: AuthUser, questions: CheckinQuestion[]): Promise<CheckinQuestion[]> {
    const before = await this.questionsOf(user.organisationId);
    await inTransaction(this.db, async (tx) => {
      await tx.update(organisations).set({ checkinQuestions: questions }).where(eq(organisations.id, user.organisationId));
      await writeAudit(tx, {
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

  async venueSettings(user: AuthUser, venueId: string): Promise<VenueCheckinSettings> {
    this.permissions.assertVenue(user, venueId);
    const row = (await this.db.select({ checkinTiming: venues.checkinTiming }).from(venues).where(eq(venues.id, venueId)).limit(1))[0]!;
    return { venueId, checkinTiming: row.checkinTiming };
  }

  async setVenueTiming(user: AuthUser, venueId: string, checkinTiming: CheckinTiming): Promise<VenueCheckinSettings> {
    const before = await this.venueSettings(user, venueId);
    await inTransaction(this.db, async (tx) => {
      await tx.update(venues).set({ checkinTiming }).where(eq(venues.id, venueId));
      await writeAudit(tx, {
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
  async offer(sessionId: string, participantId: string): Promise<CheckinOffer> {
    const [facts] = await this.offerFacts.execute({ sessionId, participantId });
    if (!facts) throw new AppError('NOT_FOUND', 'No such participant or session');
    const consent = facts.consentAt !== null;
    return {
      consent,
      timing: facts.timing,
      questions: facts.questions ?? DEFAULT_CHECKIN_QUESTIONS,
      alreadyAnswered: facts.answeredId !== null,
      questionnaireDue: consent && (await this.questionnaires.isDue(participantId)),
    };
  }

  async list(user: AuthUser, sessionId: string): Promise<Checkin[]> {
    await this.permissions.assertSession(user, sessionId);
    return (
      await this.db.select().from(checkins).where(eq(checkins.sessionId, sessionId)).orderBy(asc(checkins.createdAt), asc(checkins.id))
    ).map(toCheckin);
  }

  /** The participant's own answers from the call. */
  async submitOwn(sessionId: string, participantId: string, input: CheckinInput): Promise<Checkin> {
    return await this.store(sessionId, participantId, input, undefined);
  }

  /** The host records answers for someone at the venue or on the phone; they must be in the session's attendance. */
  async record(user: AuthUser, sessionId: string, participantId: string, input: CheckinInput): Promise<Checkin> {
    await this.assertAccess(user, sessionId, participantId);
    await this.callAttendance.flush();
    const present = (
      await this.db
        .select({ id: attendance.id })
        .from(attendance)
        .where(and(eq(attendance.sessionId, sessionId), eq(attendance.participantId, participantId)))
        .limit(1)
    )[0];
    if (!present) throw new AppError('NOT_IN_SESSION', 'This person is not in this session’s attendance; mark them first');
    return await this.store(sessionId, participantId, input, user);
  }

  /** The host talked to the person who pressed 「困りごとがある」. Idempotent. */
  async markTroubleHandled(user: AuthUser, sessionId: string, participantId: string, now = new Date()): Promise<Checkin> {
    await this.assertAccess(user, sessionId, participantId);
    const checkin = await this.handleTrouble(user, sessionId, participantId, now);
    this.live?.emit('trouble', sessionId, participantId);
    return checkin;
  }

  private async handleTrouble(user: AuthUser, sessionId: string, participantId: string, now: Date): Promise<Checkin> {
    return await inTransaction(this.db, async (tx) => {
      const row = await findRow(tx, sessionId, participantId);
      if (!row) throw new AppError('NOT_FOUND', 'This person has no check-in in this session');
      if (!row.trouble) throw new AppError('CONFLICT', 'This check-in has no 困りごと request');
      if (row.troubleHandledAt) return toCheckin(row);
      await tx.update(checkins).set({ troubleHandledAt: now, troubleHandledBy: user.id }).where(eq(checkins.id, row.id));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'checkin.trouble-handled',
        entityType: 'checkin',
        entityId: row.id,
        after: { sessionId, participantId },
      });
      return toCheckin((await findRow(tx, sessionId, participantId))!);
    });
  }

  /** The participant's last six months, for a chart a non-specialist can read. */
  async trend(user: AuthUser, participantId: string): Promise<ParticipantTrend> {
    await this.permissions.assertParticipant(user, participantId);
    return await participantTrend(this.db, participantId, await this.questionsOf(user.organisationId));
  }

  private async assertAccess(user: AuthUser, sessionId: string, participantId: string): Promise<void> {
    await this.permissions.assertSession(user, sessionId);
    await this.permissions.assertParticipant(user, participantId);
  }

  /**
   * One row per session and participant: a second check-in replaces the first. A request the host already
   * handled stays handled when the host corrects the answers; the participant asking again is a new request.
   * Audit entries never hold the answers (they outlive a withdrawal of consent).
   */
  private async store(sessionId: string, participantId: string, input: CheckinInput, host: AuthUser | undefined): Promise<Checkin> {
    const { organisationId } = await assertConsent(this.db, participantId);
    const answers = completeCheckinAnswers(await this.questionsOf(organisationId), input.answers);
    const { checkin, troubleBefore } = await this.write(sessionId, participantId, answers, input.trouble, host);
    if (checkin.trouble || troubleBefore) this.live?.emit('trouble', sessionId, participantId);
    return checkin;
  }

  private async write(
    sessionId: string,
    participantId: string,
    answers: CheckinAnswers,
    trouble: boolean,
    host: AuthUser | undefined,
  ): Promise<{ checkin: Checkin; troubleBefore: boolean }> {
    return await inTransaction(this.db, async (tx) => {
      const before = await findRow(tx, sessionId, participantId);
      const keepHandled = Boolean(host && before?.trouble && trouble);
      const values = {
        answers,
        trouble,
        troubleHandledAt: keepHandled ? before!.troubleHandledAt : null,
        troubleHandledBy: keepHandled ? before!.troubleHandledBy : null,
        recordedByUserId: host?.id ?? null,
      };
      // On PostgreSQL two submissions run side by side: the one whose insert finds the other's row updates it.
      const inserted = before
        ? []
        : await tx
            .insert(checkins)
            .values({ id: newId('chk'), sessionId, participantId, ...values })
            .onConflictDoNothing()
            .returning({ id: checkins.id });
      if (inserted.length === 0)
        await tx
          .update(checkins)
          .set(values)
          .where(and(eq(checkins.sessionId, sessionId), eq(checkins.participantId, participantId)));
      const after = (await findRow(tx, sessionId, participantId))!;
      if (host) {
        await writeAudit(tx, {
          organisationId: host.organisationId,
          actorUserId: host.id,
          action: 'checkin.record',
          entityType: 'checkin',
          entityId: after.id,
          after: { sessionId, participantId, replaced: Boolean(before) },
        });
      }
      return { checkin: toCheckin(after), troubleBefore: Boolean(before?.trouble) };
    });
  }
}

async function findRow(db: Pick<Db, 'select'>, sessionId: string, participantId: string): Promise<CheckinRow | undefined> {
  return (
    await db
      .select()
      .from(checkins)
      .where(and(eq(checkins.sessionId, sessionId), eq(checkins.participantId, participantId)))
      .limit(1)
  )[0];
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
