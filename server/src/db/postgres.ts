import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Db } from './client';
import * as schema from './schema.pg';
import { pgTransactionRunner, registerTransactionRunner } from './transaction';

export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/postgres', import.meta.url));

/** Connections per node: transactions hold one each for their few queries; more would only queue inside PostgreSQL. */
export const POOL_SIZE = 10;
/** A statement running this long is cancelled (a stuck query must not hold a connection and its locks forever). */
export const STATEMENT_TIMEOUT_MS = 15_000;
/** Any number of nodes share this key: the one that holds it migrates, the others wait for it and find nothing to do. */
const MIGRATION_LOCK_KEY = 0x6b61796f; // 'kayo'

export interface PostgresHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Shown as application_name `kayoi:<nodeId>` in pg_stat_activity. */
  nodeId?: string;
  poolSize?: number;
}

/** Connects a bounded pool, applies pending migrations under an advisory lock, and registers the transaction runner. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? POOL_SIZE,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: options.nodeId ? `kayoi:${options.nodeId}` : 'kayoi',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server drops (restart, network) is an error event on the pool: without a listener it would
  // end the process; the pool replaces the connection on the next query.
  pool.on('error', () => undefined);
  try {
    await migrateLocked(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const pgDb = drizzle({ client: pool, schema });
  const db = pgDb as unknown as Db;
  registerTransactionRunner(db, pgTransactionRunner(pgDb));
  return { db, pool, close: () => pool.end() };
}

async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // Migrations may take longer than a request's statement may.
    await client.query('set statement_timeout = 0');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    // Not back into the pool: its statement_timeout is off.
    client.release(true);
  }
}

export type PgDatabase = NodePgDatabase<typeof schema>;
