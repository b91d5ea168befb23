import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, isNull, lt, ne } from 'drizzle-orm';
import { hashPassword } from '../auth/passwordHashing.mjs';
import { planUpcomingSessions } from '../venues/planner';
import { insertDemoCheckins, insertDemoQuestionnaire, type DemoAttendance } from './wellbeing';
import { addDays, japanDate, japanInstant, japanWeekday, todayInJapanAt } from '@shared/japanTime';
import type { Db } from '../db/client';
import { newId, newSecret } from '../db/ids';
import { inTransaction } from '../db/transaction';
import {
  attendance,
  hostVenues,
  invites,
  organisations,
  participants,
  schedules,
  sessions,
  users,
  venueMembers,
  venues,
} from '../db/schema';

export interface DemoAccount {
  role: 'organiser' | 'host';
  email: string;
  password: string;
}

export interface DemoSeed {
  sessionId: string;
  venueName: string;
  /**
   * Today's session is not one of the venue's weekly meetings (the demo was first started on another weekday):
   * it was made so that the demo can be tried today. Null when it is the weekly meeting.
   */
  oneOff: { weekday: number } | null;
  invites: { displayName: string; token: string }[];
  /** Accounts created by this call, with their passwords: shown once, never stored in clear. */
  newAccounts: DemoAccount[];
}

export const DEMO_ORGANISATION_ID = 'org_demo';
export const DEMO_VENUE_ID = 'ven_demo';
export const DEMO_VENUE_2_ID = 'ven_demo2';
export const DEMO_ORGANISER_EMAIL = 'organiser@example.jp';
export const DEMO_HOST_EMAIL = 'host@example.jp';

/** Ten participants; the first six meet at the first venue, the rest at the second. */
const DEMO_PARTICIPANTS = [
  { displayName: '山田 花子', kana: 'やまだ はなこ' },
  { displayName: '佐藤 一郎', kana: 'さとう いちろう' },
  { displayName: '鈴木 よし子', kana: 'すずき よしこ' },
  { displayName: '高橋 正男', kana: 'たかはし まさお' },
  { displayName: '田中 千代', kana: 'たなか ちよ' },
  { displayName: '伊藤 キヨ', kana: 'いとう きよ' },
  { displayName: '渡辺 茂', kana: 'わたなべ しげる' },
  { displayName: '中村 ふみ', kana: 'なかむら ふみ' },
  { displayName: '小林 勝', kana: 'こばやし まさる' },
  { displayName: '加藤 ハル', kana: 'かとう はる' },
];

/** The first venue meets on the weekday the demo is first started (so today's session is its weekly meeting). */
const demoVenues = (now: Date) => [
  {
    id: DEMO_VENUE_ID,
    name: 'さくら町 公民館',
    weekday: japanWeekday(now),
    startTime: '10:00',
    endTime: '11:30',
    members: [0, 1, 2, 3, 4, 5],
  },
  { id: DEMO_VENUE_2_ID, name: 'みどり台 集会所', weekday: 4, startTime: '13:30', endTime: '15:00', members: [6, 7, 8, 9] },
];
type DemoVenue = ReturnType<typeof demoVenues>[number];
/** Participants with consent to wellbeing records: all but every third (鈴木 よし子, 伊藤 キヨ, 小林 勝). */
const consenting = (index: number) => index % 3 !== 2;
/** 佐藤 一郎 comes every week but has missed the last two: the 見守り list shows him as absent. */
const ABSENT_LATELY = 1;
/** 加藤 ハル filled in the frailty questionnaire a month ago. */
const QUESTIONNAIRE_BY = 9;
const DEMO_TITLE = 'いきいき百歳体操と脳トレ';
const PAST_WEEKS = 8;

/**
 * Makes sure the demo organisation exists with a session open today at the first venue, creating
 * what is missing: on an empty database everything (accounts, two venues, ten participants,
 * schedules and eight weeks of past sessions with attendance), later only a new session for today.
 */
export async function ensureDemo(db: Db, now = new Date()): Promise<DemoSeed> {
  const [exists] = await db.select().from(organisations).where(eq(organisations.id, DEMO_ORGANISATION_ID)).limit(1);
  const newAccounts = exists ? [] : await insertDemoOrganisation(db, now);
  // Today's session may come from the weekly schedule; only make one up if it does not.
  await planUpcomingSessions(db, now);
  return inTransaction(db, async (tx) => {
    const sessionId = (await findOpenSessionToday(tx, now)) ?? (await insertDemoSessionToday(tx, now));
    const [session] = await tx.select({ scheduleId: sessions.scheduleId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
    const [weekly] = await tx.select({ weekday: schedules.weekday }).from(schedules).where(eq(schedules.venueId, DEMO_VENUE_ID)).limit(1);
    const oneOff = session?.scheduleId || !weekly ? null : { weekday: weekly.weekday };
    const [venue] = await tx.select({ name: venues.name }).from(venues).where(eq(venues.id, DEMO_VENUE_ID)).limit(1);
    const links = await tx
      .select({ displayName: participants.displayName, token: invites.token })
      .from(invites)
      .innerJoin(participants, eq(participants.id, invites.participantId))
      .where(and(eq(invites.venueId, DEMO_VENUE_ID), isNull(invites.revokedAt)))
      .orderBy(asc(participants.createdAt), asc(participants.id))
      .limit(3);
    return { sessionId, venueName: venue?.name ?? '', oneOff, invites: links, newAccounts };
  });
}

async function insertDemoOrganisation(db: Db, now: Date): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [
    { role: 'organiser', email: DEMO_ORGANISER_EMAIL, password: randomPassword() },
    { role: 'host', email: DEMO_HOST_EMAIL, password: randomPassword() },
  ];
  // Before the server listens (or in a test's set-up): hashing on this thread delays nobody.
  const hashes = accounts.map((a) => hashPassword(a.password));
  await inTransaction(db, async (tx) => {
    await tx.insert(organisations).values({ id: DEMO_ORGANISATION_ID, name: 'かよい市 地域包括支援センター（デモ）' });
    const participantIds: string[] = [];
    for (const [i, p] of DEMO_PARTICIPANTS.entries()) {
      const id = newId('par');
      const consent = consenting(i) ? now : null;
      await tx.insert(participants).values({
        id,
        organisationId: DEMO_ORGANISATION_ID,
        createdAt: new Date(now.getTime() - 1000 + i),
        wellbeingConsentAt: consent,
        ...p,
      });
      participantIds.push(id);
    }
    const held: DemoAttendance[] = [];
    for (const venue of demoVenues(now)) {
      await tx.insert(venues).values({ id: venue.id, organisationId: DEMO_ORGANISATION_ID, name: venue.name });
      const scheduleId = newId('sch');
      await tx.insert(schedules).values({
        id: scheduleId,
        venueId: venue.id,
        weekday: venue.weekday,
        startTime: venue.startTime,
        endTime: venue.endTime,
        title: DEMO_TITLE,
      });
      const members = venue.members.map((i) => participantIds[i]!);
      for (const participantId of members) {
        await tx.insert(venueMembers).values({ venueId: venue.id, participantId });
        await tx.insert(invites).values({ token: newSecret(), participantId, venueId: venue.id });
      }
      held.push(...(await insertPastSessions(tx, venue, scheduleId, participantIds, now)));
    }
    const [organiserHash, hostHash] = hashes;
    await tx.insert(users).values({
      id: 'usr_demo_organiser',
      organisationId: DEMO_ORGANISATION_ID,
      email: DEMO_ORGANISER_EMAIL,
      displayName: '地域包括 担当（デモ）',
      role: 'organiser',
      passwordHash: organiserHash!,
    });
    await tx.insert(users).values({
      id: 'usr_demo_host',
      organisationId: DEMO_ORGANISATION_ID,
      email: DEMO_HOST_EMAIL,
      displayName: '世話役（デモ）',
      role: 'host',
      passwordHash: hostHash!,
    });
    await tx.insert(hostVenues).values({ userId: 'usr_demo_host', venueId: DEMO_VENUE_ID });
    await insertDemoCheckins(tx, held, consenting, 'usr_demo_host');
    await insertDemoQuestionnaire(tx, participantIds[QUESTIONNAIRE_BY]!, now, 'usr_demo_host');
  });
  return accounts;
}

/** Eight past weekly sessions, ended, with a plausible mix of venue, online and phone attendance. */
async function insertPastSessions(
  tx: Db,
  venue: DemoVenue,
  scheduleId: string,
  participantIds: string[],
  now: Date,
): Promise<DemoAttendance[]> {
  const held: DemoAttendance[] = [];
  const today = japanDate(now);
  const lastMeeting = addDays(today, -((japanWeekday(now) - venue.weekday + 7) % 7 || 7));
  for (let week = PAST_WEEKS - 1; week >= 0; week--) {
    const date = addDays(lastMeeting, -7 * week);
    const sessionId = newSecret();
    const startsAt = japanInstant(date, venue.startTime);
    const endsAt = japanInstant(date, venue.endTime);
    await tx
      .insert(sessions)
      .values({ id: sessionId, venueId: venue.id, scheduleId, title: DEMO_TITLE, startsAt, endsAt, status: 'ended', endedAt: endsAt });
    const came: DemoAttendance['people'] = [];
    held.push({ sessionId, weeksAgo: week, startsAt, people: came });
    for (const [i, index] of venue.members.entries()) {
      const participantId = participantIds[index]!;
      const pattern = (i * 3 + week) % 7;
      if (pattern === 6 || (index === ABSENT_LATELY && week < 2)) continue;
      const mode = pattern < 4 ? 'venue' : pattern === 4 ? 'online' : 'phone';
      came.push({ index, participantId, mode });
      const online = mode === 'online';
      await tx.insert(attendance).values({
        id: newId('att'),
        sessionId,
        participantId,
        mode,
        firstJoinAt: online ? startsAt : null,
        lastLeaveAt: online ? endsAt : null,
        minutesConnected: online ? Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) : 0,
      });
    }
  }
  return held;
}

async function findOpenSessionToday(tx: Db, now: Date): Promise<string | undefined> {
  const dayStart = japanInstant(japanDate(now), '00:00');
  const [open] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.venueId, DEMO_VENUE_ID),
        ne(sessions.status, 'ended'),
        gte(sessions.startsAt, dayStart),
        lt(sessions.startsAt, new Date(dayStart.getTime() + 86_400_000)),
      ),
    )
    .orderBy(desc(sessions.startsAt))
    .limit(1);
  return open?.id;
}

/** A one-off session today, when today is not the venue's weekday: the demo can be tried any day. */
async function insertDemoSessionToday(tx: Db, now: Date): Promise<string> {
  const id = newSecret();
  await tx.insert(sessions).values({
    id,
    venueId: DEMO_VENUE_ID,
    title: `${DEMO_TITLE}（デモの臨時回）`,
    startsAt: todayInJapanAt(10, 0, now),
    endsAt: todayInJapanAt(11, 30, now),
  });
  return id;
}

function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
