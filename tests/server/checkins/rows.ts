import type { CheckinAnswers } from '@shared/checkins/schemas';
import { assessFrailty } from '@shared/checkins/frailtyQuestionnaire';
import type { Db } from '../../../server/src/db/client';
import { newId } from '../../../server/src/db/ids';
import { checkins, questionnaireResponses } from '../../../server/src/db/schema';

/** Check-in and questionnaire rows straight into the database, for the watch-over rules. */

type CheckinInput = { sessionId: string; participantId: string; answers: CheckinAnswers; trouble?: boolean; recordedByUserId?: string };
type QuestionnaireInput = { participantId: string; completedAt: Date; answers: Record<string, string>; completedByUserId?: string };

/** All fifteen items answered without any risk answer. */
export const HEALTHY_QUESTIONNAIRE: Record<string, string> = {
  '1': 'よい',
  '2': '満足',
  '3': 'はい',
  '4': 'いいえ',
  '5': 'いいえ',
  '6': 'いいえ',
  '7': 'いいえ',
  '8': 'いいえ',
  '9': 'はい',
  '10': 'いいえ',
  '11': 'いいえ',
  '12': '吸っていない',
  '13': 'はい',
  '14': 'はい',
  '15': 'はい',
};

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** `count` weekly instants ending `weeksAgo` weeks before now, oldest first (10:00 JST-ish, any day). */
export function pastWeeks(count: number, weeksAgo = 1, now = Date.now()): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(now - (weeksAgo + count - 1 - i) * WEEK_MS));
}

/** A check-in row (on either database). */
export async function addCheckin(db: Db, input: CheckinInput): Promise<string> {
  const id = newId('chk');
  const { sessionId, participantId, answers } = input;
  await db
    .insert(checkins)
    .values({ id, sessionId, participantId, answers, trouble: input.trouble ?? false, recordedByUserId: input.recordedByUserId ?? null });
  return id;
}

/** A questionnaire response, its flagged items assessed as the service does. */
export async function addQuestionnaire(db: Db, input: QuestionnaireInput): Promise<string> {
  const id = newId('frq');
  const { participantId, completedAt, answers } = input;
  const flaggedItems = assessFrailty(answers).flaggedItems;
  await db
    .insert(questionnaireResponses)
    .values({ id, participantId, completedAt, answers, flaggedItems, completedByUserId: input.completedByUserId ?? null });
  return id;
}
