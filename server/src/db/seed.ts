import { and, asc, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from './client';
import { newId, newSecret } from './ids';
import { invites, organisations, participants, sessions, venueMembers, venues } from './schema';

export interface DemoSeed {
  sessionId: string;
  venueName: string;
  invites: { displayName: string; token: string }[];
}

export const DEMO_ORGANISATION_ID = 'org_demo';
export const DEMO_VENUE_ID = 'ven_demo';

const DEMO_PARTICIPANTS = [
  { displayName: '山田 花子', kana: 'やまだ はなこ' },
  { displayName: '佐藤 一郎', kana: 'さとう いちろう' },
  { displayName: '鈴木 よし子', kana: 'すずき よしこ' },
];

/** Japan has no daylight saving: JST is always UTC+9. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Today (in Japan) at hh:mm Japan time, as a UTC instant. */
export function todayInJapanAt(hours: number, minutes: number, now = new Date()): Date {
  const japanNow = new Date(now.getTime() + JST_OFFSET_MS);
  const utcMidnightOfJapanDay = Date.UTC(japanNow.getUTCFullYear(), japanNow.getUTCMonth(), japanNow.getUTCDate());
  return new Date(utcMidnightOfJapanDay + (hours * 60 + minutes) * 60_000 - JST_OFFSET_MS);
}

/**
 * Makes sure the demo organisation exists with an open session, creating what is missing:
 * on an empty database everything, after the demo session was ended a new one for today.
 */
export function ensureDemo(db: Db, now = new Date()): DemoSeed {
  return db.transaction((tx) => {
    const exists = tx.select().from(organisations).where(eq(organisations.id, DEMO_ORGANISATION_ID)).get();
    if (!exists) insertDemoOrganisation(tx);
    const open = tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.venueId, DEMO_VENUE_ID), ne(sessions.status, 'ended')))
      .orderBy(desc(sessions.startsAt))
      .get();
    const sessionId = open?.id ?? insertDemoSession(tx, now);
    const venue = tx.select({ name: venues.name }).from(venues).where(eq(venues.id, DEMO_VENUE_ID)).get();
    const links = tx
      .select({ displayName: participants.displayName, token: invites.token })
      .from(invites)
      .innerJoin(participants, eq(participants.id, invites.participantId))
      .where(and(eq(invites.venueId, DEMO_VENUE_ID), isNull(invites.revokedAt)))
      .orderBy(asc(participants.createdAt), asc(participants.id))
      .all();
    return { sessionId, venueName: venue?.name ?? '', invites: links };
  });
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function insertDemoOrganisation(tx: Tx): void {
  tx.insert(organisations).values({ id: DEMO_ORGANISATION_ID, name: 'かよい市 地域包括支援センター（デモ）' }).run();
  tx.insert(venues).values({ id: DEMO_VENUE_ID, organisationId: DEMO_ORGANISATION_ID, name: 'さくら町 公民館' }).run();
  DEMO_PARTICIPANTS.forEach((p, i) => {
    const participantId = newId('par');
    const createdAt = new Date(Date.now() + i);
    tx.insert(participants).values({ id: participantId, organisationId: DEMO_ORGANISATION_ID, createdAt, ...p }).run();
    tx.insert(venueMembers).values({ venueId: DEMO_VENUE_ID, participantId }).run();
    tx.insert(invites).values({ token: newSecret(), participantId, venueId: DEMO_VENUE_ID }).run();
  });
}

function insertDemoSession(tx: Tx, now: Date): string {
  const id = newSecret();
  tx.insert(sessions)
    .values({
      id,
      venueId: DEMO_VENUE_ID,
      title: 'いきいき百歳体操と脳トレ',
      startsAt: todayInJapanAt(10, 0, now),
      endsAt: todayInJapanAt(11, 30, now),
    })
    .run();
  return id;
}
