import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAttendance, addOrganisation, addParticipant, addSession, addVenue, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';

/**
 * 参加時間（分） on fixed data: ふたば会館 met on 2026-05-12 from 10:00 to 11:45 Japan time (105 minutes planned).
 * 青木 came to the venue, 井上 joined by phone, 上田 online for 40 measured minutes, 江藤 online but the call
 * measured nothing, 大野 at the venue left early and the host corrected the minutes to 45.
 */
let server: TestApp;
let organiser: string;
let venueId: string;

beforeAll(async () => {
  server = await startTestApp();
  const db = server.db.db;
  const org = await addOrganisation(db, { name: 'ふたば市' });
  venueId = await addVenue(db, org, { name: 'ふたば会館' });
  organiser = (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  const sessionId = await addSession(db, venueId, { startsAt: '2026-05-12T01:00:00Z', endsAt: '2026-05-12T02:45:00Z' });
  const person = (displayName: string, kana: string) => addParticipant(db, org, { displayName, kana, venueIds: [venueId] });
  await addAttendance(db, { sessionId, participantId: await person('青木 一', 'あおき はじめ'), mode: 'venue' });
  await addAttendance(db, { sessionId, participantId: await person('井上 二三', 'いのうえ ふみ'), mode: 'phone' });
  await addAttendance(db, { sessionId, participantId: await person('上田 三郎', 'うえだ さぶろう'), mode: 'online', minutesConnected: 40 });
  await addAttendance(db, { sessionId, participantId: await person('江藤 四郎', 'えとう しろう'), mode: 'online' });
  await addAttendance(db, { sessionId, participantId: await person('大野 五月', 'おおの さつき'), mode: 'venue', minutesConnected: 45 });
});
afterAll(async () => {
  await server?.close();
});

const download = async (format: 'csv' | 'xlsx') => {
  const response = await server.fetch(`/api/reports/attendance.${format}?from=2026-05-01&to=2026-05-31&venueIds=${venueId}`, {
    headers: { cookie: organiser },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};

const EXPECTED_ROWS = [
  ['ふたば会館', '2026-05-12', '青木 一', 'あおき はじめ', '会場', 105],
  ['ふたば会館', '2026-05-12', '井上 二三', 'いのうえ ふみ', '電話', 105],
  ['ふたば会館', '2026-05-12', '上田 三郎', 'うえだ さぶろう', 'オンライン', 40],
  ['ふたば会館', '2026-05-12', '江藤 四郎', 'えとう しろう', 'オンライン', 0],
  ['ふたば会館', '2026-05-12', '大野 五月', 'おおの さつき', '会場', 45],
];

describe('参加時間（分） in the attendance export', () => {
  it('CSV, byte for byte: venue and phone rows have the planned length, online the measured minutes, a correction wins', async () => {
    const expected = Buffer.from(
      '\uFEFF' + ['会場,日付,氏名,ふりがな,参加方法,参加時間（分）', ...EXPECTED_ROWS.map((r) => r.join(','))].join('\r\n') + '\r\n',
      'utf8',
    );
    expect((await download('csv')).equals(expected)).toBe(true);
  });

  it('XLSX: the same minutes as numbers, the dates as real dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('出欠')!;
    const rows = Array.from({ length: EXPECTED_ROWS.length }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    expect(rows).toEqual(EXPECTED_ROWS.map(([venue, date, ...rest]) => [venue, new Date(`${date as string}T00:00:00Z`), ...rest]));
  });
});
