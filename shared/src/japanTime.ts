/**
 * Calendar arithmetic in Japan time, the one copy both sides use: dates are `YYYY-MM-DD`, months `YYYY-MM`, instants
 * UTC. Japan has no daylight saving, so JST is always UTC+9.
 */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** A half-open range of instants [fromMs, toMs), UTC milliseconds (what the server's SQL filters `starts_at` on). */
export interface InstantRange {
  fromMs: number;
  toMs: number;
}

/** Two Japan dates, both included. */
export interface DateRange {
  from: string;
  to: string;
}

/** The Japanese calendar date of an instant, YYYY-MM-DD. */
export function japanDate(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in Japan, YYYY-MM-DD. */
export function japanToday(now: Date = new Date()): string {
  return japanDate(now);
}

/** The Japanese weekday of an instant, 0 = Sunday. */
export function japanWeekday(instant: Date): number {
  return new Date(instant.getTime() + JST_OFFSET_MS).getUTCDay();
}

/** The UTC instant of a Japanese date (YYYY-MM-DD) at a Japanese time of day (HH:MM). */
export function japanInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+09:00`);
}

/** Today (in Japan) at hh:mm Japan time, as a UTC instant. */
export function todayInJapanAt(hours: number, minutes: number, now = new Date()): Date {
  const hh = String(hours).padStart(2, '0');
  const mm = String(minutes).padStart(2, '0');
  return japanInstant(japanDate(now), `${hh}:${mm}`);
}

/** Adds whole days (negative to go back) to a date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The month (YYYY-MM) an instant falls in, in Japan time. */
export function japanMonth(instant: Date): string {
  return japanDate(instant).slice(0, 7);
}

/** The month (YYYY-MM) of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Adds whole months (negative to go back) to a month; the year keeps four digits (0999-12 + 1 = 1000-01). */
export function addMonths(month: string, count: number): string {
  const [year, monthOfYear] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthOfYear - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `first` to `last`, both included, oldest first. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The last day of a month, YYYY-MM-DD. */
export function lastDayOf(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/**
 * The same Japan wall-clock time `months` calendar months later (earlier if negative); a day the target
 * month lacks becomes its last day (31 August + 6 months = 28 or 29 February).
 */
export function addJapanMonths(instant: Date, months: number): Date {
  const local = new Date(instant.getTime() + JST_OFFSET_MS);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return new Date(local.getTime() - JST_OFFSET_MS);
}

/** The instants of Japan dates `from` to `to`, both included: from's midnight to the midnight after `to`. */
export function japanDateRange(from: string, to: string): InstantRange {
  return { fromMs: japanInstant(from, '00:00').getTime(), toMs: japanInstant(addDays(to, 1), '00:00').getTime() };
}

/** The instants of the Japan months `first` to `last`, both included. */
export function japanMonthRange(first: string, last: string): InstantRange {
  return japanDateRange(`${first}-01`, lastDayOf(last));
}

/** 先月: the whole month before today's. */
export function lastMonthRange(today: string): DateRange {
  const month = addMonths(monthOf(today), -1);
  return { from: `${month}-01`, to: lastDayOf(month) };
}

/** 今年度: the Japanese fiscal year containing today, 1 April to 31 March. */
export function fiscalYearRange(today: string): DateRange {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const start = month >= 4 ? year : year - 1;
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}
