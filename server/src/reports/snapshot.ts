import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../db/client';
import { openPostgresSnapshot } from './postgresSnapshot';
import { openSqliteSnapshot } from './sqliteSnapshot';

/** Reads raw report SQL (db/dialect.ts spells it for the configured database): the app's database or a snapshot. */
export interface Reader {
  all<T>(query: SQL): Promise<T[]>;
}

/**
 * A consistent, read-only view of the database for one export: its row count, rows and summaries agree even while
 * live calls write attendance, and reading it never blocks those writes, however slowly the client downloads.
 *
 * SQLite: a second connection of the file in one read transaction (WAL readers do not block the writer; the app's
 * connection would refuse every write while an iterator is open). PostgreSQL: a pooled connection in a
 * `REPEATABLE READ READ ONLY` transaction, its rows read through a cursor. Exports at once are bounded by the
 * ExportGate (HTTP_LIMITS.exportsAtOnce), well below the pool's size, so live writes always find a connection.
 */
export interface ReadSnapshot extends Reader {
  /** drizzle on the snapshot's connection, for the query builder. */
  readonly db: Db;
  /** The rows of a raw query as arrays (columns in the query's order), read lazily, `size` at a time. */
  batches<Row extends unknown[]>(query: SQL, size?: number): AsyncIterable<Row[]>;
  /** Ends the read transaction and gives back its connection; call once every batch is read. Idempotent. */
  close(): Promise<void>;
}

export const SNAPSHOT_BATCH_ROWS = 500;

/** Opens a snapshot of the database `db` runs on (SQLite's connection or PostgreSQL's pool under drizzle). */
export async function openReadSnapshot(db: Db): Promise<ReadSnapshot> {
  const client = (db as Db & { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return await openPostgresSnapshot(client);
  if (!client) throw new Error('This drizzle database has no client to take a snapshot from');
  return openSqliteSnapshot(client as Database.Database);
}
