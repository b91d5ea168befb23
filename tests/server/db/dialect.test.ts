import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOf } from '../../../server/src/db/dialect';
import { tablesOf } from '../../../server/src/db/schema';
import { bothDatabases, postgresForFile, type TestDatabase } from '../../support/testDatabase';

const postgres = postgresForFile();
afterAll(() => postgres.stop());

const databases = bothDatabases(postgres);

/** 09:00 Japan time on 1 December is 00:00 UTC; Japan's midnight is 15:00 UTC the day before. */
const JAPAN_MIDNIGHT = new Date('2026-11-30T15:00:00.000Z');
const JUST_BEFORE = new Date(JAPAN_MIDNIGHT.getTime() - 1);

describe.each(databases)('dialect helpers on $name', ({ dialect, open }) => {
  const { organisations, venues, sessions, letters } = tablesOf(dialect);
  const d = sqlOf(dialect);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
    const { db } = database;
    await db.insert(organisations).values({ id: 'org1', name: '会' });
    await db.insert(venues).values(['v1', 'v2', 'v3'].map((id) => ({ id, organisationId: 'org1', name: id })));
    const session = (id: string, startsAt: Date) => ({
      id,
      venueId: 'v1',
      title: id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });
    await db.insert(sessions).values([session('s_midnight', JAPAN_MIDNIGHT), session('s_before', JUST_BEFORE)]);
    const letter = (id: string, parts: (typeof letters.$inferInsert)['parts']) => ({
      id,
      organisationId: 'org1',
      venueId: 'v1',
      title: id,
      parts,
      status: 'draft' as const,
    });
    await db.insert(letters).values([
      letter('l1', [
        { kind: 'message', messageId: 'm1' },
        { kind: 'video', videoId: 'vid1' },
      ]),
      letter('l2', [{ kind: 'message', messageId: 'm2' }]),
      letter('l3', []),
    ]);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('inList: a column among a list of values, one parameter whatever its length', async () => {
    const ids = async (values: string[]) =>
      (await database.db.select({ id: venues.id }).from(venues).where(d.inList(venues.id, values)).orderBy(asc(venues.id))).map(
        (v) => v.id,
      );
    expect(await ids(['v3', 'v1', 'nobody'])).toEqual(['v1', 'v3']);
    expect(await ids([])).toEqual([]);
    expect(await ids([...Array.from({ length: 5000 }, (_, i) => `x${i}`), 'v2'])).toEqual(['v2']);
    expect(await ids(["v1' or '1'='1"])).toEqual([]);
  });

  it('jsonArrayHasFieldIn: an element of a JSON array of objects has a field among the values', async () => {
    const ids = async (field: string, values: string[]) =>
      (
        await database.db
          .select({ id: letters.id })
          .from(letters)
          .where(d.jsonArrayHasFieldIn(letters.parts, field, values))
          .orderBy(asc(letters.id))
      ).map((l) => l.id);
    expect(await ids('messageId', ['m2', 'm9'])).toEqual(['l2']);
    expect(await ids('messageId', ['m1', 'm2'])).toEqual(['l1', 'l2']);
    expect(await ids('messageId', ['vid1'])).toEqual([]);
    expect(await ids('videoId', ['vid1'])).toEqual(['l1']);
    expect(await ids('messageId', [])).toEqual([]);
    expect(() => d.jsonArrayHasFieldIn(letters.parts, "x') or 1=1 --", ['a'])).toThrow('not a JSON field name');
  });

  it('now and epochMsOf: the current time stored in a time column, and a column read as milliseconds', async () => {
    const before = Date.now();
    const [updated] = await database.db
      .update(venues)
      .set({ archivedAt: sql`${d.now()}` })
      .where(eq(venues.id, 'v3'))
      .returning({ archivedAt: venues.archivedAt, ms: d.epochMsOf(venues.archivedAt) });
    expect(updated!.archivedAt).toBeInstanceOf(Date);
    expect(updated!.archivedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(updated!.archivedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(updated!.ms).toBe(updated!.archivedAt!.getTime());

    const [row] = await database.db
      .select({ ms: d.epochMsOf(sessions.startsAt) })
      .from(sessions)
      .where(eq(sessions.id, 's_before'));
    expect(row!.ms).toBe(JUST_BEFORE.getTime());
    expect(typeof row!.ms).toBe('number');
  });

  it('msAsTime: milliseconds stored in and compared with a time column, as a number or a placeholder', async () => {
    const at = new Date('2026-12-04T05:06:07.891Z');
    await database.db
      .update(venues)
      .set({ archivedAt: d.msAsTime(at.getTime()) })
      .where(eq(venues.id, 'v2'));
    const [venue] = await database.db.select({ archivedAt: venues.archivedAt }).from(venues).where(eq(venues.id, 'v2'));
    expect(venue!.archivedAt).toEqual(at);

    const later = database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(sql`${sessions.startsAt} >= ${d.msAsTime(sql.placeholder('fromMs'))}`)
      .prepare();
    expect((await later.execute({ fromMs: JAPAN_MIDNIGHT.getTime() })).map((s) => s.id)).toEqual(['s_midnight']);
    expect((await later.execute({ fromMs: JUST_BEFORE.getTime() })).map((s) => s.id).sort()).toEqual(['s_before', 's_midnight']);
  });

  it("japanDateOf and japanMonthOf: Japan's date and month of a time, which change at 15:00 UTC", async () => {
    const rows = await database.db
      .select({ id: sessions.id, date: d.japanDateOf(sessions.startsAt), month: d.japanMonthOf(sessions.startsAt) })
      .from(sessions)
      .orderBy(asc(sessions.id));
    expect(rows).toEqual([
      { id: 's_before', date: '2026-11-30', month: '2026-11' },
      { id: 's_midnight', date: '2026-12-01', month: '2026-12' },
    ]);
  });

  it('execute: a raw statement runs, and its failure reaches the caller', async () => {
    await d.execute(database.db, sql`update venues set name = ${'改名'} where id = ${'v2'}`);
    const [venue] = await database.db.select({ name: venues.name }).from(venues).where(eq(venues.id, 'v2'));
    expect(venue!.name).toBe('改名');
    await expect(d.execute(database.db, sql`update no_such_table set x = 1`)).rejects.toThrow('no_such_table');
  });

  it('rows: the rows of a raw query, named as the query names them', async () => {
    const rows = await d.rows<{ venueId: string; sessionCount: number }>(
      database.db,
      sql`select v.id as "venueId", cast(count(s.id) as integer) as "sessionCount" from venues v
          left join sessions s on s.venue_id = v.id where ${d.inList(sql`v.id`, ['v1', 'v2'])} group by v.id order by v.id`,
    );
    expect(rows).toEqual([
      { venueId: 'v1', sessionCount: 2 },
      { venueId: 'v2', sessionCount: 0 },
    ]);
  });
});
