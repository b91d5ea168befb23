import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGES_FILES } from '../support/pagesFiles';
import { postgresFiles } from '../support/postgresFiles';

/**
 * vite.config.ts runs tests/server files in parallel unless they are named *.sfu.test.ts: those start the real
 * server with its mediasoup workers (startTestServer, demoCall, a server process, the production bundle) and run
 * one at a time. A file that starts workers under another name would run beside another that does; a file named so
 * that starts none would wait in line for nothing.
 */
const STARTS_WORKERS = [
  /support\/testServer'/,
  /support\/demoCall'/,
  /bench\/lib\/serverProcess'/,
  /WorkerPool\.start\(/,
  /dist\/server\/main\.mjs/,
  /'dist', 'server', 'main\.mjs'/,
];

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts'));
}

describe('server test files say whether they start the media server', () => {
  const dir = path.join('tests', 'server');
  const files = testFiles(dir).map((file) => ({ file, source: fs.readFileSync(path.join(dir, file), 'utf8') }));

  it('every file that starts mediasoup workers is named *.sfu.test.ts', () => {
    const unnamed = files.filter(({ file, source }) => !file.endsWith('.sfu.test.ts') && STARTS_WORKERS.some((p) => p.test(source)));
    expect(unnamed.map((f) => f.file)).toEqual([]);
  });

  it('every *.sfu.test.ts starts them', () => {
    const idle = files.filter(({ file, source }) => file.endsWith('.sfu.test.ts') && !STARTS_WORKERS.some((p) => p.test(source)));
    expect(idle.map((f) => f.file)).toEqual([]);
  });
});

describe('the browser files that run beside a call (the pages lane) open none', () => {
  /** What starts a call or the fake camera in a browser file: joining, a lobby (it asks for the camera), recording. */
  const OPENS_MEDIA = [
    /joinAsVenue|joinFromHome|joinHomeReady|joinWithCamera|demoCall/,
    /inviteUrl|'\/j\/|`\/j\/|\/venue\//,
    /join-button|record-start|getUserMedia/,
  ];

  it.each(PAGES_FILES)('%s', (file) => {
    const source = fs.readFileSync(file, 'utf8');
    expect(OPENS_MEDIA.filter((pattern) => pattern.test(source)).map(String)).toEqual([]);
  });

  it('every one of them is a browser file', () => {
    expect(PAGES_FILES.filter((file) => !fs.existsSync(file) || !file.startsWith('tests/e2e/'))).toEqual([]);
  });
});

describe('the files npm test runs on PostgreSQL too (the pg project)', () => {
  const files = postgresFiles(process.cwd());

  it('include the tests of the features with dialect-specific SQL: reports, exports, the survey, attendance, check-ins', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'tests/server/reports/export.test.ts',
        'tests/server/checkins/export.test.ts',
        'tests/server/survey/survey.test.ts',
        'tests/server/attendance/roster.test.ts',
        'tests/server/checkins/checkins.test.ts',
      ]),
    );
  });

  it('leave out the sfu files and the files that open both databases themselves', () => {
    expect(files.filter((file) => file.endsWith('.sfu.test.ts') || file === 'tests/server/reports/snapshot.test.ts')).toEqual([]);
    expect(files.every((file) => fs.existsSync(file))).toBe(true);
  });
});
