import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSqlOf } from '../../../server/src/db/dialect';
import { tablesOf } from '../../../server/src/db/schema';
import { bothDatabases, postgresForFile, type TestDatabase } from '../../support/testDatabase';

/** The report helpers of db/dialect.ts (ReportSql), each on both databases. */
const postgres = postgresForFile();
afterAll(() => postgres.stop());

const START = new Date('2026-12-01T01:00:00.000Z');
const after = (ms: number) => new Date(START.getTime() + ms);

describe.each(bothDatabases(postgres))('report helpers on $name', ({ dialect, open }) => {
  const { organisations, venues, sessions } = tablesOf(dialect);
  const r = reportSqlOf(dialect);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
    const { db } = database;
    await db.insert(organisations).values({ id: 'org1', name: '会' });
    // Names that a linguistic collation would order otherwise than code points: kana, long vowel, case, space, symbols.
    const names = ['あい', 'アイ', 'あーい', 'あい ', 'Zebra', 'apple', '_x', '-x', '漢字', 'ｱｲ'];
    await db.insert(venues).values(names.map((name, i) => ({ id: `v${i}`, organisationId: 'org1', name })));
    const session = (id: string, endsInMs: number) => ({ id, venueId: 'v0', title: id, startsAt: START, endsAt: after(endsInMs) });
    await db
      .insert(sessions)
      .values([
        session('s90', 90 * 60_000),
        session('s_half_up', 29_999 + 60_000 * 2),
        session('s_half', 30_000 + 60_000 * 2),
        session('s_0', 0),
        session('s_long', 6 * 3_600_000 + 1),
      ]);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('minutesBetween: whole minutes between two times, rounded half away from zero, as a number', async () => {
    const rows = await database.db
      .select({ id: sessions.id, minutes: r.minutesBetween(sessions.startsAt, sessions.endsAt) })
      .from(sessions)
      .orderBy(asc(sessions.id));
    expect(rows).toEqual([
      { id: 's90', minutes: 90 },
      { id: 's_0', minutes: 0 },
      { id: 's_half', minutes: 3 },
      { id: 's_half_up', minutes: 2 },
      { id: 's_long', minutes: 360 },
    ]);
    expect(typeof rows[0]!.minutes).toBe('number');
  });

  it('byCodePoint: text in code point order, whatever the database collation', async () => {
    const rows = await database.db
      .select({ name: venues.name })
      .from(venues)
      .orderBy(asc(r.byCodePoint(venues.name)));
    const names = rows.map((v) => v.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names).toEqual(['-x', 'Zebra', '_x', 'apple', 'あい', 'あい ', 'あーい', 'アイ', '漢字', 'ｱｲ']);
  });
});
