import { z } from 'zod';

export const IsoDateTime = z.iso.datetime({ offset: true });
/** A calendar date in Japan time, YYYY-MM-DD. */
export const LocalDate = z.iso.date();
/** A month in Japan time, YYYY-MM. */
export const LocalMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
/** A time of day in Japan time, HH:MM (24 h). */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
export const EntityId = z.string().min(1).max(100);
export const PersonName = z.string().trim().min(1).max(60);
/** Kana reading; hiragana, katakana, spaces and the long-vowel mark. */
export const KanaReading = z
  .string()
  .trim()
  .max(60)
  .regex(/^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]*$/u, 'use hiragana or katakana');
export const Ok = z.object({ ok: z.literal(true) });
