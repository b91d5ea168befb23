import type Database from 'better-sqlite3';
import { SESSION_COOKIE } from '../../server/src/auth/plugin';
import { inlinePasswordHasher } from '../../server/src/auth/passwords';
import { AuthService } from '../../server/src/auth/service';
import type { Db } from '../../server/src/db/client';
import { DIALECT } from '../../server/src/db/dialect';
import { newId, newSecret } from '../../server/src/db/ids';
import { attendance, organisations, participants, sessions, venueMembers, venues } from '../../server/src/db/schema';
import { inTransaction } from '../../server/src/db/transaction';

/**
 * Test data straight into the database with drizzle: organisations, venues, participants (with their
 * venue memberships), sessions and attendance rows. Every function returns the new id; ids can be given.
 */

type Instant = Date | string | number;
const toDate = (instant: Instant) => (instant instanceof Date ? instant : new Date(instant));

type ParticipantInput = { id?: string; displayName: string; kana?: string; venueIds?: string[]; wellbeingConsent?: boolean };
type SessionInput = { id?: string; startsAt: Instant; endsAt?: Instant; status?: 'planned' | 'live' | 'ended'; title?: string };
type AttendanceInput = { sessionId: string; participantId: string; mode: 'venue' | 'online' | 'phone'; minutesConnected?: number };
type BulkInput = { venues: number; sessionsPerVenue: number; participants: number; firstStartsAt: Instant };

/**
 * A large organisation, fast: `venues` venues with `sessionsPerVenue` weekly ended sessions each (from
 * `firstStartsAt`), `participants` members of every venue, and every participant at every session
 * (modes in turn venue, online, phone): venues × sessions × participants attendance rows, inserted with
 * prepared statements in one transaction.
 */
function bulkAttendanceOnSqlite(db: Db, organisationId: string, input: BulkInput): { venueIds: string[]; rows: number } {
  // drizzle keeps its better-sqlite3 connection as `$client` (not in the `Db` type).
  const sqlite = (db as unknown as { $client: Database.Database }).$client;
  const addVenue = sqlite.prepare('INSERT INTO venues (id, organisation_id, name) VALUES (?, ?, ?)');
  const addParticipant = sqlite.prepare('INSERT INTO participants (id, organisation_id, display_name, kana) VALUES (?, ?, ?, ?)');
  const addMember = sqlite.prepare('INSERT INTO venue_members (venue_id, participant_id) VALUES (?, ?)');
  const addSession = sqlite.prepare(
    "INSERT INTO sessions (id, venue_id, title, starts_at, ends_at, status, ended_at) VALUES (?, ?, '体操', ?, ?, 'ended', ?)",
  );
  const addAttendance = sqlite.prepare(
    'INSERT INTO attendance (id, session_id, participant_id, mode, minutes_connected) VALUES (?, ?, ?, ?, ?)',
  );
  const modes = ['venue', 'online', 'phone'] as const;
  const first = toDate(input.firstStartsAt).getTime();
  const week = 7 * 24 * 60 * 60 * 1000;
  const venueIds: string[] = [];
  let rows = 0;
  sqlite.transaction(() => {
    const participantIds = Array.from({ length: input.participants }, (_, p) => {
      const id = newId('par');
      addParticipant.run(id, organisationId, `参加者 ${p + 1}`, `さんかしゃ ${p + 1}`);
      return id;
    });
    for (let v = 0; v < input.venues; v++) {
      const venueId = newId('ven');
      venueIds.push(venueId);
      addVenue.run(venueId, organisationId, `会場 ${String(v + 1).padStart(3, '0')}`);
      for (const participantId of participantIds) addMember.run(venueId, participantId);
      for (let s = 0; s < input.sessionsPerVenue; s++) {
        const sessionId = newSecret();
        const startsAt = first + s * week;
        addSession.run(sessionId, venueId, startsAt, startsAt + 90 * 60_000, startsAt + 90 * 60_000);
        participantIds.forEach((participantId, p) => {
          addAttendance.run(newId('att'), sessionId, participantId, modes[(p + s) % 3], 30 + (p % 60));
          rows++;
        });
      }
    }
  })();
  return { venueIds, rows };
}

/** A user with a known password; hosts run `venueIds`. */
export async function insertUser(
  db: Db,
  input: {
    organisationId: string;
    role: 'organiser' | 'host';
    email?: string;
    password?: string;
    displayName?: string;
    venueIds?: string[];
  },
): Promise<{ id: string; email: string; password: string }> {
  const email = input.email ?? `${newId('user').toLowerCase()}@example.jp`;
  const password = input.password ?? 'correct horse battery staple';
  const id = await new AuthService(db, { passwords: inlinePasswordHasher }).createUser({
    organisationId: input.organisationId,
    email,
    password,
    role: input.role,
    displayName: input.displayName ?? email,
    venueIds: input.venueIds ?? [],
  });
  return { id, email, password };
}

/** Signs in through the API and returns the session cookie (`name=value`) to send as the Cookie header. */
export async function signIn(baseUrl: string, credentials: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('sign-in answered without a session cookie');
  return cookie.split(';')[0]!;
}

/** Where to sign in: a listening server's address, or a test app or server (tests/support/testApp.ts, testServer.ts). */
export type SignInTarget = string | { signIn(credentials: { email: string; password: string }): Promise<string> };

/** A user created and signed in: the cookie to send. */
export async function signedInUser(
  db: Db,
  target: SignInTarget,
  input: Parameters<typeof insertUser>[1],
): Promise<{ id: string; cookie: string }> {
  const user = await insertUser(db, input);
  const cookie = typeof target === 'string' ? await signIn(target, user) : await target.signIn(user);
  return { id: user.id, cookie };
}

/* Awaited, so that the tests run on SQLite and on PostgreSQL alike (npm run test:pg, issue #17). */

export async function addOrganisation(db: Db, input: { id?: string; name?: string } = {}): Promise<string> {
  const id = input.id ?? newId('org');
  await db.insert(organisations).values({ id, name: input.name ?? `団体 ${id}` });
  return id;
}

export async function addVenue(db: Db, organisationId: string, input: { id?: string; name?: string } = {}): Promise<string> {
  const id = input.id ?? newId('ven');
  await db.insert(venues).values({ id, organisationId, name: input.name ?? `会場 ${id}` });
  return id;
}

/** A participant of the organisation, made a member of `venueIds`. */
export async function addParticipant(db: Db, organisationId: string, input: ParticipantInput): Promise<string> {
  const id = input.id ?? newId('par');
  await inTransaction(db, async (tx) => {
    await tx.insert(participants).values({
      id,
      organisationId,
      displayName: input.displayName,
      kana: input.kana ?? '',
      wellbeingConsentAt: input.wellbeingConsent ? new Date() : null,
    });
    for (const venueId of input.venueIds ?? []) await tx.insert(venueMembers).values({ venueId, participantId: id });
  });
  return id;
}

/** A session of a venue; ends 90 minutes after it starts unless told. Times are instants (UTC). */
export async function addSession(db: Db, venueId: string, input: SessionInput): Promise<string> {
  const id = input.id ?? newSecret();
  const startsAt = toDate(input.startsAt);
  const endsAt = input.endsAt === undefined ? new Date(startsAt.getTime() + 90 * 60_000) : toDate(input.endsAt);
  const status = input.status ?? 'ended';
  await db.insert(sessions).values({
    id,
    venueId,
    title: input.title ?? 'いきいき百歳体操',
    startsAt,
    endsAt,
    status,
    endedAt: status === 'ended' ? endsAt : null,
  });
  return id;
}

export async function addAttendance(db: Db, input: AttendanceInput): Promise<string> {
  const id = newId('att');
  await db.insert(attendance).values({
    id,
    sessionId: input.sessionId,
    participantId: input.participantId,
    mode: input.mode,
    minutesConnected: input.minutesConnected ?? 0,
  });
  return id;
}

/** The large organisation on either database: SQLite's prepared statements, or on PostgreSQL inserts of many rows each. */
export async function addBulkAttendance(db: Db, organisationId: string, input: BulkInput): Promise<{ venueIds: string[]; rows: number }> {
  if (DIALECT === 'sqlite') return bulkAttendanceOnSqlite(db, organisationId, input);
  const modes = ['venue', 'online', 'phone'] as const;
  const first = toDate(input.firstStartsAt).getTime();
  const week = 7 * 24 * 60 * 60 * 1000;
  const venueIds = Array.from({ length: input.venues }, () => newId('ven'));
  const participantIds = Array.from({ length: input.participants }, () => newId('par'));
  const inChunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 2000) await insert(rows.slice(i, i + 2000));
  };
  let rows = 0;
  await inTransaction(db, async (tx) => {
    await inChunks(
      participantIds.map((id, p) => ({ id, organisationId, displayName: `参加者 ${p + 1}`, kana: `さんかしゃ ${p + 1}` })),
      (chunk) => tx.insert(participants).values(chunk),
    );
    for (const [v, venueId] of venueIds.entries()) {
      await tx.insert(venues).values({ id: venueId, organisationId, name: `会場 ${String(v + 1).padStart(3, '0')}` });
      await inChunks(
        participantIds.map((participantId) => ({ venueId, participantId })),
        (chunk) => tx.insert(venueMembers).values(chunk),
      );
      for (let s = 0; s < input.sessionsPerVenue; s++) {
        const sessionId = newSecret();
        const startsAt = new Date(first + s * week);
        const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
        await tx.insert(sessions).values({ id: sessionId, venueId, title: '体操', startsAt, endsAt, status: 'ended', endedAt: endsAt });
        const attendances = participantIds.map((participantId, p) => ({
          id: newId('att'),
          sessionId,
          participantId,
          mode: modes[(p + s) % 3]!,
          minutesConnected: 30 + (p % 60),
        }));
        await inChunks(attendances, (chunk) => tx.insert(attendance).values(chunk));
        rows += attendances.length;
      }
    }
  });
  return { venueIds, rows };
}
