import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Copies the database file to `target` with SQLite's online backup (better-sqlite3's `backup()`): consistent
 * while the server has the file open and keeps writing (WAL), page by page, without stopping it. Refuses to
 * overwrite a file, or to read a database that does not exist. Answers the number of pages copied.
 */
export async function backupDatabase(source: string, target: string): Promise<number> {
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source}`);
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new file name`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const sqlite = new Database(source, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    const { totalPages } = await sqlite.backup(target);
    return totalPages;
  } finally {
    sqlite.close();
  }
}
