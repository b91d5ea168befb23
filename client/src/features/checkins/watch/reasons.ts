import type { TFunction } from 'i18next';
import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { WatchReason, WatchReasonKind } from '@shared/checkins/schemas';
import { formatJapanDay } from '../../../lib/staffFormat';
import { localized } from '../text';

type CheckinsT = TFunction<'checkins'>;

const numberOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The questionnaire's domains behind flagged item numbers, in the form's order, each once. */
export function domainsOf(items: number[]): string[] {
  return [...new Set(FRAILTY_ITEMS.filter((item) => items.includes(item.number)).map((item) => item.domain))];
}

/**
 * Why someone is on the watch-over list, in plain words: 「2回続けてお休み」, 「『きょうの気分は？』に 2回続けて
 * 『よくない』」, 「困りごとの相談がまだ（11月24日(火)）」, 「質問票で気になる項目：口腔機能、…」. Details the
 * server did not send fall back to a shorter sentence rather than a wrong one.
 */
export function reasonText(
  t: CheckinsT,
  reason: Pick<WatchReason, 'kind' | 'detail' | 'since'>,
  questions: CheckinQuestion[],
  language: string,
): string {
  const { detail } = reason;
  switch (reason.kind) {
    case 'absence': {
      const missed = numberOf(detail.missed);
      return missed === null ? t('watch.reasons.absenceShort') : t('watch.reasons.absence', { count: missed });
    }
    case 'repeated-concern': {
      const question = questions.find((q) => q.key === stringOf(detail.question));
      const answer = question?.answers.find((a) => a.key === stringOf(detail.answer));
      if (!question || !answer) return t('watch.reasons.concernShort');
      return t('watch.reasons.concern', {
        question: localized(question.label, language),
        answer: localized(answer.label, language),
        count: 2,
      });
    }
    case 'trouble':
      return t('watch.reasons.trouble', { date: formatJapanDay(reason.since, language) });
    case 'frailty': {
      const named = listOf(detail.domains).filter((d): d is string => typeof d === 'string');
      const domains = named.length ? named : domainsOf(listOf(detail.items).filter((n): n is number => typeof n === 'number'));
      return domains.length
        ? t('watch.reasons.frailty', { domains: domains.join(t('watch.domainSeparator')) })
        : t('watch.reasons.frailtyShort');
    }
  }
}

/** A mark for each kind, next to the words (never alone). */
export const REASON_MARK: Record<WatchReasonKind, string> = { absence: '📅', 'repeated-concern': '😟', trouble: '🙋', frailty: '📋' };
