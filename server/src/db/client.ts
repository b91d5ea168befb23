import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { DIALECT, dialectOf } from './dialect';
import * as schema from './schema.sqlite';
import { openPostgres } from './postgres';
import { registerTransactionRunner, sqliteTransactionRunner } from './transaction';

/**
 * What services see of the database. On PostgreSQL it is drizzle's node-postgres database under this type: services
 * use only what both have (awaited select/insert/update/delete, returning, onConflict…, inTransaction).
 */
export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** The database of the configuration: SQLite's file (DbHandle) or PostgreSQL's pool. */
export interface DatabaseHandle {
  dialect: 'sqlite' | 'postgres';
  db: Db;
  /** SQLite only: the file's connection (backups, the report snapshot, tests). */
  sqlite?: Database.Database;
  close(): Promise<void>;
}

export interface DatabaseSettings {
  dbPath: string;
  databaseUrl: string | undefined;
  /** Names this node's connections (PostgreSQL's application_name). */
  nodeId?: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file, turns on WAL and foreign keys, and applies pending migrations. Refused
 * in a process that runs on PostgreSQL (its services hold PostgreSQL tables): that one uses openConfiguredDatabase.
 */
export function openDatabase(file: string): DbHandle {
  if (DIALECT !== 'sqlite') {
    throw new Error('KAYOI_DATABASE_URL is set: this process runs on PostgreSQL, and this command does not support it yet (issue #17)');
  }
  return openSqlite(file);
}

/** openDatabase whatever the process's dialect: for tests of both databases in one process (tables of tablesOf('sqlite')). */
export function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a write acknowledged to a host survives a power cut, not only a crash.
  sqlite.pragma('synchronous = FULL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  registerTransactionRunner(db, sqliteTransactionRunner(db, sqlite));
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * The configured database: PostgreSQL at KAYOI_DATABASE_URL, else SQLite at KAYOI_DB_PATH. The tables services
 * import were chosen when the process started (DIALECT), so a configuration that disagrees is refused.
 */
export async function openConfiguredDatabase(settings: DatabaseSettings): Promise<DatabaseHandle> {
  const wanted = dialectOf(settings.databaseUrl);
  if (wanted !== DIALECT) {
    throw new Error(`this process started on ${DIALECT} (KAYOI_DATABASE_URL at start) and cannot open a ${wanted} database`);
  }
  if (settings.databaseUrl) {
    const handle = await openPostgres(settings.databaseUrl, { nodeId: settings.nodeId });
    return { dialect: 'postgres', db: handle.db, close: () => handle.close() };
  }
  const handle = openSqlite(settings.dbPath);
  return { dialect: 'sqlite', db: handle.db, sqlite: handle.sqlite, close: async () => handle.close() };
}
