import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type DbHandle } from '../../../server/src/db/client';
import { DIALECT } from '../../../server/src/db/dialect';
import { sessions } from '../../../server/src/db/schema';
import { todayInJapanAt } from '@shared/japanTime';
import { ensureDemo } from '../../../server/src/demo/seed';
import { openTestDatabase, type TestDatabase } from '../../support/testDatabase';

let handle: DbHandle | undefined;
let database: TestDatabase | undefined;
let dir: string | undefined;

afterEach(async () => {
  handle?.close();
  await database?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  handle = database = dir = undefined;
});

function open(): DbHandle {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-db-'));
  return (handle = openSqlite(path.join(dir, 'nested', 'kayoi.sqlite')));
}

/** The lane's database: a SQLite file, or under npm run test:pg a fresh PostgreSQL database. */
async function openLane(): Promise<TestDatabase> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-db-'));
  return (database = await openTestDatabase(path.join(dir, 'kayoi.sqlite')));
}

// The file itself, its folder and its pragmas: nothing of it exists on PostgreSQL (tests/server/db/postgresClient.test.ts).
describe.runIf(DIALECT === 'sqlite')('database file (SQLite)', () => {
  it('is created with its folder, migrated, in WAL mode with foreign keys on', () => {
    const { sqlite } = open();
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['organisations', 'venues', 'participants', 'sessions', 'invites']));
  });
});

describe('demo data', () => {
  it('creates one venue session and three invite links with tokens of at least 128 bits, once', async () => {
    const { db } = await openLane();
    const first = await ensureDemo(db);
    expect(first.invites).toHaveLength(3);
    for (const invite of first.invites) expect(Buffer.from(invite.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(first.newAccounts.map((a) => a.role).sort()).toEqual(['host', 'organiser']);
    const second = await ensureDemo(db);
    expect(second).toEqual({ ...first, newAccounts: [] });
  });

  it('opens a new session for today after the demo session was ended', async () => {
    const { db } = await openLane();
    const first = await ensureDemo(db);
    await db.update(sessions).set({ status: 'ended' }).where(eq(sessions.id, first.sessionId));
    const next = await ensureDemo(db);
    expect(next.sessionId).not.toBe(first.sessionId);
    expect(next.invites).toEqual(first.invites);
  });
});

describe('Japan time', () => {
  it('puts 10:00 in Japan at 01:00 UTC on the Japanese calendar day', () => {
    // 23:30 UTC on 21 Nov is already 22 Nov in Japan.
    const now = new Date('2026-11-21T23:30:00Z');
    expect(todayInJapanAt(10, 0, now).toISOString()).toBe('2026-11-22T01:00:00.000Z');
  });
});
