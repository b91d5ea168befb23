import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writesOf } from '../../../server/src/db/dialect';
import { tablesOf } from '../../../server/src/db/schema';
import { bothDatabases, postgresForFile, type TestDatabase } from '../../support/testDatabase';

const postgres = postgresForFile();
afterAll(() => postgres.stop());

describe.each(bothDatabases(postgres))('dialect writes on $name', ({ dialect, open }) => {
  const { organisations, auditLog } = tablesOf(dialect);
  const w = writesOf(dialect);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
    await database.db.insert(organisations).values({ id: 'org1', name: '会' });
    const entry = (action: string, before: unknown, after: unknown) => ({
      organisationId: 'org1',
      action,
      entityType: 'participant',
      entityId: 'par1',
      before,
      after,
    });
    await database.db
      .insert(auditLog)
      .values([
        entry(
          'a1',
          { displayName: '山田 花子', kana: 'やまだ', venueId: 'v1' },
          { displayName: '山田 花', notes: '耳が遠い', mode: 'venue' },
        ),
        entry('a2', null, 'a plain string'),
        entry('a3', [1, 2], 42),
      ]);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('jsonWithoutFields: the named fields leave an object, other fields and non-objects stay', async () => {
    await database.db
      .update(auditLog)
      .set({
        before: w.jsonWithoutFields(auditLog.before, ['displayName', 'kana', 'notes']),
        after: w.jsonWithoutFields(auditLog.after, ['displayName', 'kana', 'notes']),
      })
      .where(eq(auditLog.organisationId, 'org1'));
    const rows = await database.db
      .select({ id: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .orderBy(asc(auditLog.action));
    expect(rows).toEqual([
      { id: 'a1', before: { venueId: 'v1' }, after: { mode: 'venue' } },
      { id: 'a2', before: null, after: 'a plain string' },
      { id: 'a3', before: [1, 2], after: 42 },
    ]);
  });

  it('jsonWithoutFields refuses a field that is not a plain name (it becomes part of the SQL path)', () => {
    expect(() => w.jsonWithoutFields(auditLog.before, ["x') --"])).toThrow('not a JSON field name');
  });
});
