import { addDays, japanDate, japanInstant } from '@shared/japanTime';

/** A half-open range of instants [fromMs, toMs), UTC milliseconds: what the SQL filters `starts_at` on. */
export interface InstantRange {
  fromMs: number;
  toMs: number;
}

/** The month (YYYY-MM) an instant falls in, in Japan time. */
export function japanMonth(instant: Date): string {
  return japanDate(instant).slice(0, 7);
}

/** Adds whole months (negative to go back) to a YYYY-MM month. */
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

/** The instants of Japan dates `from` to `to`, both included: from's midnight to the midnight after `to`. */
export function japanDateRange(from: string, to: string): InstantRange {
  return { fromMs: japanInstant(from, '00:00').getTime(), toMs: japanInstant(addDays(to, 1), '00:00').getTime() };
}

/** The instants of the Japan months `first` to `last`, both included. */
export function japanMonthRange(first: string, last: string): InstantRange {
  return japanDateRange(`${first}-01`, addDays(`${addMonths(last, 1)}-01`, -1));
}
