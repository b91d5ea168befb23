import type { CheckinQuestion } from '@shared/checkins/questions';
import type { CheckinAnswers, WatchReason, WatchReasonKind } from '@shared/checkins/schemas';
import { flaggedDomains } from './questionnaires';

/**
 * The watch-over rules (見守り), as pure functions of stored facts. Each reason has a stable key naming the
 * occurrence it is about; once that key is handled the reason leaves the list, and a new occurrence (another
 * missed session, another check-in) has a new key.
 */

/** "Normally attends": came to at least half of the (up to) eight held sessions just before the streak. */
export const NORMAL_ATTENDANCE_WINDOW = 8;
export const DEFAULT_ABSENCES = 2;

export interface HeldSession {
  id: string;
  startsAt: Date;
}

/**
 * (a) Absent from the last `minStreak` or more consecutive held sessions of a venue they normally attend.
 * `held` is the venue's held sessions, newest first. Somebody who never came, or came to fewer than half of
 * the sessions before the streak, is not "missing": they are not listed. Key: `absence:<last missed session id>`.
 */
export function absenceReason(held: HeldSession[], attended: (sessionId: string) => boolean, minStreak: number): WatchReason | null {
  let streak = 0;
  while (streak < held.length && !attended(held[streak]!.id)) streak++;
  if (streak === 0 || streak < minStreak) return null;
  const before = held.slice(streak, streak + NORMAL_ATTENDANCE_WINDOW);
  const came = before.filter((s) => attended(s.id)).length;
  if (before.length === 0 || came * 2 < before.length) return null;
  return {
    key: `absence:${held[0]!.id}`,
    kind: 'absence',
    detail: { missed: streak, attendedBefore: came, sessionsBefore: before.length },
    since: held[streak - 1]!.startsAt.toISOString(),
  };
}

export interface CheckinFacts {
  id: string;
  answers: CheckinAnswers;
  /** When the session took place. */
  at: Date;
}

/**
 * (b) A concern answer (e.g. 😟 よくない) to the same question in both of the last two check-ins, one reason per
 * such question. Key: `concern:<question>:<latest check-in id>`.
 */
export function repeatedConcernReasons(lastTwo: CheckinFacts[], questions: CheckinQuestion[]): WatchReason[] {
  const [latest, previous] = lastTwo;
  if (!latest || !previous) return [];
  return questions
    .filter((q) => isConcern(q, latest.answers[q.key]) && isConcern(q, previous.answers[q.key]))
    .map((q) => ({
      key: `concern:${q.key}:${latest.id}`,
      kind: 'repeated-concern' as const,
      detail: { question: q.key, answer: latest.answers[q.key]!, previousAnswer: previous.answers[q.key]! },
      since: previous.at.toISOString(),
    }));
}

const isConcern = (question: CheckinQuestion, answer: string | undefined) =>
  question.answers.find((a) => a.key === answer)?.concern ?? false;

/** (c) A 「困りごとがある」 request nobody has handled yet. Key: `trouble:<check-in id>`. */
export function troubleReason(checkin: { id: string; sessionId: string; requestedAt: Date }): WatchReason {
  return {
    key: `trouble:${checkin.id}`,
    kind: 'trouble',
    detail: { sessionId: checkin.sessionId },
    since: checkin.requestedAt.toISOString(),
  };
}

/** (d) Flagged items on the latest frailty questionnaire. Key: `frailty:<response id>`. */
export function frailtyReason(latest: { id: string; completedAt: Date; flaggedItems: number[] } | undefined): WatchReason | null {
  if (!latest || latest.flaggedItems.length === 0) return null;
  return {
    key: `frailty:${latest.id}`,
    kind: 'frailty',
    detail: { items: latest.flaggedItems, domains: flaggedDomains(latest.flaggedItems) },
    since: latest.completedAt.toISOString(),
  };
}

const KIND_BY_PREFIX: Record<string, WatchReasonKind> = {
  absence: 'absence',
  concern: 'repeated-concern',
  trouble: 'trouble',
  frailty: 'frailty',
};

/** The kind a reason key names, from its prefix. */
export function kindOfKey(key: string): WatchReasonKind | undefined {
  return KIND_BY_PREFIX[key.split(':')[0]!];
}

/** Most urgent first: someone asking for help, then worrying answers, absences, questionnaire flags. */
const ORDER: WatchReasonKind[] = ['trouble', 'repeated-concern', 'absence', 'frailty'];
export const byUrgency = (a: WatchReason, b: WatchReason) =>
  ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.since.localeCompare(b.since);
