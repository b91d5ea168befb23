import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, japanMonth } from '@shared/japanTime';
import type { Participant, Venue, VenueSurveyAttributes } from '@shared/venues/schemas';
import { auditLog } from '../../../server/src/db/schema';
import { addAttendance, addOrganisation, addSession, addVenue, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';
import { expectError, get } from '../reports/scenario';

/**
 * A hand-made year of しらかば集会所 (fiscal year 2025: April 2025 to March 2026; survey month February 2026).
 * People (sex, birth year → age in 2026):
 *   A 女 1950 → 76 (75歳以上)   B 男 1958 → 68 (65〜74)   C 女 1952 → 74 (65〜74)   D 男 — (年齢不明)
 *   E — 1951 → 75 (75歳以上)     F 女 1970 → 56 (65歳未満)  G 男 1945 → 81 (online only)   H 女 1940 → 86
 *   I 男 1955 (only before the fiscal year)
 * Sessions (Japan dates) and attendance:
 *   2025-03-25 ended   I venue                                   → previous fiscal year: not counted
 *   2025-04-08 ended   A venue, H venue
 *   2025-10-14 ended   B online
 *   2026-01-13 ended   G online, F phone
 *   2026-01-20 planned nobody                                    → not held
 *   2026-02-01 00:30 ended   A venue, B venue, C phone, G online (stored 2026-01-31T15:30Z: February in Japan)
 *   2026-02-10 ended   A venue, C venue, D venue, G online
 *   2026-02-17 ended   A online, B venue, F venue
 *   2026-02-24 ended   A venue, E online
 *   2026-02-27 planned nobody                                    → not held
 *   2026-03-03 ended   A venue                                   → after the survey month: not counted
 *
 * Worked by hand. February: 4 held → 週1回以上; 延べ venue 8 (2+3+2+1), online 4, phone 1 = 13 → 13/4 = 3.25 → 3.3
 * per session (1〜20人), without online 9/4 = 2.25 → 2.3; 実人数 7 (A–G): venue A B C D F = 5, online A E G = 3,
 * phone C = 1, online only E G = 2.
 * Fiscal year to February (11 months): 7 held → 0.64 a month → 月1回未満; 延べ venue 10, online 6, phone 2 = 18 →
 * 18/7 = 2.57 → 2.6, without online 12/7 = 1.71 → 1.7; 実人数 8 (A–H): venue A B C D F H = 6, online A B E G = 4,
 * phone C F = 2, online only E G = 2.
 */
let server: TestApp;
let organiser: string;
let host: string;
let otherOrganiser: string;
let venueId: string;
let emptyVenueId: string;
let otherVenueId: string;

const ATTRIBUTES: VenueSurveyAttributes = {
  operator: 'residentGroup',
  place: 'communityHall',
  activities: ['exercise', 'teaParty'],
  mainActivity: 'exercise',
};

beforeAll(async () => {
  server = await startTestApp();
  const db = server.db.db;
  const org = await addOrganisation(db, { name: 'しらかば市' });
  const otherOrg = await addOrganisation(db, { name: 'となり町' });
  organiser = (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  otherOrganiser = (await signedInUser(db, server, { organisationId: otherOrg, role: 'organiser' })).cookie;
  otherVenueId = await addVenue(db, otherOrg, { name: 'となり町 集会所' });

  const created = await server.api<Venue>('POST', '/api/venues', {
    cookie: organiser,
    body: { name: 'しらかば集会所', survey: ATTRIBUTES },
  });
  expect(created.status).toBe(201);
  venueId = created.body.id;
  emptyVenueId = (await server.api<Venue>('POST', '/api/venues', { cookie: organiser, body: { name: 'わかば会館' } })).body.id;
  host = (await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [venueId] })).cookie;

  const person = async (displayName: string, sex: 'female' | 'male' | null, birthYear: number | null) => {
    const response = await server.api<Participant>('POST', `/api/venues/${venueId}/participants`, {
      cookie: organiser,
      body: { displayName, sex, birthYear },
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };
  const A = await person('A', 'female', 1950);
  const B = await person('B', 'male', 1958);
  const C = await person('C', 'female', 1952);
  const D = await person('D', 'male', null);
  const E = await person('E', null, 1951);
  const F = await person('F', 'female', 1970);
  const G = await person('G', 'male', 1945);
  const H = await person('H', 'female', 1940);
  const I = await person('I', 'male', 1955);

  const session = async (startsAt: string, status: 'planned' | 'ended', people: [string, 'venue' | 'online' | 'phone'][]) => {
    const sessionId = await addSession(db, venueId, { startsAt, status });
    for (const [participantId, mode] of people) await addAttendance(db, { sessionId, participantId, mode });
  };
  await session('2025-03-25T01:00:00Z', 'ended', [[I, 'venue']]);
  await session('2025-04-08T01:00:00Z', 'ended', [
    [A, 'venue'],
    [H, 'venue'],
  ]);
  await session('2025-10-14T01:00:00Z', 'ended', [[B, 'online']]);
  await session('2026-01-13T01:00:00Z', 'ended', [
    [G, 'online'],
    [F, 'phone'],
  ]);
  await session('2026-01-20T01:00:00Z', 'planned', []);
  await session('2026-01-31T15:30:00Z', 'ended', [
    [A, 'venue'],
    [B, 'venue'],
    [C, 'phone'],
    [G, 'online'],
  ]);
  await session('2026-02-10T01:00:00Z', 'ended', [
    [A, 'venue'],
    [C, 'venue'],
    [D, 'venue'],
    [G, 'online'],
  ]);
  await session('2026-02-17T01:00:00Z', 'ended', [
    [A, 'online'],
    [B, 'venue'],
    [F, 'venue'],
  ]);
  await session('2026-02-24T01:00:00Z', 'ended', [
    [A, 'venue'],
    [E, 'online'],
  ]);
  await session('2026-02-27T01:00:00Z', 'planned', []);
  await session('2026-03-03T01:00:00Z', 'ended', [[A, 'venue']]);
});
afterAll(async () => {
  await server?.close();
});

const SEX_AGE = ['男性', '女性', '性別不明'].flatMap((sex) =>
  ['65〜74歳', '75歳以上', '65歳未満', '年齢不明'].map((age) => `${sex} ${age}`),
);
const HEADER = [
  '会場',
  '運営主体',
  '場所',
  '主な活動',
  '活動（すべて）',
  '期間',
  '開始日',
  '終了日',
  '開催回数',
  '開催頻度',
  '1回あたり参加者数（平均）',
  '1回あたり参加者数の区分',
  '1回あたり参加者数（平均・オンラインを除く）',
  '1回あたり参加者数の区分（オンラインを除く）',
  '延べ人数（会場）',
  '延べ人数（オンライン）',
  '延べ人数（電話）',
  '参加者実人数（計）',
  '実人数（会場）',
  '実人数（オンライン）',
  '実人数（電話）',
  '実人数（オンラインのみ）',
  ...SEX_AGE.map((k) => `実人数 ${k}`),
  ...SEX_AGE.map((k) => `オンラインのみ ${k}`),
];
const SHIRAKABA = ['しらかば集会所', '住民団体', '公民館・自治会館・集会所', '体操(運動)', '体操(運動)、茶話会'];
//                          男 65-74, 75+, <65, ?   女 65-74, 75+, <65, ?   不明 65-74, 75+, <65, ?
const MONTH_BY_SEX_AGE = [1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0];
const YEAR_BY_SEX_AGE = [1, 1, 0, 1, 1, 2, 1, 0, 0, 1, 0, 0];
const ONLINE_ONLY_BY_SEX_AGE = [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
const MONTH_ROW = [
  ...SHIRAKABA,
  '調査月',
  '2026-02-01',
  '2026-02-28',
  4,
  '週1回以上',
  3.3,
  '1〜20人',
  2.3,
  '1〜20人',
  8,
  4,
  1,
  7,
  5,
  3,
  1,
  2,
];
const YEAR_ROW = [
  ...SHIRAKABA,
  '年度',
  '2025-04-01',
  '2026-02-28',
  7,
  '月1回未満',
  2.6,
  '1〜20人',
  1.7,
  '1〜20人',
  10,
  6,
  2,
  8,
  6,
  4,
  2,
  2,
];
const EMPTY = (period: string, from: string) => [
  'わかば会館',
  '',
  '',
  '',
  '',
  period,
  from,
  '2026-02-28',
  0,
  '開催なし',
  '',
  '',
  '',
  '',
  ...Array<number>(32).fill(0),
];

const surveyAudits = () => server.db.db.select().from(auditLog).where(eq(auditLog.action, 'survey.export'));

describe('the national survey report (通いの場)', () => {
  it('counts February 2026 and fiscal year 2025 as worked out by hand, byte for byte in CSV (BOM, CRLF)', async () => {
    const response = await get(server, '/api/survey/kayoinoba.csv?month=2026-02', organiser);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="survey_2026-02.csv"; filename*=UTF-8''${encodeURIComponent('通いの場調査_2026-02.csv')}`,
    );
    const lines = [
      HEADER,
      [...MONTH_ROW, ...MONTH_BY_SEX_AGE, ...ONLINE_ONLY_BY_SEX_AGE],
      [...YEAR_ROW, ...YEAR_BY_SEX_AGE, ...ONLINE_ONLY_BY_SEX_AGE],
      EMPTY('調査月', '2026-02-01'),
      EMPTY('年度', '2025-04-01'),
    ];
    const body = Buffer.from(await response.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toBe(`\uFEFF${lines.map((line) => line.join(',')).join('\r\n')}\r\n`);
  });

  it('reads back from XLSX with the same figures, real dates, and a sheet that explains the counting', async () => {
    const response = await get(server, `/api/survey/kayoinoba.xlsx?month=2026-02&venueIds=${venueId}`, organiser);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['通いの場', '説明']);
    const sheet = workbook.getWorksheet('通いの場')!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(sheet.rowCount).toBe(3);
    expect(row(1)).toEqual(HEADER);
    const asDates = (cells: (string | number)[]) => cells.map((c, i) => (i === 6 || i === 7 ? new Date(`${c}T00:00:00Z`) : c));
    expect(row(2)).toEqual(asDates([...MONTH_ROW, ...MONTH_BY_SEX_AGE, ...ONLINE_ONLY_BY_SEX_AGE]));
    expect(row(3)).toEqual(asDates([...YEAR_ROW, ...YEAR_BY_SEX_AGE, ...ONLINE_ONLY_BY_SEX_AGE]));
    const notes = (workbook.getWorksheet('説明')!.getColumn(1).values as unknown[]).join('\n');
    expect(notes).toContain('生まれ年');
    expect(notes).toContain('オンラインのみ');
  });

  it('writes an audit entry per report, with the month, the venues and the rows', async () => {
    const before = (await surveyAudits()).length;
    await get(server, `/api/survey/kayoinoba.csv?month=2026-02&venueIds=${venueId}`, organiser);
    const entries = await surveyAudits();
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      entityType: 'export',
      after: { format: 'csv', month: '2026-02', venueIds: [venueId], rows: 2 },
    });
  });

  it('answers 400 naming month for a month after this one or not a month, and writes no audit entry', async () => {
    const before = (await surveyAudits()).length;
    const next = addMonths(japanMonth(new Date()), 1);
    for (const month of [next, '2099-01', '2026-13', '']) {
      const error = await expectError(await get(server, `/api/survey/kayoinoba.csv?month=${month}`, organiser), 400);
      expect(error, month).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.month' });
    }
    const future = await expectError(await get(server, `/api/survey/kayoinoba.xlsx?month=${next}`, organiser), 400);
    expect(future.message).toContain('must not be in the future');
    expect((await get(server, `/api/survey/kayoinoba.csv?month=${japanMonth(new Date())}`, organiser)).status).toBe(200);
    expect(await surveyAudits()).toHaveLength(before + 1);
  });

  it("is the organiser's own: 401 signed out, 403 for a host, 404 for another organisation's venue", async () => {
    await expectError(await get(server, '/api/survey/kayoinoba.csv?month=2026-02'), 401);
    await expectError(await get(server, '/api/survey/kayoinoba.csv?month=2026-02', host), 403);
    await expectError(await get(server, `/api/survey/kayoinoba.csv?month=2026-02&venueIds=${venueId}`, otherOrganiser), 404);
    await expectError(await get(server, `/api/survey/kayoinoba.csv?month=2026-02&venueIds=${otherVenueId}`, organiser), 404);
  });
});

describe("a venue's survey attributes", () => {
  it('are set at creation, shown in the venue list, and replaced alone by PUT (audited)', async () => {
    const list = await server.api<Venue[]>('GET', '/api/venues', { cookie: organiser });
    expect(list.body.find((v) => v.id === venueId)?.survey).toEqual(ATTRIBUTES);
    expect(list.body.find((v) => v.id === emptyVenueId)?.survey).toEqual({
      operator: null,
      place: null,
      activities: [],
      mainActivity: null,
    });

    const changed: VenueSurveyAttributes = {
      operator: 'socialWelfareCouncil',
      place: 'park',
      activities: ['hobby'],
      mainActivity: 'hobby',
    };
    const put = await server.api('PUT', `/api/venues/${emptyVenueId}/survey-attributes`, { cookie: organiser, body: changed });
    expect(put).toMatchObject({ status: 200, body: changed });
    const after = await server.api<Venue[]>('GET', '/api/venues', { cookie: organiser });
    expect(after.body.find((v) => v.id === emptyVenueId)).toMatchObject({ name: 'わかば会館', survey: changed });
    const audit = (await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'venue.surveyAttributes'))).at(-1);
    expect(audit).toMatchObject({ entityId: emptyVenueId, before: { operator: null, activities: [] }, after: changed });

    const reset = { operator: null, place: null, activities: [], mainActivity: null };
    expect((await server.api('PUT', `/api/venues/${emptyVenueId}/survey-attributes`, { cookie: organiser, body: reset })).status).toBe(200);
  });

  it('answer 4xx with the field for a main activity not among the activities, an unknown choice, a repeat, a host or another organisation', async () => {
    const put = (body: unknown, cookie = organiser, id = venueId) =>
      server.api<{ field?: string }>('PUT', `/api/venues/${id}/survey-attributes`, { cookie, body });
    expect(await put({ ...ATTRIBUTES, mainActivity: 'meals' })).toMatchObject({ status: 400, body: { field: 'body.mainActivity' } });
    expect(await put({ ...ATTRIBUTES, operator: '町内会' })).toMatchObject({ status: 400, body: { field: 'body.operator' } });
    expect(await put({ ...ATTRIBUTES, activities: ['exercise', 'exercise'] })).toMatchObject({
      status: 400,
      body: { field: 'body.activities' },
    });
    expect(await put({ operator: null })).toMatchObject({ status: 400 });
    expect((await put(ATTRIBUTES, host)).status).toBe(403);
    expect((await put(ATTRIBUTES, organiser, otherVenueId)).status).toBe(404);
    const list = await server.api<Venue[]>('GET', '/api/venues', { cookie: organiser });
    expect(list.body.find((v) => v.id === venueId)?.survey).toEqual(ATTRIBUTES);
  });
});

describe("a participant's sex and birth year", () => {
  it('are optional, shown, changed and cleared; a birth year before 1900 or after this year is 400 naming it', async () => {
    const created = await server.api<Participant>('POST', `/api/venues/${venueId}/participants`, {
      cookie: organiser,
      body: { displayName: '新人' },
    });
    expect(created.body).toMatchObject({ sex: null, birthYear: null });
    const id = created.body.id;
    const patch = (body: unknown) =>
      server.api<Participant & { field?: string }>('PATCH', `/api/participants/${id}`, { cookie: host, body });
    expect(await patch({ sex: 'female', birthYear: 1948 })).toMatchObject({ status: 200, body: { sex: 'female', birthYear: 1948 } });
    const thisYear = Number(japanMonth(new Date()).slice(0, 4));
    expect((await patch({ birthYear: thisYear })).status).toBe(200);
    expect(await patch({ birthYear: 1899 })).toMatchObject({ status: 400, body: { field: 'body.birthYear' } });
    expect(await patch({ birthYear: thisYear + 1 })).toMatchObject({ status: 400, body: { field: 'body.birthYear' } });
    expect(await patch({ birthYear: 1950.5 })).toMatchObject({ status: 400, body: { field: 'body.birthYear' } });
    expect(await patch({ sex: 'unknown' })).toMatchObject({ status: 400, body: { field: 'body.sex' } });
    expect(await patch({ sex: null, birthYear: null })).toMatchObject({ status: 200, body: { sex: null, birthYear: null } });
  });
});
