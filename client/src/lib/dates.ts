/** Calendar arithmetic in Japan time (UTC+9, no daylight saving), on plain `YYYY-MM-DD` / `YYYY-MM` strings. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Today's date in Japan, YYYY-MM-DD. */
export function japanToday(now: Date = new Date()): string {
  return japanDateOf(now);
}

/** The Japanese calendar date of an instant. */
export function japanDateOf(instant: Date | string): string {
  return new Date(new Date(instant).getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** YYYY-MM of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

export function addMonths(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month, YYYY-MM-DD. */
export function lastDayOf(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

export interface DateRange {
  from: string;
  to: string;
}

/** 先月: the whole previous month. */
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
