import { eq } from 'drizzle-orm';
import { todayInJapanAt } from '@shared/japanTime';
import type { Db } from '../../server/src/db/client';
import { newId, newSecret } from '../../server/src/db/ids';
import { hostVenues, invites, participants, sessions, users, venueMembers, venues } from '../../server/src/db/schema';
import { inTransaction } from '../../server/src/db/transaction';
import { DEMO_ORGANISATION_ID } from '../../server/src/demo/seed';

/** A venue with a session today (10:00–11:30) and its invited participants' links. */
export interface ClusterVenue {
  venueId: string;
  sessionId: string;
  invites: { participantId: string; token: string }[];
}

/**
 * `count` venues of the demo organisation, each with a session today and `perVenue` invited participants, the demo
 * host running them all: awaited queries, so the same on SQLite and PostgreSQL (a cluster node inserts them into the
 * database the nodes share; tests/bench/lib/fixtures.ts is SQLite's synchronous twin for the one-node benchmarks).
 */
export async function addClusterVenues(db: Db, count: number, perVenue: number): Promise<ClusterVenue[]> {
  const [host] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'host')).limit(1);
  const created: ClusterVenue[] = [];
  for (let v = 0; v < count; v++) {
    const venue: ClusterVenue = { venueId: newId('ven'), sessionId: newSecret(), invites: [] };
    await inTransaction(db, async (tx) => {
      await tx.insert(venues).values({ id: venue.venueId, organisationId: DEMO_ORGANISATION_ID, name: `ベンチ会場 ${v + 1}` });
      await tx.insert(sessions).values({
        id: venue.sessionId,
        venueId: venue.venueId,
        title: 'ベンチマーク',
        startsAt: todayInJapanAt(10, 0),
        endsAt: todayInJapanAt(11, 30),
      });
      if (host) await tx.insert(hostVenues).values({ userId: host.id, venueId: venue.venueId });
      for (let i = 0; i < perVenue; i++) {
        const participantId = newId('par');
        await tx.insert(participants).values({
          id: participantId,
          organisationId: DEMO_ORGANISATION_ID,
          displayName: `会場${v + 1} 参加者${i + 1}`,
          kana: `べんち ${i}`,
        });
        await tx.insert(venueMembers).values({ venueId: venue.venueId, participantId });
        const token = newSecret();
        await tx.insert(invites).values({ token, participantId, venueId: venue.venueId });
        venue.invites.push({ participantId, token });
      }
    });
    created.push(venue);
  }
  return created;
}
