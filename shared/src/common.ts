import { z } from 'zod';
import { CALENDAR_WINDOW, inCalendarWindow, TEXT_LIMITS } from './limits';

export const IsoDateTime = z.iso.datetime({ offset: true });
/** A calendar date in Japan time, YYYY-MM-DD. */
export const LocalDate = z.iso.date();
/** A month in Japan time, YYYY-MM. */
export const LocalMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
/** A time of day in Japan time, HH:MM (24 h). */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const outsideWindow = `must be between ${CALENDAR_WINDOW.firstDate} and ${CALENDAR_WINDOW.lastDate}`;
/** A date a request may name: a LocalDate inside the calendar window (limits.ts). */
export const CalendarDate = LocalDate.refine(inCalendarWindow, outsideWindow);
/** A month a request may name: a LocalMonth inside the calendar window. */
export const CalendarMonth = LocalMonth.refine(inCalendarWindow, outsideWindow);
/** An instant a request may name: an IsoDateTime whose date is inside the calendar window. */
export const CalendarDateTime = IsoDateTime.refine((value) => inCalendarWindow(value.slice(0, 10)), outsideWindow);
export const EntityId = z.string().min(1).max(TEXT_LIMITS.id);
export const PersonName = z.string().trim().min(1).max(TEXT_LIMITS.personName);
/** Kana reading; hiragana, katakana, spaces and the long-vowel mark. */
export const KanaReading = z
  .string()
  .trim()
  .max(TEXT_LIMITS.kana)
  .regex(/^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]*$/u, 'use hiragana or katakana');
/** A session's course: planned, live (its call has started), ended. */
export const SESSION_STATUSES = ['planned', 'live', 'ended'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const Ok = z.object({ ok: z.literal(true) });
