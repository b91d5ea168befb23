import { sql, type SQL } from 'drizzle-orm';
import type { AttendanceMode } from '@shared/attendance/schemas';
import type { ByMode } from '@shared/reports/schemas';
import type { Db } from '../db/client';
import { byCodePoint, inList, japanDateOf, japanMonthOf, minutesBetween, msAsTime, rows } from '../db/dialect';
import type { InstantRange } from '@shared/japanTime';
import type { ReadSnapshot, Reader } from './snapshot';

/**
 * The SQL of every report, written once for SQLite and PostgreSQL with db/dialect.ts's helpers, so that the same
 * query runs on the app's database (dashboard, patterns) and on an export's read snapshot (see ReadSnapshot).
 *
 * Dates and months are Japan time (japanDateOf, japanMonthOf). Rows are selected by `starts_at` ranges computed in
 * TypeScript (index `sessions_venue_starts_idx`), and only grouped by the Japan-time expression. Counts are cast to
 * integers (PostgreSQL's are bigints, which node-postgres gives as strings), and text is ordered by code point
 * (byCodePoint), so that both databases give the same figures in the same order.
 */
const column = (name: string) => sql.raw(name);

export const inVenues = (venueColumn: string, venueIds: readonly string[]) => inList(column(venueColumn), venueIds);

/** `<alias>.<time column>` within the range. */
export const timeIn = (time: string, range: InstantRange) =>
  sql`${column(time)} >= ${msAsTime(range.fromMs)} and ${column(time)} < ${msAsTime(range.toMs)}`;

export const countOf = (from: SQL) => sql`select cast(count(*) as integer) as "n" ${from}`;

export async function countRows(reader: Reader, from: SQL): Promise<number> {
  const [row] = await reader.all<{ n: number }>(countOf(from));
  return row?.n ?? 0;
}

/** A Reader on the app's database. */
export const readerOf = (db: Db): Reader => ({ all: (query) => rows(db, query) });

/**
 * A session is held once it went live or ended, or when anybody's attendance was recorded for it; a cancelled one
 * (お休み) never is.
 */
const HELD = sql`(s.cancelled_at is null and (s.status in ('live', 'ended') or exists (select 1 from attendance x where x.session_id = s.id)))`;

export interface VenueRow {
  id: string;
  name: string;
}

export function venuesByName(reader: Reader, venueIds: readonly string[]): Promise<VenueRow[]> {
  return reader.all<VenueRow>(
    sql`select id as "id", name as "name" from venues v where ${inVenues('v.id', venueIds)}
        order by ${byCodePoint(column('v.name'))}, ${byCodePoint(column('v.id'))}`,
  );
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

const int = (expression: string) => sql.raw(`cast(coalesce(${expression}, 0) as integer)`);

// Every group with attendance also has a held session (attendance makes a session held), so `held` has every group.
const statsSql = (key: SQL, venueIds: readonly string[], range: InstantRange) => sql`
  with s as (
    select s.id, s.venue_id, ${key} as key, s.status, s.cancelled_at
    from sessions s
    where ${inVenues('s.venue_id', venueIds)} and ${timeIn('s.starts_at', range)}
  ),
  held as (
    select s.venue_id, s.key, count(*) as sessions_held from s where ${HELD} group by s.venue_id, s.key
  ),
  counted as (
    select s.venue_id, s.key,
      count(*) as a_total,
      count(*) filter (where a.mode = 'venue') as a_venue,
      count(*) filter (where a.mode = 'online') as a_online,
      count(*) filter (where a.mode = 'phone') as a_phone,
      count(distinct a.participant_id) as p_total,
      count(distinct a.participant_id) filter (where a.mode = 'venue') as p_venue,
      count(distinct a.participant_id) filter (where a.mode = 'online') as p_online,
      count(distinct a.participant_id) filter (where a.mode = 'phone') as p_phone
    from s join attendance a on a.session_id = s.id
    group by s.venue_id, s.key
  )
  select held.venue_id as "venueId", held.key as "key", ${int('held.sessions_held')} as "sessionsHeld",
    ${int('a_total')} as "aTotal", ${int('a_venue')} as "aVenue", ${int('a_online')} as "aOnline", ${int('a_phone')} as "aPhone",
    ${int('p_total')} as "pTotal", ${int('p_venue')} as "pVenue", ${int('p_online')} as "pOnline", ${int('p_phone')} as "pPhone"
  from held left join counted on counted.venue_id = held.venue_id and counted.key = held.key`;

/**
 * Counts for each venue and each Japan month of the range (`group` 'month') or for the range as a whole:
 * one GROUP BY query; the table answers zeros for groups without a held session.
 */
export async function venueCounts(
  reader: Reader,
  venueIds: readonly string[],
  range: InstantRange,
  group: 'month' | 'range',
): Promise<CountsTable> {
  const key = group === 'month' ? japanMonthOf(column('s.starts_at')) : sql`''`;
  const table = new Map<string, Counts>();
  for (const r of await reader.all<StatsSqlRow>(statsSql(key, venueIds, range))) {
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
export function memberPatternRows(reader: Reader, venueIds: readonly string[], count: number): Promise<PatternRow[]> {
  const text = (name: string) => byCodePoint(column(name));
  return reader.all<PatternRow>(sql`
    with recent as (
      select id, venue_id, starts_at from (
        select s.id, s.venue_id, s.starts_at,
          row_number() over (partition by s.venue_id order by s.starts_at desc, ${text('s.id')} desc) as n
        from sessions s
        where ${inVenues('s.venue_id', venueIds)} and ${HELD}
      ) ranked where n <= ${count}
    )
    select v.id as "venueId", v.name as "venueName", p.id as "participantId", p.display_name as "displayName", p.kana as "kana",
      r.id as "sessionId", ${japanDateOf(column('r.starts_at'))} as "date", a.mode as "mode"
    from venue_members m
    join venues v on v.id = m.venue_id
    join participants p on p.id = m.participant_id
    left join recent r on r.venue_id = m.venue_id
    left join attendance a on a.session_id = r.id and a.participant_id = m.participant_id
    where ${inVenues('m.venue_id', venueIds)}
    order by ${text('v.name')}, ${text('v.id')}, ${text('p.kana')}, ${text('p.id')}, r.starts_at, ${text('r.id')}`);
}

/** One attendance row of an export, as an array (no object per row): date, name, kana, mode, minutes. */
export type AttendanceExportRow = [date: string, name: string, kana: string, mode: AttendanceMode, minutes: number];

/**
 * 参加時間（分）: online, the minutes measured from the call's connections; venue and phone, which nobody measures,
 * the session's planned length (start to planned end), unless a host entered the minutes as a correction.
 */
const EXPORT_MINUTES = sql`case
    when a.mode = 'online' or a.minutes_connected > 0 then a.minutes_connected
    else ${minutesBetween(column('s.starts_at'), column('s.ends_at'))}
  end`;

const EXPORT_FROM = sql`
  from sessions s
  join attendance a on a.session_id = s.id
  join participants p on p.id = a.participant_id`;

export function countAttendanceRows(reader: Reader, venueIds: readonly string[], range: InstantRange): Promise<number> {
  return countRows(reader, sql`${EXPORT_FROM} where ${inVenues('s.venue_id', venueIds)} and ${timeIn('s.starts_at', range)}`);
}

/** Orders a venue's export rows: session by session, people by kana. */
export const BY_SESSION_THEN_KANA = sql`order by s.starts_at, ${byCodePoint(column('s.id'))}, ${byCodePoint(column('p.kana'))}, ${byCodePoint(column('p.id'))}`;

/**
 * One venue's attendance rows, session by session, lazily, as arrays. Per venue rather than all at once so that
 * the database walks `sessions_venue_starts_idx` in order and only sorts each session's few rows by kana.
 */
export function attendanceRowBatches(snapshot: ReadSnapshot, venueId: string, range: InstantRange): AsyncIterable<AttendanceExportRow[]> {
  return snapshot.batches<AttendanceExportRow>(sql`
    select ${japanDateOf(column('s.starts_at'))} as "date", p.display_name as "name", p.kana as "kana", a.mode as "mode", ${EXPORT_MINUTES} as "minutes"
    ${EXPORT_FROM}
    where s.venue_id = ${venueId} and ${timeIn('s.starts_at', range)}
    ${BY_SESSION_THEN_KANA}`);
}
