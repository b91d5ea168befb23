import { z } from 'zod';
import { AttendanceMode } from '../attendance/schemas';
import { CalendarDate, CalendarMonth, EntityId, LocalDate, LocalMonth } from '../common';
import { LIST_LIMITS, monthsSpanned, PERIOD_LIMITS } from '../limits';

const ByMode = z.object({ total: z.number().int(), venue: z.number().int(), online: z.number().int(), phone: z.number().int() });
export type ByMode = z.infer<typeof ByMode>;

/** One venue's month: sessions held, attendances (延べ人数) and distinct participants (実人数), each split by mode. */
export const MonthlyVenueStats = z.object({
  venueId: EntityId,
  venueName: z.string(),
  month: LocalMonth,
  sessionsHeld: z.number().int(),
  attendances: ByMode,
  participants: ByMode,
});
export type MonthlyVenueStats = z.infer<typeof MonthlyVenueStats>;

/** Comma-separated venue ids in a query string (`venueIds=a,b`); empty or absent: all the user's venues. */
const VenueIdList = z
  .string()
  .max(LIST_LIMITS.venueIdsChars)
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ])
  .refine((ids) => ids.length <= LIST_LIMITS.venueIds, `at most ${LIST_LIMITS.venueIds} venues`);

export const DashboardQuery = z.object({
  /** The last month shown (default: this month in Japan); twelve months are returned. */
  month: CalendarMonth.optional(),
  /** Only these venues (default: every venue the user sees). */
  venueIds: VenueIdList.optional(),
});

export const Dashboard = z.object({
  months: z.array(LocalMonth),
  rows: z.array(MonthlyVenueStats),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const ParticipantPattern = z.object({
  participantId: EntityId,
  displayName: z.string(),
  kana: z.string(),
  venueId: EntityId,
  venueName: z.string(),
  /** The venue's most recent sessions (oldest first) and how this person attended each, or null. */
  recent: z.array(z.object({ sessionId: EntityId, date: LocalDate, mode: AttendanceMode.nullable() })),
});
export type ParticipantPattern = z.infer<typeof ParticipantPattern>;

export const ParticipantPatternsQuery = z.object({
  venueId: EntityId.optional(),
  sessions: z.coerce.number().int().min(1).max(LIST_LIMITS.patternSessions).default(8),
});

/** A period of Japan dates, both included, inside the calendar window and at most `PERIOD_LIMITS.exportMonths` calendar months. */
export const ExportQuery = z
  .object({ from: CalendarDate, to: CalendarDate, venueIds: VenueIdList.optional() })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => monthsSpanned(q.from, q.to) <= PERIOD_LIMITS.exportMonths, {
    message: `the period may cover at most ${PERIOD_LIMITS.exportMonths} months`,
    path: ['to'],
  });
export type ExportQuery = z.output<typeof ExportQuery>;

export const ExportColumns = ['venue', 'date', 'name', 'kana', 'mode', 'minutes'] as const;
export const ExportModeLabels: Record<AttendanceMode, string> = { venue: '会場', online: 'オンライン', phone: '電話' };

export const ParticipantPatternList = z.array(ParticipantPattern);
