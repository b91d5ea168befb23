import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../server/src/db/schema';
import { addOrganisation, addParticipant, addSession, addVenue, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';
import { HEALTHY_QUESTIONNAIRE, addCheckin, addQuestionnaire } from './rows';

/** ひまわり会館 met on 3 and 10 March 2026 (Japan time); one questionnaire was completed on 5 March, one in April. */
let server: TestApp;
let venueId: string;
let organiser: string;
let host: string;
let otherOrganiser: string;

beforeAll(async () => {
  server = await startTestApp();
  const db = server.db.db;
  const org = await addOrganisation(db);
  venueId = await addVenue(db, org, { name: 'ひまわり会館' });
  const sato = await addParticipant(db, org, {
    displayName: '佐藤 一郎',
    kana: 'さとう いちろう',
    venueIds: [venueId],
    wellbeingConsent: true,
  });
  const suzuki = await addParticipant(db, org, {
    displayName: '=鈴木 よし子',
    kana: 'すずき よしこ',
    venueIds: [venueId],
    wellbeingConsent: true,
  });
  const hostUser = await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [venueId] });
  host = hostUser.cookie;
  organiser = (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  otherOrganiser = (await signedInUser(db, server, { organisationId: await addOrganisation(db), role: 'organiser' })).cookie;

  const march3 = await addSession(db, venueId, { startsAt: '2026-03-03T01:00:00Z' });
  const march10 = await addSession(db, venueId, { startsAt: '2026-03-10T01:00:00Z' });
  await addCheckin(db, {
    sessionId: march3,
    participantId: suzuki,
    answers: { mood: 'bad', body: 'skipped', sleep: 'skipped', meals: 'ok', outings: 'skipped' },
    trouble: true,
  });
  await addCheckin(db, {
    sessionId: march3,
    participantId: sato,
    answers: { mood: 'good', body: 'ok', sleep: 'skipped', meals: 'good', outings: 'bad' },
  });
  await addCheckin(db, { sessionId: march10, participantId: sato, answers: { mood: 'ok' }, recordedByUserId: hostUser.id });
  await addQuestionnaire(db, {
    participantId: sato,
    completedAt: new Date('2026-03-05T02:00:00Z'),
    answers: { ...HEALTHY_QUESTIONNAIRE, '4': 'はい', '13': 'いいえ' },
    completedByUserId: hostUser.id,
  });
  await addQuestionnaire(db, { participantId: suzuki, completedAt: new Date('2026-04-05T02:00:00Z'), answers: HEALTHY_QUESTIONNAIRE });
});
afterAll(async () => {
  await server?.close();
});

const download = async (path: string, cookie = organiser) => {
  const response = await server.fetch(path, { headers: { cookie } });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
};
const exportAudits = () => server.db.db.select().from(auditLog).where(eq(auditLog.action, 'wellbeing.export'));
const MARCH = () => `from=2026-03-01&to=2026-03-31&venueIds=${venueId}`;

const items = Array.from({ length: 15 }, (_, i) => i + 1);
const QUESTIONNAIRE_HEADER = `日付,氏名,ふりがな,記入,${['健康状態', '心の健康状態', '食習慣', '口腔機能', '口腔機能', '体重変化', '運動・転倒', '運動・転倒', '運動・転倒', '認知機能', '認知機能', '喫煙', '社会参加', '社会参加', 'ソーシャルサポート'].map((d, i) => `問${i + 1}（${d}）`).join(',')},該当する領域`;
const satoAnswers = () => {
  const healthy = items.map((n) => HEALTHY_QUESTIONNAIRE[String(n)]);
  healthy[3] = 'はい';
  healthy[12] = 'いいえ';
  return healthy;
};
const csvFile = (lines: string[]) => Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');

describe('GET /api/reports/checkins.csv', () => {
  it('is one table, byte for byte: a BOM, the check-ins one row each by date and kana with answers in Japanese, CRLF', async () => {
    const { response, body } = await download(`/api/reports/checkins.csv?${MARCH()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="checkins_2026-03-01_2026-03-31.csv"; filename*=UTF-8''${encodeURIComponent('チェックイン_2026-03-01_2026-03-31.csv')}`,
    );
    const expected = csvFile([
      '会場,日付,氏名,ふりがな,きょうの気分は？,体の調子は？,よく眠れましたか？,食事はとれていますか？,外出や買い物はできていますか？,困りごと,記入',
      'ひまわり会館,2026-03-03,佐藤 一郎,さとう いちろう,よい,ふつう,スキップ,とれている,できていない,,本人',
      // A name starting with = is written with a ' so that Excel does not run it as a formula.
      "ひまわり会館,2026-03-03,'=鈴木 よし子,すずき よしこ,よくない,スキップ,スキップ,ふつう,スキップ,あり,本人",
      'ひまわり会館,2026-03-10,佐藤 一郎,さとう いちろう,ふつう,,,,,,世話役',
    ]);
    expect(body.toString('utf8')).toBe(expected.toString('utf8'));
    expect(body.equals(expected)).toBe(true);
  });

  it('the questionnaires are a file of their own, byte for byte: one row per questionnaire completed in the period', async () => {
    const { response, body } = await download(`/api/reports/questionnaires.csv?${MARCH()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="questionnaires_2026-03-01_2026-03-31.csv"; filename*=UTF-8''${encodeURIComponent('質問票_2026-03-01_2026-03-31.csv')}`,
    );
    const expected = csvFile([
      QUESTIONNAIRE_HEADER,
      `2026-03-05,佐藤 一郎,さとう いちろう,世話役,${satoAnswers().join(',')},口腔機能、社会参加`,
    ]);
    expect(body.toString('utf8')).toBe(expected.toString('utf8'));
    expect(body.equals(expected)).toBe(true);
  });

  it('audits every export with its scope and counts', async () => {
    const before = (await exportAudits()).length;
    await download(`/api/reports/checkins.csv?${MARCH()}`);
    await download(`/api/reports/checkins.xlsx?${MARCH()}`);
    await download(`/api/reports/questionnaires.xlsx?${MARCH()}`);
    const entries = (await exportAudits()).slice(before);
    expect(entries.map((e) => e.after)).toEqual([
      { format: 'csv', from: '2026-03-01', to: '2026-03-31', venueIds: [venueId], checkins: 3 },
      { format: 'xlsx', from: '2026-03-01', to: '2026-03-31', venueIds: [venueId], checkins: 3 },
      { format: 'xlsx', from: '2026-03-01', to: '2026-03-31', venueIds: [venueId], questionnaires: 1 },
    ]);
  });

  it('is the organiser’s: 403 for a host, 404 for another organisation’s venue, neither audited', async () => {
    const before = (await exportAudits()).length;
    expect((await download(`/api/reports/checkins.csv?${MARCH()}`, host)).response.status).toBe(403);
    expect((await download(`/api/reports/checkins.csv?${MARCH()}`, otherOrganiser)).response.status).toBe(404);
    expect((await download(`/api/reports/questionnaires.csv?${MARCH()}`, host)).response.status).toBe(403);
    expect((await download(`/api/reports/questionnaires.xlsx?${MARCH()}`, otherOrganiser)).response.status).toBe(404);
    expect(await exportAudits()).toHaveLength(before);
  });
});

describe('GET /api/reports/checkins.xlsx and questionnaires.xlsx', () => {
  const load = async (path: string) => {
    const { response, body } = await download(path);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook;
  };
  const values = (sheet: ExcelJS.Worksheet) =>
    Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));

  it('the check-ins: one sheet, the rows of the CSV with real dates', async () => {
    const workbook = await load(`/api/reports/checkins.xlsx?${MARCH()}`);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['チェックイン']);
    const sheet = workbook.getWorksheet('チェックイン')!;
    // An empty answer is an empty cell.
    const asCsv = (row: unknown[]) => Array.from(row, (cell) => cell ?? '');
    expect(values(sheet).slice(1).map(asCsv)).toEqual([
      [
        'ひまわり会館',
        new Date('2026-03-03T00:00:00Z'),
        '佐藤 一郎',
        'さとう いちろう',
        'よい',
        'ふつう',
        'スキップ',
        'とれている',
        'できていない',
        '',
        '本人',
      ],
      [
        'ひまわり会館',
        new Date('2026-03-03T00:00:00Z'),
        '=鈴木 よし子',
        'すずき よしこ',
        'よくない',
        'スキップ',
        'スキップ',
        'ふつう',
        'スキップ',
        'あり',
        '本人',
      ],
      ['ひまわり会館', new Date('2026-03-10T00:00:00Z'), '佐藤 一郎', 'さとう いちろう', 'ふつう', '', '', '', '', '', '世話役'],
    ]);
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd');
  });

  it('the questionnaires: one sheet, the rows of the CSV with real dates', async () => {
    const workbook = await load(`/api/reports/questionnaires.xlsx?${MARCH()}`);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['質問票']);
    expect(values(workbook.getWorksheet('質問票')!)).toEqual([
      QUESTIONNAIRE_HEADER.split(','),
      [new Date('2026-03-05T00:00:00Z'), '佐藤 一郎', 'さとう いちろう', '世話役', ...satoAnswers(), '口腔機能、社会参加'],
    ]);
  });
});
