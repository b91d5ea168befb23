import type Database from 'better-sqlite3';
import type { AttendanceMode } from '@shared/attendance/schemas';
import type { ByMode } from '@shared/reports/schemas';
import type { Db } from '../db/client';
import type { InstantRange } from '@shared/japanTime';

/**
 * The SQL of every report, as plain better-sqlite3 statements so that the same query runs on the app's
 * connection (dashboard, patterns) and on an export's own read-only connection (see ReadSnapshot).
 *
 * Times are stored as UTC milliseconds; dates and months are Japan time, which is UTC+9 all year (no DST),
 * so a fixed '+9 hours' modifier is exact. Rows are selected by `starts_at` ranges computed in TypeScript
 * (index `sessions_venue_starts_idx`), and only grouped by the Japan-time expression.
 */
const japanMonthOf = (column: string) => `strftime('%Y-%m', ${column} / 1000, 'unixepoch', '+9 hours')`;
export const japanDateOf = (column: string) => `date(${column} / 1000, 'unixepoch', '+9 hours')`;

/** One bound parameter (a JSON array) for any number of venue ids. */
export const IN_VENUES = `IN (SELECT value FROM json_each(:venueIds))`;
export const inRange = (venueIds: readonly string[], range: InstantRange) => ({
  venueIds: JSON.stringify(venueIds),
  fromMs: range.fromMs,
  toMs: range.toMs,
});

/**
 * A session is held once it went live or ended, or when anybody's attendance was recorded for it; a cancelled one
 * (お休み) never is.
 */
const HELD = `(s.cancelled_at IS NULL AND (s.status IN ('live', 'ended') OR EXISTS (SELECT 1 FROM attendance x WHERE x.session_id = s.id)))`;

/** The better-sqlite3 connection under a drizzle database (drizzle sets `$client`; the `Db` type leaves it out). */
export function sqliteOf(db: Db): Database.Database {
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) throw new Error('This drizzle database has no better-sqlite3 client');
  return client;
}

export interface VenueRow {
  id: string;
  name: string;
}

export function venuesByName(db: Database.Database, venueIds: readonly string[]): VenueRow[] {
  return db
    .prepare<{ venueIds: string }, VenueRow>(`SELECT id, name FROM venues WHERE id ${IN_VENUES} ORDER BY name, id`)
    .all({ venueIds: JSON.stringify(venueIds) });
}

/** Sessions held, attendances (延べ人数) and distinct participants (実人数), each by mode. */
export interface Counts {
  sessionsHeld: number;
  attendances: ByMode;
  participants: ByMode;
}

const zeroByMode = Object.freeze({ total: 0, venue: 0, online: 0, phone: 0 });
const NO_COUNTS: Counts = Object.freeze({ sessionsHeld: 0, attendances: zeroByMode, participants: zeroByMode });

/** Counts by venue and group; a group without any held session counts zero. */
export interface CountsTable {
  /** `key`: a Japan month (YYYY-MM) for counts by month; omitted for counts of the whole range. */
  get(venueId: string, key?: string): Counts;
}

interface StatsSqlRow {
  venueId: string;
  key: string;
  sessionsHeld: number;
  aTotal: number;
  aVenue: number;
  aOnline: number;
  aPhone: number;
  pTotal: number;
  pVenue: number;
  pOnline: number;
  pPhone: number;
}

const statsSql = (key: string) => `
  WITH s AS (
    SELECT s.id, s.venue_id, ${key} AS key, s.status, s.cancelled_at
    FROM sessions s
    WHERE s.venue_id ${IN_VENUES} AND s.starts_at >= :fromMs AND s.starts_at < :toMs
  ),
  held AS (
    SELECT s.venue_id, s.key, COUNT(*) AS sessions_held FROM s WHERE ${HELD} GROUP BY s.venue_id, s.key
  ),
  counted AS (
    SELECT s.venue_id, s.key,
      COUNT(*) AS a_total,
      COUNT(*) FILTER (WHERE a.mode = 'venue') AS a_venue,
      COUNT(*) FILTER (WHERE a.mode = 'online') AS a_online,
      COUNT(*) FILTER (WHERE a.mode = 'phone') AS a_phone,
      COUNT(DISTINCT a.participant_id) AS p_total,
      COUNT(DISTINCT a.participant_id) FILTER (WHERE a.mode = 'venue') AS p_venue,
      COUNT(DISTINCT a.participant_id) FILTER (WHERE a.mode = 'online') AS p_online,
      COUNT(DISTINCT a.participant_id) FILTER (WHERE a.mode = 'phone') AS p_phone
    FROM s JOIN attendance a ON a.session_id = s.id
    GROUP BY s.venue_id, s.key
  )
  SELECT held.venue_id AS venueId, held.key AS key, held.sessions_held AS sessionsHeld,
    coalesce(a_total, 0) AS aTotal, coalesce(a_venue, 0) AS aVenue, coalesce(a_online, 0) AS aOnline, coalesce(a_phone, 0) AS aPhone,
    coalesce(p_total, 0) AS pTotal, coalesce(p_venue, 0) AS pVenue, coalesce(p_online, 0) AS pOnline, coalesce(p_phone, 0) AS pPhone
  FROM held LEFT JOIN counted ON counted.venue_id = held.venue_id AND counted.key = held.key`;

// Every group with attendance also has a held session (attendance makes a session held), so `held` has every group.
const STATS_BY_MONTH = statsSql(japanMonthOf('s.starts_at'));
const STATS_FOR_RANGE = statsSql(`''`);

/**
 * Counts for each venue and each Japan month of the range (`group` 'month') or for the range as a whole:
 * one GROUP BY query; the table answers zeros for groups without a held session.
 */
export function venueCounts(
  db: Database.Database,
  venueIds: readonly string[],
  range: InstantRange,
  group: 'month' | 'range',
): CountsTable {
  const rows = db
    .prepare<ReturnType<typeof inRange>, StatsSqlRow>(group === 'month' ? STATS_BY_MONTH : STATS_FOR_RANGE)
    .all(inRange(venueIds, range));
  const table = new Map<string, Counts>();
  for (const r of rows) {
    table.set(`${r.venueId}\n${r.key}`, {
      sessionsHeld: r.sessionsHeld,
      attendances: { total: r.aTotal, venue: r.aVenue, online: r.aOnline, phone: r.aPhone },
      participants: { total: r.pTotal, venue: r.pVenue, online: r.pOnline, phone: r.pPhone },
    });
  }
  return { get: (venueId, key = '') => table.get(`${venueId}\n${key}`) ?? NO_COUNTS };
}

export interface PatternRow {
  venueId: string;
  venueName: string;
  participantId: string;
  displayName: string;
  kana: string;
  /** Null when the venue has not held any session yet. */
  sessionId: string | null;
  date: string | null;
  mode: AttendanceMode | null;
}

/**
 * Every member of the venues against each of their venue's last `count` held sessions: one row per
 * (member, session), ordered by venue, kana, then session oldest first.
 */
export function memberPatternRows(db: Database.Database, venueIds: readonly string[], count: number): PatternRow[] {
  const sql = `
    WITH recent AS (
      SELECT id, venue_id, starts_at FROM (
        SELECT s.id, s.venue_id, s.starts_at,
          ROW_NUMBER() OVER (PARTITION BY s.venue_id ORDER BY s.starts_at DESC, s.id DESC) AS n
        FROM sessions s
        WHERE s.venue_id ${IN_VENUES} AND ${HELD}
      ) WHERE n <= :count
    )
    SELECT v.id AS venueId, v.name AS venueName, p.id AS participantId, p.display_name AS displayName, p.kana AS kana,
      r.id AS sessionId, ${japanDateOf('r.starts_at')} AS date, a.mode AS mode
    FROM venue_members m
    JOIN venues v ON v.id = m.venue_id
    JOIN participants p ON p.id = m.participant_id
    LEFT JOIN recent r ON r.venue_id = m.venue_id
    LEFT JOIN attendance a ON a.session_id = r.id AND a.participant_id = m.participant_id
    WHERE m.venue_id ${IN_VENUES}
    ORDER BY v.name, v.id, p.kana, p.id, r.starts_at, r.id`;
  return db.prepare<{ venueIds: string; count: number }, PatternRow>(sql).all({ venueIds: JSON.stringify(venueIds), count });
}

/** One attendance row of an export, as an array (read with `.raw()`: no object per row): date, name, kana, mode, minutes. */
export type AttendanceExportRow = [date: string, name: string, kana: string, mode: AttendanceMode, minutes: number];

/**
 * 参加時間（分）: online, the minutes measured from the call's connections; venue and phone, which nobody measures,
 * the session's planned length (start to planned end), unless a host entered the minutes as a correction.
 */
const EXPORT_MINUTES = `CASE
    WHEN a.mode = 'online' OR a.minutes_connected > 0 THEN a.minutes_connected
    ELSE CAST(ROUND((s.ends_at - s.starts_at) / 60000.0) AS INTEGER)
  END`;

const EXPORT_FROM = `
  FROM sessions s
  JOIN attendance a ON a.session_id = s.id
  JOIN participants p ON p.id = a.participant_id`;

export function countAttendanceRows(db: Database.Database, venueIds: readonly string[], range: InstantRange): number {
  const sql = `SELECT COUNT(*) AS n ${EXPORT_FROM} WHERE s.venue_id ${IN_VENUES} AND s.starts_at >= :fromMs AND s.starts_at < :toMs`;
  return db.prepare<ReturnType<typeof inRange>, { n: number }>(sql).get(inRange(venueIds, range))?.n ?? 0;
}

/**
 * One venue's attendance rows, session by session, lazily, as arrays. Per venue rather than all at once so that
 * SQLite walks `sessions_venue_starts_idx` in order and only sorts each session's few rows by kana.
 */
export function iterateAttendanceRows(db: Database.Database, venueId: string, range: InstantRange): IterableIterator<AttendanceExportRow> {
  const sql = `
    SELECT ${japanDateOf('s.starts_at')} AS date, p.display_name AS name, p.kana AS kana, a.mode AS mode, ${EXPORT_MINUTES} AS minutes
    ${EXPORT_FROM}
    WHERE s.venue_id = :venueId AND s.starts_at >= :fromMs AND s.starts_at < :toMs
    ORDER BY s.starts_at, s.id, p.kana, p.id`;
  return db
    .prepare<{ venueId: string; fromMs: number; toMs: number }, AttendanceExportRow>(sql)
    .raw(true)
    .iterate({ venueId, fromMs: range.fromMs, toMs: range.toMs });
}
