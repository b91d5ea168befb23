import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../server/src/db/client';
import { DIALECT, execute, rows } from '../../../server/src/db/dialect';

/**
 * True while an export's read snapshot is open. SQLite (`sqlite`: the file's app connection): after a write, a
 * checkpoint cannot copy WAL frames past what an open reader still sees. PostgreSQL: another connection of the
 * database is inside a transaction (the snapshot's REPEATABLE READ one; nothing else is running in these tests).
 */
export async function snapshotOpen(db: Db, sqlite: () => Database.Database): Promise<boolean> {
  if (DIALECT === 'sqlite') {
    await execute(db, sql`update organisations set name = name`);
    const [result] = sqlite().pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    return result!.checkpointed < result!.log;
  }
  const [open] = await rows<{ n: number }>(
    db,
    sql`select cast(count(*) as integer) as "n" from pg_stat_activity
        where datname = current_database() and xact_start is not null and pid <> pg_backend_pid()`,
  );
  return open!.n > 0;
}

/** Waits (up to 5 s) until no snapshot is open; answers whether one still is. */
export async function snapshotStillOpen(db: Db, sqlite: () => Database.Database): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while ((await snapshotOpen(db, sqlite)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return await snapshotOpen(db, sqlite);
}
