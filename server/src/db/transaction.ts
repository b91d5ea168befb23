import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Db } from './client';
import type { PgDatabase } from './postgres';

/**
 * One way to run a transaction whose body awaits its queries, the same on SQLite and PostgreSQL (issue #17):
 *
 *   await inTransaction(this.db, async (tx) => { await tx.insert(...).values(...); ... });
 *
 * Inside the body use `tx`, never `this.db`: on PostgreSQL `tx` is the one pooled connection the transaction holds.
 * The body awaits queries only (no network, no timers): on SQLite the transaction holds the one connection's write
 * lock while it runs.
 */
export function inTransaction<T>(db: Db, body: (tx: Db) => Promise<T>): Promise<T> {
  const runner = runners.get(db);
  if (!runner) throw new Error('inTransaction: this database handle was not opened by db/client, nor handed out by inTransaction');
  return runner(body) as Promise<T>;
}

type Runner = (body: (tx: Db) => Promise<unknown>) => Promise<unknown>;

const runners = new WeakMap<Db, Runner>();

export function registerTransactionRunner(db: Db, runner: Runner): void {
  runners.set(db, runner);
}

/**
 * SQLite (better-sqlite3 is synchronous, one connection): transactions are queued one after another, each
 * `BEGIN IMMEDIATE … COMMIT`, and one opened inside another's body becomes a savepoint. A legacy synchronous
 * `db.transaction()` that runs while an async one is open nests as a savepoint too (better-sqlite3 does that).
 */
export function sqliteTransactionRunner(db: Db, sqlite: Database.Database): Runner {
  const inside = new AsyncLocalStorage<true>();
  let queue: Promise<unknown> = Promise.resolve();
  let savepoints = 0;

  const run = async (begin: string, commit: string, rollback: string, body: (tx: Db) => Promise<unknown>) => {
    sqlite.exec(begin);
    try {
      const result = await inside.run(true, () => body(db));
      sqlite.exec(commit);
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec(rollback);
      throw error;
    }
  };

  return (body) => {
    if (inside.getStore()) {
      const name = `kayoi_sp_${++savepoints}`;
      return run(`SAVEPOINT ${name}`, `RELEASE ${name}`, `ROLLBACK TO ${name}; RELEASE ${name}`, body);
    }
    const turn = queue.then(() => run('BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK', body));
    queue = turn.catch(() => undefined);
    return turn;
  };
}

/**
 * PostgreSQL: drizzle's `db.transaction` on a connection of the pool (transactions run side by side, PostgreSQL's
 * locks order them), and inside its body the `tx` it hands out runs `inTransaction(tx, …)` as a savepoint: every tx
 * object gets a runner of its own.
 */
export function pgTransactionRunner(db: PgDatabase | PgTx): Runner {
  return (body) =>
    db.transaction((tx) => {
      const handedOut = tx as unknown as Db;
      registerTransactionRunner(handedOut, pgTransactionRunner(tx));
      return body(handedOut);
    });
}

type PgTx = Parameters<Parameters<PgDatabase['transaction']>[0]>[0];
