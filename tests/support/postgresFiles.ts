import fs from 'node:fs';
import path from 'node:path';

/**
 * The test files `npm test` runs a second time on PostgreSQL (vite.config.ts, the 'pg' project), beside their run on
 * SQLite. The rule: every test file of tests/server/<feature>/ whose feature's services hold SQL that the two
 * databases spell or order differently — a file of server/src/<feature>/ imports db/dialect.ts (reports, exports, the
 * survey, the attendance writer, check-ins, …) — except the *.sfu files (they start the media server and hold the sfu
 * lane; `npm run test:pg` runs them) and the files that open both databases themselves (bothDatabases,
 * postgresForFile: they run on both in `npm test` already). A service that starts to use db/dialect.ts brings its
 * feature's tests in by itself. `npm run test:pg` still runs every server file on PostgreSQL.
 */
export function postgresFiles(repoRoot: string): string[] {
  const features = dialectFeatures(path.join(repoRoot, 'server', 'src'));
  return features
    .flatMap((feature) => testFilesOf(repoRoot, path.join('tests', 'server', feature)))
    .filter((file) => !file.endsWith('.sfu.test.ts'))
    .filter((file) => !/\b(bothDatabases|postgresForFile)\b/.test(fs.readFileSync(path.join(repoRoot, file), 'utf8')))
    .sort();
}

const IMPORTS_DIALECT = /from '(\.\.\/)+db\/dialect'/;

/** The folders of server/src (db itself aside) with a file that imports db/dialect.ts. */
function dialectFeatures(serverSrc: string): string[] {
  return fs
    .readdirSync(serverSrc, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'db')
    .map((entry) => entry.name)
    .filter((feature) =>
      fs
        .readdirSync(path.join(serverSrc, feature), { recursive: true, encoding: 'utf8' })
        .some((file) => file.endsWith('.ts') && IMPORTS_DIALECT.test(fs.readFileSync(path.join(serverSrc, feature, file), 'utf8'))),
    );
}

function testFilesOf(repoRoot: string, dir: string): string[] {
  if (!fs.existsSync(path.join(repoRoot, dir))) return [];
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join(dir, file).split(path.sep).join('/'));
}
