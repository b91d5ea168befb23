import { newId, newSecret } from '../../../server/src/db/ids';
import type { DbHandle } from '../../../server/src/db/client';
import { DEMO_ORGANISATION_ID } from '../../../server/src/demo/seed';
import { addDays, japanDate, japanInstant } from '@shared/japanTime';

/**
 * Attendance history for the export benchmark: `venues` venues of the demo organisation, each with
 * `members` participants and `weeks` weekly past sessions (ended) in which `perSession` of them attended
 * (venue / online / phone mixed). venues × weeks × perSession rows. Inserted with prepared statements
 * in one transaction (through the app's own migrated schema).
 */
export interface GeneratedAttendance {
  venueIds: string[];
  rows: number;
  /** Japan dates covering every generated session. */
  from: string;
  to: string;
}

const FAMILY = ['佐々木', '山口', '松本', '井上', '木村', '林', '清水', '山崎', '森', '池田', '橋本', '阿部', '石川', '山下', '中川'];
const GIVEN = ['ハル', 'キヨ', 'ふみ', 'とし子', '正雄', '勝', 'よし子', '茂', '千代', '一郎', '花子', '和子'];

export function generateAttendance(
  handle: DbHandle,
  options: { venues: number; members: number; weeks: number; perSession: number },
  now = new Date(),
): GeneratedAttendance {
  const { sqlite } = handle;
  const insertVenue = sqlite.prepare('INSERT INTO venues (id, organisation_id, name) VALUES (?, ?, ?)');
  const insertParticipant = sqlite.prepare('INSERT INTO participants (id, organisation_id, display_name, kana) VALUES (?, ?, ?, ?)');
  const insertMember = sqlite.prepare('INSERT INTO venue_members (venue_id, participant_id) VALUES (?, ?)');
  const insertSession = sqlite.prepare(
    "INSERT INTO sessions (id, venue_id, title, starts_at, ends_at, status, ended_at) VALUES (?, ?, ?, ?, ?, 'ended', ?)",
  );
  const insertAttendance = sqlite.prepare(
    'INSERT INTO attendance (id, session_id, participant_id, mode, first_join_at, last_leave_at, minutes_connected) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const venueIds: string[] = [];
  let rows = 0;
  const today = japanDate(now);
  const firstDate = addDays(today, -7 * options.weeks);
  sqlite.transaction(() => {
    for (let v = 0; v < options.venues; v++) {
      const venueId = newId('ven');
      venueIds.push(venueId);
      insertVenue.run(venueId, DEMO_ORGANISATION_ID, `出欠ベンチ 第${String(v + 1).padStart(2, '0')}会場`);
      const members: string[] = [];
      for (let m = 0; m < options.members; m++) {
        const id = newId('par');
        const family = FAMILY[(v * 7 + m) % FAMILY.length]!;
        const given = GIVEN[(v * 3 + m) % GIVEN.length]!;
        insertParticipant.run(id, DEMO_ORGANISATION_ID, `${family} ${given}`, `${family} ${given} ${m}`);
        insertMember.run(venueId, id);
        members.push(id);
      }
      for (let week = 0; week < options.weeks; week++) {
        const date = addDays(firstDate, 7 * week + (v % 5));
        const startsAt = japanInstant(date, '10:00').getTime();
        const endsAt = japanInstant(date, '11:30').getTime();
        const sessionId = newSecret();
        insertSession.run(sessionId, venueId, 'いきいき百歳体操', startsAt, endsAt, endsAt);
        for (let k = 0; k < options.perSession; k++) {
          const participantId = members[(week + k) % members.length]!;
          const pattern = (k * 3 + week) % 6;
          const mode = pattern < 3 ? 'venue' : pattern < 5 ? 'online' : 'phone';
          const online = mode === 'online';
          insertAttendance.run(
            newId('att'),
            sessionId,
            participantId,
            mode,
            online ? startsAt : null,
            online ? endsAt : null,
            online ? 90 - (k % 7) : 0,
          );
          rows++;
        }
      }
    }
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { venueIds, rows, from: firstDate, to: today };
}
