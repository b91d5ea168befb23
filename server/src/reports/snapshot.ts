import Database from 'better-sqlite3';

/**
 * A consistent, read-only view of the database for one export, on a connection of its own.
 *
 * Why not the app's connection: while a better-sqlite3 iterator is open, its connection refuses every write
 * ("This database connection is busy executing a query"), and a download paused by a slow client keeps the
 * iterator open — attendance from live calls, sign-ins and audits would fail meanwhile. A second connection
 * reads in WAL mode without blocking the writer, and its one read transaction makes the row count, the rows
 * and the summaries agree even while attendance is being written.
 *
 * An in-memory database cannot be opened twice; there (tests, tools) the snapshot shares the connection.
 */
export class ReadSnapshot {
  private closed = false;

  private constructor(
    readonly db: Database.Database,
    private readonly ownConnection: boolean,
  ) {}

  static open(main: Database.Database): ReadSnapshot {
    if (main.memory) return new ReadSnapshot(main, false);
    const db = new Database(main.name, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      // Deferred: the snapshot is taken by the first read and kept until close.
      db.exec('BEGIN');
    } catch (error) {
      db.close();
      throw error;
    }
    return new ReadSnapshot(db, true);
  }

  /** Ends the read transaction and closes the connection; call once every iterator is finished. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownConnection) this.db.close();
  }
}
