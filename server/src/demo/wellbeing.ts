import { assessFrailty, FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { CheckinAnswers } from '@shared/checkins/schemas';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { checkins, questionnaireResponses } from '../db/schema';

/** One past demo session and who came, by their index in the demo participants, and how. */
export interface DemoAttendance {
  sessionId: string;
  /** 0 = the venue's last meeting, 1 = the one before, … */
  weeksAgo: number;
  startsAt: Date;
  people: { index: number; participantId: string; mode: 'venue' | 'online' | 'phone' }[];
}

const QUESTION_KEYS = ['mood', 'body', 'sleep', 'meals', 'outings'] as const;
const CALM = ['good', 'ok', 'good', 'good', 'ok'] as const;

/**
 * A few realistic worries, so that 見守り and the trends show something on first start (by participant index):
 * 高橋 正男 has slept badly twice in a row, 田中 千代 asked to talk last week (困りごと, not handled yet),
 * 中村 ふみ has felt low twice in a row. Everyone else answers calmly, with an occasional よくない.
 */
const WORRIES: Record<number, (weeksAgo: number) => { answers?: CheckinAnswers; trouble?: boolean }> = {
  3: (w) => (w <= 1 ? { answers: { sleep: 'bad' } } : {}),
  4: (w) => (w === 0 ? { answers: { body: 'bad' }, trouble: true } : {}),
  7: (w) => (w <= 1 ? { answers: { mood: 'bad' } } : {}),
};

/**
 * Every consenting participant's check-in at each past session they came to: answered on their own screen when
 * online, recorded by the host otherwise. Deterministic: the answers follow the person and the week.
 */
export async function insertDemoCheckins(
  tx: Db,
  held: DemoAttendance[],
  consenting: (index: number) => boolean,
  hostId: string,
): Promise<void> {
  for (const session of held) {
    for (const { index, participantId, mode } of session.people) {
      if (!consenting(index)) continue;
      const { answers: worries = {}, trouble = false } = WORRIES[index]?.(session.weeksAgo) ?? {};
      const answers: CheckinAnswers = Object.fromEntries(
        QUESTION_KEYS.map((key, q) => [
          key,
          (index + session.weeksAgo + q) % 11 === 0 ? 'bad' : CALM[(index + q + session.weeksAgo) % CALM.length]!,
        ]),
      );
      const at = new Date(session.startsAt.getTime() + 20 * 60_000);
      await tx.insert(checkins).values({
        id: newId('chk'),
        sessionId: session.sessionId,
        participantId,
        answers: { ...answers, ...worries },
        trouble,
        recordedByUserId: mode === 'online' ? null : hostId,
        createdAt: at,
        updatedAt: at,
      });
    }
  }
}

/** One frailty questionnaire a month ago, with the two 口腔機能 items flagged (むせる, 固いものが食べにくい). */
export async function insertDemoQuestionnaire(tx: Db, participantId: string, now: Date, hostId: string): Promise<void> {
  const answers = Object.fromEntries(
    FRAILTY_ITEMS.map((item) => [String(item.number), item.options.find((o) => !item.riskAnswers.includes(o))!]),
  );
  answers['4'] = 'はい';
  answers['5'] = 'はい';
  const completedAt = new Date(now.getTime() - 30 * 86_400_000);
  await tx.insert(questionnaireResponses).values({
    id: newId('frq'),
    participantId,
    completedAt,
    completedByUserId: hostId,
    answers,
    flaggedItems: assessFrailty(answers).flaggedItems,
    createdAt: completedAt,
  });
}
