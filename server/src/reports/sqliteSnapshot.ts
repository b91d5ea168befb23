import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import { sqliteSql } from '../db/dialect';
import * as schema from '../db/schema.sqlite';
import { SNAPSHOT_BATCH_ROWS, type ReadSnapshot } from './snapshot';

const dialect = new SQLiteSyncDialect();

/**
 * SQLite's snapshot: a read-only connection of its own, in one deferred transaction (the snapshot is taken by the
 * first read and kept until close). An in-memory database cannot be opened twice; there (tests, tools) the snapshot
 * shares the app's connection.
 */
export function openSqliteSnapshot(main: Database.Database): ReadSnapshot {
  const own = !main.memory;
  const connection = own ? new Database(main.name, { readonly: true, fileMustExist: true }) : main;
  if (own) {
    try {
      connection.pragma('busy_timeout = 5000');
      connection.exec('BEGIN');
    } catch (error) {
      connection.close();
      throw error;
    }
  }
  const db = drizzle(connection, { schema }) as Db;
  let closed = false;
  return {
    db,
    all: <T>(query: SQL) => sqliteSql.rows<T>(db, query),
    async *batches<Row extends unknown[]>(query: SQL, size = SNAPSHOT_BATCH_ROWS): AsyncGenerator<Row[]> {
      const { sql, params } = dialect.sqlToQuery(query);
      // Arrays, not objects: no object per row. Leaving the loop early (the client went away) ends the statement.
      let batch: Row[] = [];
      for (const row of connection
        .prepare<unknown[], Row>(sql)
        .raw(true)
        .iterate(...params)) {
        batch.push(row);
        if (batch.length < size) continue;
        yield batch;
        batch = [];
      }
      if (batch.length > 0) yield batch;
    },
    close: () => {
      if (!closed && own) connection.close();
      closed = true;
      return Promise.resolve();
    },
  };
}
