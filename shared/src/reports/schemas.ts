import { z } from 'zod';
import { AttendanceMode } from '../attendance/schemas';
import { EntityId, LocalDate, LocalMonth } from '../common';

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
  .max(4000)
  .transform((s) => [...new Set(s.split(',').map((id) => id.trim()).filter(Boolean))]);

export const DashboardQuery = z.object({
  /** The last month shown (default: this month in Japan); twelve months are returned. */
  month: LocalMonth.optional(),
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

export const ParticipantPatternsQuery = z.object({ venueId: EntityId.optional(), sessions: z.coerce.number().int().min(1).max(26).default(8) });

export const ExportQuery = z
  .object({ from: LocalDate, to: LocalDate, venueIds: VenueIdList.optional() })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type ExportQuery = z.output<typeof ExportQuery>;

export const ExportColumns = ['venue', 'date', 'name', 'kana', 'mode', 'minutes'] as const;
export const ExportModeLabels: Record<AttendanceMode, string> = { venue: '会場', online: 'オンライン', phone: '電話' };
