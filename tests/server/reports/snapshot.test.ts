import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HTTP_LIMITS } from '@shared/limits';
import { POOL_SIZE } from '../../../server/src/db/postgres';
import { tablesOf } from '../../../server/src/db/schema';
import { openReadSnapshot } from '../../../server/src/reports/snapshot';
import { bothDatabases, postgresForFile, type TestDatabase } from '../../support/testDatabase';

/** The export's read snapshot (reports/snapshot.ts) on both databases: consistent, read-only, never in the writers' way. */
const postgres = postgresForFile();
afterAll(() => postgres.stop());

const count = sql`select cast(count(*) as integer) as "n" from venues`;

describe.each(bothDatabases(postgres))('the read snapshot on $name', ({ dialect, open }) => {
  const { organisations, venues } = tablesOf(dialect);
  let database: TestDatabase;
  const addVenues = async (from: number, to: number) => {
    const ids = Array.from({ length: to - from }, (_, i) => `v${String(from + i).padStart(4, '0')}`);
    await database.db.insert(venues).values(ids.map((id) => ({ id, organisationId: 'org1', name: id })));
  };

  beforeEach(async () => {
    database = await open();
    await database.db.insert(organisations).values({ id: 'org1', name: '会' });
    await addVenues(0, 10);
  });
  afterEach(async () => {
    await database?.close();
  });

  it('sees the database as it was when first read, while the app writes beside it', async () => {
    const snapshot = await openReadSnapshot(database.db);
    try {
      expect(await snapshot.all<{ n: number }>(count)).toEqual([{ n: 10 }]);
      await addVenues(10, 15);
      await database.db.update(venues).set({ name: '改名' }).where(eq(venues.id, 'v0000'));
      expect(await snapshot.all<{ n: number }>(count)).toEqual([{ n: 10 }]);
      const [venue] = await snapshot.db.select({ name: venues.name }).from(venues).where(eq(venues.id, 'v0000'));
      expect(venue!.name).toBe('v0000');
    } finally {
      await snapshot.close();
    }
    const [now] = await database.db.select({ n: sql<number>`cast(count(*) as integer)` }).from(venues);
    expect(now!.n).toBe(15);
  });

  it('reads rows as arrays, a batch at a time, in order; the app writes while a read is paused mid-way', async () => {
    await addVenues(10, 1234);
    const snapshot = await openReadSnapshot(database.db);
    try {
      const sizes: number[] = [];
      const ids: unknown[] = [];
      for await (const batch of snapshot.batches<[string, string]>(
        sql`select id, name from venues where organisation_id = ${'org1'} order by id`,
        500,
      )) {
        sizes.push(batch.length);
        ids.push(...batch.map(([id, name]) => (id === name ? id : 'different')));
        // Paused mid-way, as a download waiting for its client: the app's writes go through.
        await database.db.insert(organisations).values({ id: `org_during_${sizes.length}`, name: '書き込み' });
      }
      expect(sizes).toEqual([500, 500, 234]);
      expect(ids).toEqual(Array.from({ length: 1234 }, (_, i) => `v${String(i).padStart(4, '0')}`));
      // Left early (the client went away): the statement or cursor ends, and the snapshot still reads.
      for await (const batch of snapshot.batches<[string]>(sql`select id from venues order by id`, 10)) {
        expect(batch).toHaveLength(10);
        break;
      }
      expect(await snapshot.all<{ n: number }>(count)).toEqual([{ n: 1234 }]);
    } finally {
      await snapshot.close();
    }
  });

  it('refuses writes, and gives its connection back when closed (twice is harmless)', async () => {
    const snapshot = await openReadSnapshot(database.db);
    try {
      const refused = await snapshot.db
        .insert(organisations)
        .values({ id: 'org_x', name: 'x' })
        .then(() => 'written')
        .catch((error: Error) => `${error.message} ${String((error.cause as Error | undefined)?.message)}`);
      expect(refused).toMatch(/read.?only/i);
    } finally {
      await snapshot.close();
    }
    await snapshot.close();
    // More snapshots one after another than the pool has connections: none is kept.
    for (let i = 0; i < 12; i++) {
      const next = await openReadSnapshot(database.db);
      expect(await next.all<{ n: number }>(count)).toEqual([{ n: 10 }]);
      await next.close();
    }
    await database.db.insert(organisations).values({ id: 'org_after', name: 'あと' });
  });
});

it('exports that may run at once leave most of a PostgreSQL pool to the live calls', () => {
  // Each export holds one pooled connection for its snapshot until its last byte is sent (reports/exportGate.ts).
  expect(HTTP_LIMITS.exportsAtOnce).toBeLessThanOrEqual(POOL_SIZE / 4);
});
