import type { TFunction } from 'i18next';
import type { Schedule, SessionListItem } from '@shared/venues/schemas';
import { japanDate } from '@shared/japanTime';

/** 0 = Sunday, as in the schedules. */
const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type WeeklyTime = Pick<Schedule, 'weekday' | 'startTime' | 'endTime'>;

export const weekdayName = (t: TFunction, weekday: number): string => t(`staff.weekdays.${WEEKDAY_KEYS[weekday % 7]!}`);

/** 「毎週 火曜日 10:00〜11:30」 */
export function formatWeekly(t: TFunction, time: WeeklyTime): string {
  return t('staff.weekly', { weekday: weekdayName(t, time.weekday), time: t('time.range', { start: time.startTime, end: time.endTime }) });
}

/** Several weekly times on one line: 「毎週 火曜日 10:00〜11:30、毎週 金曜日 …」 */
export const formatWeeklyList = (t: TFunction, times: WeeklyTime[]): string =>
  times.map((time) => formatWeekly(t, time)).join(t('staff.listSeparator'));

const tokyo = (language: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ja-JP', { timeZone: 'Asia/Tokyo', ...options });

/** 「11月24日(火)」 in Japan time, whatever the device's time zone. */
export function formatJapanDay(date: string | Date, language: string): string {
  const instant = typeof date === 'string' && date.length === 10 ? new Date(`${date}T12:00:00+09:00`) : new Date(date);
  return tokyo(language, { month: 'long', day: 'numeric', weekday: 'short' }).format(instant);
}

/** 「10:00〜11:30」 in Japan time. */
export function formatSessionHours(t: TFunction, session: Pick<SessionListItem, 'startsAt' | 'endsAt'>, language: string): string {
  const time = tokyo(language, { hour: '2-digit', minute: '2-digit', hour12: false });
  return t('time.range', { start: time.format(new Date(session.startsAt)), end: time.format(new Date(session.endsAt)) });
}

/** 「11月24日(火) 10:00〜11:30」 */
export function formatSessionWhen(t: TFunction, session: Pick<SessionListItem, 'startsAt' | 'endsAt'>, language: string): string {
  return `${formatJapanDay(japanDate(session.startsAt), language)} ${formatSessionHours(t, session, language)}`;
}

/** 「2026年11月」 / "November 2026" */
export function formatMonth(month: string, language: string): string {
  return tokyo(language, { year: 'numeric', month: 'long' }).format(new Date(`${month}-15T12:00:00+09:00`));
}

/** Numbers with separators for the language. */
export const formatCount = (n: number, language: string): string => new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'ja-JP').format(n);

/** 「10:45」 in Japan time. */
export const formatJapanClock = (date: string | Date, language: string): string =>
  tokyo(language, { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(date));
