import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The leaf features run on SQLite and PostgreSQL (issue #17): their queries are awaited (`await q`, `q.limit(1)`),
 * never run with better-sqlite3's synchronous `.all()`, `.get()`, `.run()`, and their transactions go through
 * `inTransaction` (db/transaction.ts), never the synchronous `db.transaction(...)`. Raw SQLite-only SQL is flagged too.
 */
const LEAF_FOLDERS = ['demo', 'program', 'captions', 'phone', 'letters'];
const SERVER = path.resolve(__dirname, '../../../server/src');

/** `file: pattern name` → why it stays. Empty: nothing was left. */
const ALLOWED: Record<string, string> = {};

const RULES: { name: string; pattern: RegExp }[] = [
  // A drizzle chain ends in `)` before `.all()` / `.get()` / `.run()` (Map#get and a method named run do not).
  { name: 'sync query', pattern: /\)\s*\.(all|get|run)\(\)/g },
  { name: 'sync result', pattern: /\.run\(\)\s*\.changes/g },
  { name: 'sync transaction', pattern: /\b(db|tx|this\.db)\s*\.\s*transaction\(/g },
  { name: 'raw statement', pattern: /\.prepare\(/g },
  { name: 'SQLite-only SQL', pattern: /\b(json_each|json_extract|unixepoch|strftime)\b/g },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(entry.name) ? [full] : [];
  });
}

function findings(source: string): { name: string; line: number }[] {
  return RULES.flatMap(({ name, pattern }) =>
    [...source.matchAll(pattern)].map((match) => ({ name, line: source.slice(0, match.index).split('\n').length })),
  );
}

describe('the leaf features’ queries (issue #17)', () => {
  it('finds each kind of synchronous or SQLite-only query in a sample', () => {
    const sample = [
      'db.select().from(t).where(eq(t.id, id)).get();',
      'tx.insert(t).values(row)\n  .run();',
      'const n = tx.delete(t).run().changes;',
      'this.db.transaction((tx) => {});',
      'sqlite.prepare("select 1").all();',
      'sql`select 1 from json_each(${t.parts})`;',
    ].join('\n');
    expect(findings(sample).map((f) => f.name)).toEqual(
      expect.arrayContaining(['sync query', 'sync result', 'sync transaction', 'raw statement', 'SQLite-only SQL']),
    );
    expect(findings('this.sessions.get(id); this.run(); await db.select().from(t).limit(1);')).toEqual([]);
  });

  it('has none left in demo, program, captions, phone and letters, except the allowlist', () => {
    const found = LEAF_FOLDERS.flatMap((folder) =>
      sourceFiles(path.join(SERVER, folder)).flatMap((file) => {
        const relative = path.relative(SERVER, file);
        return findings(fs.readFileSync(file, 'utf8'))
          .filter((f) => !(`${relative}: ${f.name}` in ALLOWED))
          .map((f) => `${relative}:${f.line} ${f.name}`);
      }),
    );
    expect(found).toEqual([]);
  });
});
