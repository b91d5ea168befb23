/** Japan has no daylight saving: JST is always UTC+9. */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The Japanese calendar date of an instant, YYYY-MM-DD. */
export function japanDate(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
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

/** Adds whole days to a Japanese date string. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
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
