import holidayJp from '@holiday-jp/holiday_jp';

/** The national holidays by date (YYYY-MM-DD), from the maintained holiday_jp data (substitute and citizens' holidays too). */
const NATIONAL_HOLIDAYS = holidayJp.holidays as Readonly<Record<string, { name: string } | undefined>>;

/** 年末年始: most 通いの場 (and the offices that support them) close from 29 December to 3 January. */
function isYearEnd(date: string): boolean {
  const monthDay = date.slice(5);
  return monthDay >= '12-29' || monthDay <= '01-03';
}

/** Why no gathering is planned on this Japan date (YYYY-MM-DD): the holiday's name, 年末年始, or null on an ordinary day. */
export function holidayOf(date: string): string | null {
  const national = NATIONAL_HOLIDAYS[date];
  if (national) return national.name;
  return isYearEnd(date) ? '年末年始' : null;
}
