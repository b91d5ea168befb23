import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/src/db/client';
import { tablesOf } from '../../../server/src/db/schema';
import { inTransaction } from '../../../server/src/db/transaction';
import { bothDatabases, openSqliteTestDatabase, postgresForFile, temporaryDir, type TestDatabase } from '../../support/testDatabase';
import path from 'node:path';

const postgres = postgresForFile();
afterAll(() => postgres.stop());

const databases = bothDatabases(postgres);

describe.each(databases)('inTransaction on $name', ({ dialect, open }) => {
  const { organisations } = tablesOf(dialect);
  let database: TestDatabase;

  beforeEach(async () => {
    database = await open();
  });

  afterEach(async () => {
    await database.close();
  });

  const names = async () => (await database.db.select({ name: organisations.name }).from(organisations)).map((o) => o.name).sort();
  const addOrganisation = (db: Db, id: string) => db.insert(organisations).values({ id, name: id });

  it('commits what the body wrote and answers its result', async () => {
    const result = await inTransaction(database.db, async (tx) => {
      await addOrganisation(tx, 'org_a');
      await addOrganisation(tx, 'org_b');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await names()).toEqual(['org_a', 'org_b']);
  });

  it('writes nothing when the body throws, and the error reaches the caller', async () => {
    await expect(
      inTransaction(database.db, async (tx) => {
        await addOrganisation(tx, 'org_a');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await names()).toEqual([]);
    if (database.sqlite) expect(database.sqlite.inTransaction).toBe(false);
  });

  it('a failed transaction does not stop the next one', async () => {
    const failing = inTransaction(database.db, () => Promise.reject(new Error('no')));
    const next = inTransaction(database.db, (tx) => addOrganisation(tx, 'org_c').then(() => 'ok'));
    await expect(failing).rejects.toThrow('no');
    expect(await next).toBe('ok');
    expect(await names()).toEqual(['org_c']);
  });

  it('a transaction inside another is a savepoint: its failure undoes only its own writes', async () => {
    await inTransaction(database.db, async (tx) => {
      await addOrganisation(tx, 'org_outer');
      await expect(
        inTransaction(tx, async (inner) => {
          await addOrganisation(inner, 'org_inner');
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      await inTransaction(tx, (inner) => addOrganisation(inner, 'org_kept'));
    });
    expect(await names()).toEqual(['org_kept', 'org_outer']);
    const [outer] = await database.db.select().from(organisations).where(eq(organisations.id, 'org_outer')).limit(1);
    expect(outer?.name).toBe('org_outer');
  });

  it('savepoints nest inside savepoints, and the outer failure undoes them all', async () => {
    await expect(
      inTransaction(database.db, async (tx) => {
        await inTransaction(tx, (inner) => inTransaction(inner, (innermost) => addOrganisation(innermost, 'org_deep')));
        expect((await tx.select().from(organisations)).map((o) => o.id)).toEqual(['org_deep']);
        throw new Error('outer refused');
      }),
    ).rejects.toThrow('outer refused');
    expect(await names()).toEqual([]);
  });

  it('refuses a database object it did not open', async () => {
    expect(() => inTransaction({} as Db, () => Promise.resolve())).toThrow('not opened by db/client');
  });
});

describe('inTransaction on SQLite, one connection', () => {
  let database: TestDatabase;
  let remove: () => void;

  beforeEach(async () => {
    const folder = temporaryDir('kayoi-tx-');
    remove = folder.remove;
    database = openSqliteTestDatabase(path.join(folder.dir, 'kayoi.db'));
  });

  afterEach(async () => {
    await database.close();
    remove();
  });

  it('runs two transactions one after the other, never interleaved', async () => {
    const { organisations } = tablesOf('sqlite');
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = inTransaction(database.db, async (tx) => {
      order.push('first begins');
      await tx.insert(organisations).values({ id: 'org_a', name: 'a' });
      await gate;
      order.push('first ends');
    });
    const second = inTransaction(database.db, async (tx) => {
      order.push('second begins');
      await tx.insert(organisations).values({ id: 'org_b', name: 'b' });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['first begins']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
  });
});

describe('inTransaction on PostgreSQL, a pool of connections', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await postgres.open();
  });

  afterEach(async () => {
    await database.close();
  });

  it('runs two transactions side by side, each seeing its own writes only until it commits', async () => {
    const { organisations } = tablesOf('postgres');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstWrote!: () => void;
    const written = new Promise<void>((resolve) => (firstWrote = resolve));
    const first = inTransaction(database.db, async (tx) => {
      await tx.insert(organisations).values({ id: 'org_a', name: 'a' });
      firstWrote();
      await gate;
    });
    await written;
    const seenBySecond = await inTransaction(database.db, async (tx) => {
      await tx.insert(organisations).values({ id: 'org_b', name: 'b' });
      return (await tx.select().from(organisations)).map((o) => o.id);
    });
    expect(seenBySecond).toEqual(['org_b']);
    release();
    await first;
    expect((await database.db.select().from(organisations)).map((o) => o.id).sort()).toEqual(['org_a', 'org_b']);
  });
});
