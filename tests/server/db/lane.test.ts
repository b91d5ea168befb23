import path from 'node:path';
import { eq, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT } from '../../../server/src/db/dialect';
import { auditLog, organisations, venues } from '../../../server/src/db/schema';
import { inTransaction } from '../../../server/src/db/transaction';
import { openTestDatabase, temporaryDir, type TestDatabase } from '../../support/testDatabase';

/** What services see, on the lane's database: `npm test` on SQLite, `npm run test:pg -- <files>` on PostgreSQL. */
describe("the test lane's database", () => {
  const folder = temporaryDir('kayoi-lane-');
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(path.join(folder.dir, 'kayoi.sqlite'));
  });

  afterAll(async () => {
    await database?.close();
    folder.remove();
  });

  it('is the one the run asked for, and the tables services import are of that dialect', () => {
    const wanted = process.env.KAYOI_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
    expect(DIALECT).toBe(wanted);
    expect(database.dialect).toBe(wanted);
    expect(database.sqlite === undefined).toBe(wanted === 'postgres');
    expect([is(venues, PgTable), is(venues, SQLiteTable)]).toEqual([wanted === 'postgres', wanted === 'sqlite']);
  });

  it('takes what a service writes through those tables and gives back the same values', async () => {
    const createdAt = new Date('2026-12-04T05:06:07.891Z');
    const [entry] = await inTransaction(database.db, async (tx) => {
      await tx.insert(organisations).values({ id: 'org1', name: '通いの会' });
      await tx.insert(venues).values({ id: 'v1', organisationId: 'org1', name: '公民館', createdAt, surveyActivities: ['exercise'] });
      return tx
        .insert(auditLog)
        .values({ organisationId: 'org1', action: 'venue.create', entityType: 'venue', entityId: 'v1', after: { name: '公民館' } })
        .returning();
    });
    expect(entry).toMatchObject({ id: 1, after: { name: '公民館' }, before: null });
    const [venue] = await database.db.select().from(venues).where(eq(venues.id, 'v1'));
    expect(venue).toMatchObject({ createdAt, meetsOnHolidays: false, surveyActivities: ['exercise'], archivedAt: null });
  });
});
