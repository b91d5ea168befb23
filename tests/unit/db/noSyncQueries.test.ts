import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The core services run on SQLite or PostgreSQL (issue #17): a drizzle query is awaited, a transaction goes through
 * `inTransaction`. better-sqlite3's synchronous calls (`.all()`, `.get()`, `.run()`, `db.transaction(…)`, prepared
 * statements, raw `db.run(sql…)`) cannot run on PostgreSQL, so they are refused here except where listed below.
 */
const SERVER = path.resolve(import.meta.dirname, '../../../server/src');
const FOLDERS = [
  'auth',
  'sessions',
  'venues',
  'staff',
  'attendance',
  'checkins',
  'survey',
  'audit',
  'reports',
  'realtime',
  'http',
  'composition',
  'core',
  'call',
];
const ROOT_FILES = ['app.ts', 'server.ts', 'admin.ts', 'main.ts'];

const SYNC_CALLS: readonly { what: string; pattern: RegExp }[] = [
  { what: 'a synchronous .all() / .get() / .run()', pattern: /\.(all|get|run)\(\s*\)/ },
  { what: 'a synchronous db.transaction(…)', pattern: /\.transaction\(/ },
  { what: 'a prepared statement', pattern: /\.prepare(\(\s*\)|<|\(\s*[`'"])/ },
  { what: 'raw SQL run synchronously', pattern: /\b(db|tx|sqlite)\.(all|get|run|values|exec)\(/ },
];

/** Left synchronous on purpose, file by file, with why (the lines are counted so that a new one fails). */
const ALLOWED: Record<string, { count: number; why: string }> = {
  'attendance/callFacts.ts': {
    count: 9,
    why:
      "The call-fact batch writer's statements: drizzle's .prepare(), run with await execute() (on both databases, " +
      'tests/server/db/dialect.test.ts); the pattern cannot tell them from better-sqlite3 prepared statements.',
  },
  'sessions/service.ts': {
    count: 4,
    why: "The join path's statements (invite by token, today's sessions, the session, markLive): drizzle's .prepare(), awaited.",
  },
  'checkins/service.ts': {
    count: 1,
    why: "The check-in offer sent with every home join: drizzle's .prepare(), awaited.",
  },
  'reports/sqliteSnapshot.ts': {
    count: 1,
    why:
      "SQLite's side of an export's read snapshot: a read-only connection of its own in one transaction, its rows read " +
      'lazily by a better-sqlite3 iterator (PostgreSQL reads by cursor: reports/postgresSnapshot.ts).',
  },
};

function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    });
  return [...FOLDERS.flatMap((folder) => walk(path.join(SERVER, folder))), ...ROOT_FILES.map((file) => path.join(SERVER, file))];
}

function syncCalls(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, index) => {
    const code = line.trim();
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return [];
    return SYNC_CALLS.filter(({ pattern }) => pattern.test(line)).map(({ what }) => `${index + 1}: ${what}: ${code}`);
  });
}

describe('no synchronous SQLite queries in the core services', () => {
  const found = new Map(sourceFiles().map((file) => [path.relative(SERVER, file), syncCalls(file)] as const));

  it('finds none outside the listed files', () => {
    const unexpected = [...found].filter(([file, calls]) => calls.length > 0 && !ALLOWED[file]).map(([file, calls]) => ({ file, calls }));
    expect(unexpected).toEqual([]);
  });

  it('finds no more in a listed file than it lists (the list stays true)', () => {
    const counts = Object.fromEntries(Object.keys(ALLOWED).map((file) => [file, found.get(file)?.length ?? 0]));
    expect(counts).toEqual(Object.fromEntries(Object.entries(ALLOWED).map(([file, { count }]) => [file, count])));
  });

  it('sees a synchronous query when there is one (the patterns work)', () => {
    const samples = [
      'const row = db.select().from(users).get();',
      'tx.insert(users).values(row).run();',
      'this.db.transaction((tx) => {',
      '.where(eq(users.id, sql.placeholder("id"))).prepare();',
      'tx.run(sql`update audit_log set before = null`);',
    ];
    for (const sample of samples)
      expect(
        SYNC_CALLS.some(({ pattern }) => pattern.test(sample)),
        sample,
      ).toBe(true);
    expect(SYNC_CALLS.some(({ pattern }) => pattern.test('const [row] = await db.select().from(users).limit(1);'))).toBe(false);
  });
});
