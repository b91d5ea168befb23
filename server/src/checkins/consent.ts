import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { checkins, participants, questionnaireResponses } from '../db/schema';
import { AppError } from '../core/errors';

type Tx = Db;

/**
 * Wellbeing answers are health information: stored only for a participant whose consent is recorded.
 * Returns the participant's organisation.
 */
export async function assertConsent(db: Pick<Db, 'select'>, participantId: string): Promise<{ organisationId: string }> {
  const row = (
    await db
      .select({ organisationId: participants.organisationId, consentAt: participants.wellbeingConsentAt })
      .from(participants)
      .where(eq(participants.id, participantId))
      .limit(1)
  )[0];
  if (!row) throw new AppError('NOT_FOUND', 'No participant with this id');
  if (!row.consentAt) throw new AppError('NO_CONSENT', 'This participant has not agreed to their wellbeing answers being stored');
  return { organisationId: row.organisationId };
}

/** Consent withdrawn: every check-in and questionnaire of the participant goes (attendance stays). Run it in the withdrawal's transaction. */
export async function deleteWellbeingAnswers(tx: Tx, participantId: string): Promise<{ checkins: number; questionnaires: number }> {
  return {
    checkins: (await tx.delete(checkins).where(eq(checkins.participantId, participantId)).returning({ id: checkins.id })).length,
    questionnaires: (
      await tx
        .delete(questionnaireResponses)
        .where(eq(questionnaireResponses.participantId, participantId))
        .returning({ id: questionnaireResponses.id })
    ).length,
  };
}
