import { eq } from 'drizzle-orm';
import type { Db } from '../../../server/src/db/client';
import { newId, newSecret } from '../../../server/src/db/ids';
import { todayInJapanAt } from '@shared/japanTime';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { hostVenues, invites, participants, sessions, users, venueMembers, venues } from '../../../server/src/db/schema';

/** People for benchmarks: more participants with invite links, and more venues with a session today. */

export interface InviteFixture {
  participantId: string;
  displayName: string;
  token: string;
}

export interface VenueFixture {
  venueId: string;
  sessionId: string;
  invites: InviteFixture[];
}

const FAMILY = ['山本', '中島', '石井', '小川', '前田', '岡田', '長谷川', '藤田', '後藤', '近藤'];
const GIVEN = ['はる', 'なつ', 'あき', 'ふゆ', 'みつ', 'とし', 'かず', 'よし', 'すみ', 'てる'];

/** `count` new participants of the demo organisation, members of `venueId`, each with a personal invite. */
export function addParticipants(db: Db, venueId: string, count: number, prefix = 'ベンチ'): InviteFixture[] {
  const created: InviteFixture[] = [];
  db.transaction((tx) => {
    for (let i = 0; i < count; i++) {
      const id = newId('par');
      const displayName = `${prefix} ${FAMILY[i % FAMILY.length]} ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}${i >= 100 ? i : ''}`;
      tx.insert(participants)
        .values({ id, organisationId: DEMO_ORGANISATION_ID, displayName, kana: `べんち ${i}` })
        .run();
      tx.insert(venueMembers).values({ venueId, participantId: id }).run();
      const token = newSecret();
      tx.insert(invites).values({ token, participantId: id, venueId }).run();
      created.push({ participantId: id, displayName, token });
    }
  });
  return created;
}

/** `count` venues with a session today each, `perVenue` invited participants each; the demo host runs them all. */
export function addVenuesWithSessions(db: Db, count: number, perVenue: number): VenueFixture[] {
  const host = db.select({ id: users.id }).from(users).where(eq(users.role, 'host')).get();
  const fixtures: VenueFixture[] = [];
  for (let v = 0; v < count; v++) {
    const venueId = newId('ven');
    const sessionId = newSecret();
    db.transaction((tx) => {
      tx.insert(venues)
        .values({ id: venueId, organisationId: DEMO_ORGANISATION_ID, name: `ベンチ会場 ${v + 1}` })
        .run();
      tx.insert(sessions)
        .values({ id: sessionId, venueId, title: 'ベンチマーク', startsAt: todayInJapanAt(10, 0), endsAt: todayInJapanAt(11, 30) })
        .run();
      if (host) tx.insert(hostVenues).values({ userId: host.id, venueId }).run();
    });
    fixtures.push({ venueId, sessionId, invites: addParticipants(db, venueId, perVenue, `会場${v + 1}`) });
  }
  return fixtures;
}

export { DEMO_VENUE_ID };
