import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Db } from '../db/client';
import { postgresSql } from '../db/dialect';
import * as schema from '../db/schema.pg';
import { SNAPSHOT_BATCH_ROWS, type ReadSnapshot } from './snapshot';

const dialect = new PgDialect();

/**
 * A PostgreSQL session that stays idle this long inside the snapshot's transaction is ended by the server: a backstop
 * for a process that stops without closing it (a stalled download is cut sooner, by fileExport's stall timeout).
 */
const IDLE_TIMEOUT = '5min';

/**
 * PostgreSQL's snapshot: a connection of the pool in a `REPEATABLE READ READ ONLY` transaction (one snapshot for every
 * statement, and no write can slip in), rows read through a cursor `size` at a time, so memory stays flat.
 */
export async function openPostgresSnapshot(pool: pg.Pool): Promise<ReadSnapshot> {
  const client = await pool.connect();
  try {
    await client.query('begin transaction isolation level repeatable read, read only');
    await client.query(`set local idle_in_transaction_session_timeout = '${IDLE_TIMEOUT}'`);
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  let cursors = 0;
  let closed = false;
  return {
    db,
    all: <T>(query: SQL) => postgresSql.rows<T>(db, query),
    async *batches<Row extends unknown[]>(query: SQL, size = SNAPSHOT_BATCH_ROWS): AsyncGenerator<Row[]> {
      const cursor = `kayoi_snapshot_${++cursors}`;
      const { sql, params } = dialect.sqlToQuery(query);
      await client.query(`declare ${cursor} no scroll cursor for ${sql}`, params);
      try {
        for (;;) {
          const { rows } = await client.query<Row>({ text: `fetch forward ${size} from ${cursor}`, rowMode: 'array' });
          if (rows.length > 0) yield rows;
          if (rows.length < size) return;
        }
      } finally {
        // Left early (the client went away): the cursor goes now rather than with the transaction.
        if (!closed) await client.query(`close ${cursor}`).catch(() => undefined);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.query('rollback');
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true);
      }
    },
  };
}
