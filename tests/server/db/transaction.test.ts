import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../../server/src/db/client';
import { organisations } from '../../../server/src/db/schema';
import { inTransaction } from '../../../server/src/db/transaction';

let dir: string;
let handle: DbHandle;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-tx-'));
  handle = openDatabase(path.join(dir, 'kayoi.db'));
});

afterEach(() => {
  handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const names = async () => (await handle.db.select({ name: organisations.name }).from(organisations)).map((o) => o.name).sort();
const addOrganisation = (db: DbHandle['db'], id: string) => db.insert(organisations).values({ id, name: id });

describe('inTransaction on SQLite', () => {
  it('commits what the body wrote and answers its result', async () => {
    const result = await inTransaction(handle.db, async (tx) => {
      await addOrganisation(tx, 'org_a');
      await addOrganisation(tx, 'org_b');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await names()).toEqual(['org_a', 'org_b']);
  });

  it('writes nothing when the body throws, and the error reaches the caller', async () => {
    await expect(
      inTransaction(handle.db, async (tx) => {
        await addOrganisation(tx, 'org_a');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await names()).toEqual([]);
    expect(handle.sqlite.inTransaction).toBe(false);
  });

  it('runs two transactions one after the other, never interleaved', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = inTransaction(handle.db, async (tx) => {
      order.push('first begins');
      await addOrganisation(tx, 'org_a');
      await gate;
      order.push('first ends');
    });
    const second = inTransaction(handle.db, async (tx) => {
      order.push('second begins');
      await addOrganisation(tx, 'org_b');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['first begins']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
    expect(await names()).toEqual(['org_a', 'org_b']);
  });

  it('a failed transaction does not stop the next one', async () => {
    const failing = inTransaction(handle.db, () => Promise.reject(new Error('no')));
    const next = inTransaction(handle.db, (tx) => addOrganisation(tx, 'org_c').then(() => 'ok'));
    await expect(failing).rejects.toThrow('no');
    expect(await next).toBe('ok');
    expect(await names()).toEqual(['org_c']);
  });

  it('a transaction inside another is a savepoint: its failure undoes only its own writes', async () => {
    await inTransaction(handle.db, async (tx) => {
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
    const [outer] = await handle.db.select().from(organisations).where(eq(organisations.id, 'org_outer')).limit(1);
    expect(outer?.name).toBe('org_outer');
  });
});
