import type { AttendanceMode } from '@shared/attendance/schemas';
import type { ParticipantSex } from '@shared/venues/surveyCategories';

/**
 * The national survey's figures of one venue over one period, from its held sessions and their attendance.
 * Pure: the rules are here, the reading is in queries.ts. Decisions (also written in the XLSX's 説明 sheet):
 *
 * - 開催頻度: held sessions per calendar month of the period (the month: its count; the fiscal year: the count
 *   divided by the months from April to the survey month). 4 or more: 週1回以上; 2 or more: 月2回以上4回未満;
 *   1 or more: 月1回以上2回未満; above 0: 月1回未満; none held: 開催なし. A cancelled session is not held.
 * - 1回あたりの参加者数: attendances (延べ人数) divided by held sessions, rounded to whole people (half up), then
 *   banded 1〜20人, 21〜40人, 41〜60人, 61〜80人, 81〜100人, 101人以上; once with everybody, once without online
 *   attendances, so an organiser can report either way.
 * - 年齢: the survey month's year minus the birth year (the age reached in that year: only the year of birth is
 *   kept). Bands 65〜74歳, 75歳以上, 65歳未満 (helpers, younger members), 年齢不明 (no birth year).
 * - オンラインのみ: somebody who attended in the period, every time online.
 */

export interface AttendanceFact {
  sessionId: string;
  participantId: string;
  mode: AttendanceMode;
  sex: ParticipantSex | null;
  birthYear: number | null;
}

export const FREQUENCY_CLASSES = ['週1回以上', '月2回以上4回未満', '月1回以上2回未満', '月1回未満', '開催なし'] as const;
export type FrequencyClass = (typeof FREQUENCY_CLASSES)[number];

export const SIZE_BANDS = ['1〜20人', '21〜40人', '41〜60人', '61〜80人', '81〜100人', '101人以上'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export const AGE_BANDS = ['65〜74歳', '75歳以上', '65歳未満', '年齢不明'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const SEX_GROUPS = ['男性', '女性', '性別不明'] as const;
export type SexGroup = (typeof SEX_GROUPS)[number];

/** Sex × age band, in the order of the export's columns: 男性 65〜74歳, 男性 75歳以上, … 性別不明 年齢不明. */
export const SEX_AGE_KEYS = SEX_GROUPS.flatMap((sex) => AGE_BANDS.map((age) => `${sex} ${age}`));

export interface SurveyFigures {
  sessionsHeld: number;
  frequency: FrequencyClass;
  /** Attendances per held session, to one decimal; null when none was held. */
  averagePerSession: number | null;
  sizeBand: SizeBand | null;
  averageWithoutOnline: number | null;
  sizeBandWithoutOnline: SizeBand | null;
  attendances: Record<AttendanceMode, number>;
  participants: { total: number; venue: number; online: number; phone: number; onlineOnly: number };
  /** Distinct participants by `SEX_AGE_KEYS`. */
  bySexAge: number[];
  /** Online-only participants by `SEX_AGE_KEYS`. */
  onlineOnlyBySexAge: number[];
}

export function frequencyClass(sessionsHeld: number, months: number): FrequencyClass {
  if (sessionsHeld === 0) return '開催なし';
  const perMonth = sessionsHeld / months;
  if (perMonth >= 4) return '週1回以上';
  if (perMonth >= 2) return '月2回以上4回未満';
  if (perMonth >= 1) return '月1回以上2回未満';
  return '月1回未満';
}

export function sizeBand(average: number): SizeBand {
  const people = Math.round(average);
  if (people > 100) return '101人以上';
  return SIZE_BANDS[Math.max(0, Math.ceil(people / 20) - 1)]!;
}

export function ageBand(birthYear: number | null, referenceYear: number): AgeBand {
  if (birthYear === null) return '年齢不明';
  const age = referenceYear - birthYear;
  if (age >= 75) return '75歳以上';
  if (age >= 65) return '65〜74歳';
  return '65歳未満';
}

const SEX_GROUP: Record<ParticipantSex, SexGroup> = { male: '男性', female: '女性' };

function sexAgeIndex(sex: ParticipantSex | null, birthYear: number | null, referenceYear: number): number {
  return SEX_AGE_KEYS.indexOf(`${sex ? SEX_GROUP[sex] : '性別不明'} ${ageBand(birthYear, referenceYear)}`);
}

/**
 * The figures of one venue over a period of `months` calendar months: `heldSessions` are the ids of its sessions
 * held in the period, `facts` their attendance rows (any others are ignored).
 */
export function surveyFigures(
  heldSessions: readonly string[],
  facts: readonly AttendanceFact[],
  months: number,
  referenceYear: number,
): SurveyFigures {
  const held = new Set(heldSessions);
  const attendances: Record<AttendanceMode, number> = { venue: 0, online: 0, phone: 0 };
  const people = new Map<string, { modes: Set<AttendanceMode>; sex: ParticipantSex | null; birthYear: number | null }>();
  for (const fact of facts) {
    if (!held.has(fact.sessionId)) continue;
    attendances[fact.mode]++;
    const person = people.get(fact.participantId) ?? { modes: new Set(), sex: fact.sex, birthYear: fact.birthYear };
    person.modes.add(fact.mode);
    people.set(fact.participantId, person);
  }
  const participants = { total: people.size, venue: 0, online: 0, phone: 0, onlineOnly: 0 };
  const bySexAge = SEX_AGE_KEYS.map(() => 0);
  const onlineOnlyBySexAge = SEX_AGE_KEYS.map(() => 0);
  for (const person of people.values()) {
    for (const mode of person.modes) participants[mode]++;
    const index = sexAgeIndex(person.sex, person.birthYear, referenceYear);
    bySexAge[index]!++;
    if (person.modes.size === 1 && person.modes.has('online')) {
      participants.onlineOnly++;
      onlineOnlyBySexAge[index]!++;
    }
  }
  const count = held.size;
  const average = count ? (attendances.venue + attendances.online + attendances.phone) / count : null;
  const withoutOnline = count ? (attendances.venue + attendances.phone) / count : null;
  return {
    sessionsHeld: count,
    frequency: frequencyClass(count, months),
    averagePerSession: average === null ? null : oneDecimal(average),
    sizeBand: average === null ? null : sizeBand(average),
    averageWithoutOnline: withoutOnline === null ? null : oneDecimal(withoutOnline),
    sizeBandWithoutOnline: withoutOnline === null ? null : sizeBand(withoutOnline),
    attendances,
    participants,
    bySexAge,
    onlineOnlyBySexAge,
  };
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
