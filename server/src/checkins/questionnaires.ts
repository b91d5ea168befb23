import { inTransaction } from '../db/transaction';
import { desc, eq } from 'drizzle-orm';
import { assessFrailty, FRAILTY_ITEMS, FRAILTY_QUESTIONNAIRE_INTERVAL_MONTHS } from '@shared/checkins/frailtyQuestionnaire';
import type { QuestionnaireResult, QuestionnaireStatus } from '@shared/checkins/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { participants, questionnaireResponses } from '../db/schema';
import { AppError } from '../core/errors';
import { addJapanMonths } from '@shared/japanTime';
import { checkQuestionnaireAnswers } from './answers';
import { assertConsent } from './consent';

type ResponseRow = typeof questionnaireResponses.$inferSelect;

/** The 15-item 後期高齢者の質問票: at most once every six months, self- or host-completed, consent required. */
export class QuestionnaireService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  async status(user: AuthUser, participantId: string, now = new Date()): Promise<QuestionnaireStatus> {
    await this.permissions.assertParticipant(user, participantId);
    const latest = await this.latest(participantId);
    const nextDue = latest ? nextDueAt(latest) : null;
    const consent = (
      await this.db.select({ at: participants.wellbeingConsentAt }).from(participants).where(eq(participants.id, participantId)).limit(1)
    )[0]?.at;
    const due = Boolean(consent) && (!nextDue || nextDue <= now);
    return { latest: latest ? toResult(latest) : null, due, nextDueAt: nextDue?.toISOString() ?? null };
  }

  /** The host fills it in with the participant (or on paper, typed in later). */
  async submitByHost(user: AuthUser, participantId: string, answers: Record<string, string>): Promise<QuestionnaireResult> {
    await this.permissions.assertParticipant(user, participantId);
    return await this.submit(participantId, answers, user);
  }

  /** Whether it may be offered now: consent given and none in the last six months. */
  async isDue(participantId: string, now = new Date()): Promise<boolean> {
    const latest = await this.latest(participantId);
    return !latest || nextDueAt(latest) <= now;
  }

  /** Stores a completed questionnaire with its flags; `by` is the host, or undefined when self-completed. */
  async submit(
    participantId: string,
    answers: Record<string, string>,
    by: AuthUser | undefined,
    now = new Date(),
  ): Promise<QuestionnaireResult> {
    await assertConsent(this.db, participantId);
    const checked = checkQuestionnaireAnswers(answers);
    const row: ResponseRow = {
      id: newId('frq'),
      participantId,
      completedAt: now,
      completedByUserId: by?.id ?? null,
      answers: checked,
      flaggedItems: assessFrailty(checked).flaggedItems,
      createdAt: now,
    };
    await inTransaction(this.db, async (tx) => {
      // In the transaction: two devices submitting at once cannot both pass the six-month rule.
      const latest = await this.latest(participantId, tx);
      if (latest && nextDueAt(latest) > now) {
        throw new AppError('CONFLICT', `The questionnaire was completed less than ${FRAILTY_QUESTIONNAIRE_INTERVAL_MONTHS} months ago`);
      }
      await tx.insert(questionnaireResponses).values(row);
      if (by) {
        await writeAudit(tx, {
          organisationId: by.organisationId,
          actorUserId: by.id,
          action: 'questionnaire.record',
          entityType: 'participant',
          entityId: participantId,
          after: { responseId: row.id },
        });
      }
    });
    return toResult(row);
  }

  async latest(participantId: string, db: Pick<Db, 'select'> = this.db): Promise<ResponseRow | undefined> {
    return (
      await db
        .select()
        .from(questionnaireResponses)
        .where(eq(questionnaireResponses.participantId, participantId))
        .orderBy(desc(questionnaireResponses.completedAt))
        .limit(1)
    )[0];
  }
}

const nextDueAt = (row: ResponseRow) => addJapanMonths(row.completedAt, FRAILTY_QUESTIONNAIRE_INTERVAL_MONTHS);

export function toResult(row: ResponseRow): QuestionnaireResult {
  return {
    id: row.id,
    participantId: row.participantId,
    completedAt: row.completedAt.toISOString(),
    completedBy: row.completedByUserId ? 'host' : 'self',
    answers: row.answers,
    flaggedItems: row.flaggedItems,
    flaggedDomains: flaggedDomains(row.flaggedItems),
  };
}

/** The questionnaire's domains with at least one of these items, in the questionnaire's order. */
export function flaggedDomains(items: number[]): string[] {
  return [...new Set(FRAILTY_ITEMS.filter((item) => items.includes(item.number)).map((item) => item.domain))];
}
