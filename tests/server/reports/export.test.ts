import { once } from 'node:events';
import http from 'node:http';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../server/src/db/schema';
import { addBulkAttendance, addOrganisation, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';
import { buildScenario, expectError, get, type Scenario } from './scenario';
import { snapshotOpen as probe, snapshotStillOpen } from './snapshotProbe';

let server: TestApp;
/** This app listens: the test needs real connections. */
let baseUrl: string;
let world: Scenario;
/** An organisation with 20 venues × 50 weekly sessions × 100 participants = 100,000 attendance rows. */
let big: { cookie: string; rows: number; venueIds: string[] };

beforeAll(async () => {
  server = await startTestApp();
  baseUrl = await server.listen();
  world = await buildScenario(server);
  const db = server.db.db;
  const org = await addOrganisation(db, { name: '大きな市' });
  const data = await addBulkAttendance(db, org, {
    venues: 20,
    sessionsPerVenue: 50,
    participants: 100,
    firstStartsAt: '2025-04-07T01:00:00Z',
  });
  const organiser = await signedInUser(db, server, { organisationId: org, role: 'organiser' });
  big = { cookie: organiser.cookie, ...data };
});
afterAll(async () => {
  await server?.close();
});

const HEADER = '会場,日付,氏名,ふりがな,参加方法,参加時間（分）';

const snapshotOpen = () => probe(server.db.db, () => server.db.sqlite);

function exportAudits() {
  return server.db.db.select().from(auditLog).where(eq(auditLog.action, 'attendance.export'));
}

async function download(path: string, cookie = world.users.organiserA.cookie): Promise<{ response: Response; body: Buffer }> {
  const response = await get(server, path, cookie);
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

describe('GET /api/reports/attendance.csv', () => {
  it('is UTF-8 with a BOM, CRLF, Japanese headers, Japan dates, one row per participant per session, quoted where needed', async () => {
    const { response, body } = await download(`/api/reports/attendance.csv?from=2026-01-31&to=2026-02-10&venueIds=${world.venues.a1}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="attendance_2026-01-31_2026-02-10.csv"; filename*=UTF-8''${encodeURIComponent('出欠_2026-01-31_2026-02-10.csv')}`,
    );
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toBe(
      '\uFEFF' +
        [
          HEADER,
          'あおば会館,2026-01-31,田中 実,たなか みのる,会場,90',
          'あおば会館,2026-01-31,"山田, ""ハナ"" 花子",やまだ はなこ,オンライン,30',
          'あおば会館,2026-02-01,佐藤 一郎,さとう いちろう,会場,60',
          'あおば会館,2026-02-01,鈴木 よし子,すずき よしこ,オンライン,45',
          'あおば会館,2026-02-10,佐藤 一郎,さとう いちろう,オンライン,50',
          'あおば会館,2026-02-10,鈴木 よし子,すずき よしこ,オンライン,40',
          'あおば会館,2026-02-10,田中 実,たなか みのる,電話,30',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('takes Japan dates: 1 February includes 2026-01-31T16:00Z but not 23:00 JST on 31 January', async () => {
    const { body } = await download(`/api/reports/attendance.csv?from=2026-02-01&to=2026-02-01&venueIds=${world.venues.a1}`);
    expect(body.toString('utf8').split('\r\n').slice(1, -1)).toEqual([
      'あおば会館,2026-02-01,佐藤 一郎,さとう いちろう,会場,60',
      'あおば会館,2026-02-01,鈴木 よし子,すずき よしこ,オンライン,45',
    ]);
  });

  it("exports every venue of the organiser's organisation when none is given, and nothing of another", async () => {
    const { body } = await download('/api/reports/attendance.csv?from=2026-01-01&to=2026-03-31');
    const lines = body.toString('utf8').split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(9);
    expect(lines.at(-1)).toBe('みどり公民館,2026-02-12,高橋 進,たかはし すすむ,会場,60');
    expect(lines.some((line) => line.includes('ひかり') || line.includes('B 太郎'))).toBe(false);
  });

  it('writes an audit entry for each export, with the scope and the row count', async () => {
    const before = (await exportAudits()).length;
    await download(`/api/reports/attendance.csv?from=2026-01-31&to=2026-02-10&venueIds=${world.venues.a1}`);
    await download('/api/reports/attendance.csv?from=2026-01-01&to=2026-03-31');
    const entries = await exportAudits();
    expect(entries).toHaveLength(before + 2);
    expect(entries.at(-2)).toMatchObject({
      organisationId: world.orgA,
      actorUserId: world.users.organiserA.id,
      entityType: 'export',
      after: { format: 'csv', from: '2026-01-31', to: '2026-02-10', venueIds: [world.venues.a1], rows: 7 },
    });
    expect(entries.at(-1)?.after).toEqual({
      format: 'csv',
      from: '2026-01-01',
      to: '2026-03-31',
      venueIds: [world.venues.a1, world.venues.a2],
      rows: 9,
    });
  });

  it("answers 404 for another organisation's venue and writes no audit entry", async () => {
    const before = (await exportAudits()).length;
    await expectError(
      await get(
        server,
        `/api/reports/attendance.csv?from=2026-01-01&to=2026-03-31&venueIds=${world.venues.b1}`,
        world.users.organiserA.cookie,
      ),
      404,
    );
    await expectError(
      await get(
        server,
        `/api/reports/attendance.xlsx?from=2026-01-01&to=2026-03-31&venueIds=${world.venues.a1},${world.venues.b1}`,
        world.users.organiserA.cookie,
      ),
      404,
    );
    expect(await exportAudits()).toHaveLength(before);
  });

  it('answers 400 naming the field for a bad date or a period that ends before it starts', async () => {
    const bad = await expectError(
      await get(server, '/api/reports/attendance.csv?from=2026-13-01&to=2026-03-31', world.users.organiserA.cookie),
      400,
    );
    expect(bad).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.from' });
    const reversed = await expectError(
      await get(server, '/api/reports/attendance.csv?from=2026-03-01&to=2026-02-01', world.users.organiserA.cookie),
      400,
    );
    expect(reversed.field).toBe('querystring.to');
    const missing = await expectError(
      await get(server, '/api/reports/attendance.xlsx?from=2026-03-01', world.users.organiserA.cookie),
      400,
    );
    expect(missing.field).toBe('querystring.to');
  });
});

describe('GET /api/reports/attendance.xlsx', () => {
  const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

  it('has sheet 出欠 with the rows, and a monthly summary sheet per venue with modes apart', async () => {
    const before = (await exportAudits()).length;
    const { response, body } = await download('/api/reports/attendance.xlsx?from=2026-01-01&to=2026-02-28');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('出欠_2026-01-01_2026-02-28.xlsx')}`,
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['出欠', '集計_あおば会館', '集計_みどり公民館']);

    const rows = workbook.getWorksheet('出欠')!;
    expect(rows.rowCount).toBe(10);
    expect(rowValues(rows, 1)).toEqual(HEADER.split(','));
    expect(rowValues(rows, 3)).toEqual([
      'あおば会館',
      new Date('2026-01-31T00:00:00Z'),
      '山田, "ハナ" 花子',
      'やまだ はなこ',
      'オンライン',
      30,
    ]);
    expect(rows.getCell('B3').numFmt).toBe('yyyy-mm-dd');
    expect(rowValues(rows, 10)).toEqual(['みどり公民館', new Date('2026-02-12T00:00:00Z'), '高橋 進', 'たかはし すすむ', '会場', 60]);

    const summary = workbook.getWorksheet('集計_あおば会館')!;
    expect(rowValues(summary, 1)).toEqual([
      '月',
      '開催回数',
      '延べ人数（計）',
      '延べ人数（会場）',
      '延べ人数（オンライン）',
      '延べ人数（電話）',
      '実人数（計）',
      '実人数（会場）',
      '実人数（オンライン）',
      '実人数（電話）',
    ]);
    expect(rowValues(summary, 2)).toEqual(['2026-01', 1, 2, 1, 1, 0, 2, 1, 1, 0]);
    expect(rowValues(summary, 3)).toEqual(['2026-02', 3, 6, 2, 3, 1, 3, 2, 2, 1]);
    // For the whole period 実人数 is distinct people, not the sum of the months.
    expect(rowValues(summary, 4)).toEqual(['期間計', 4, 8, 3, 4, 1, 4, 3, 3, 1]);
    expect(rowValues(workbook.getWorksheet('集計_みどり公民館')!, 3)).toEqual(['2026-02', 1, 1, 1, 0, 0, 1, 1, 0, 0]);

    expect(await exportAudits()).toHaveLength(before + 1);
    expect((await exportAudits()).at(-1)?.after).toMatchObject({ format: 'xlsx', rows: 9 });
  });
});

describe('large exports', () => {
  it('streams 100,000 rows: a header and one CRLF line per row', async () => {
    const response = await get(server, '/api/reports/attendance.csv?from=2025-04-01&to=2026-03-31', big.cookie);
    expect(response.status).toBe(200);
    let lines = 0;
    let bareLineFeeds = 0;
    let previous = 0;
    let head: number[] | undefined;
    for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
      head ??= [...chunk.subarray(0, 3)];
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] !== 0x0a) continue;
        if ((i > 0 ? chunk[i - 1] : previous) === 0x0d) lines++;
        else bareLineFeeds++;
      }
      previous = chunk[chunk.length - 1] ?? previous;
    }
    expect(head).toEqual([0xef, 0xbb, 0xbf]);
    expect(big.rows).toBe(100_000);
    expect(lines).toBe(100_001);
    expect(bareLineFeeds).toBe(0);
    expect((await exportAudits()).at(-1)?.after).toMatchObject({ format: 'csv', rows: 100_000 });
  });

  it('reads on a connection of its own: the app keeps writing while a download is paused, and an abort ends the read', async () => {
    const url = new URL('/api/reports/attendance.csv?from=2025-04-01&to=2026-03-31', baseUrl);
    // node:http without an agent: the socket is ours to cut.
    const request = http.get(url, { headers: { cookie: big.cookie }, agent: false });
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => request.on('response', resolve).on('error', reject));
    expect(response.statusCode).toBe(200);
    await once(response, 'readable');
    response.pause();

    // The export is mid-way, its snapshot open; the app still takes writes.
    await expect(addOrganisation(server.db.db, { name: '書き込みテスト' })).resolves.toBeTypeOf('string');
    expect(await snapshotOpen()).toBe(true);

    request.destroy();
    expect(await snapshotStillOpen(server.db.db, () => server.db.sqlite)).toBe(false);
  });
});
