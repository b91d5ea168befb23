import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Dashboard, ParticipantPattern } from '@shared/reports/schemas';
import { startTestApp, type TestApp } from '../../support/testApp';
import { buildScenario, expectError, get, type Scenario } from './scenario';

let server: TestApp;
let world: Scenario;

beforeAll(async () => {
  server = await startTestApp();
  world = await buildScenario(server);
});
afterAll(async () => {
  await server?.close();
});

const zeros = { total: 0, venue: 0, online: 0, phone: 0 };

async function dashboard(query: string, cookie = world.users.organiserA.cookie): Promise<Dashboard> {
  const response = await get(server, `/api/reports/dashboard${query}`, cookie);
  expect(response.status).toBe(200);
  return Dashboard.parse(await response.json());
}

describe('GET /api/reports/dashboard', () => {
  it('returns the twelve months ending at the given month, one row per venue and month, venues by name', async () => {
    const body = await dashboard('?month=2026-03');
    expect(body.months).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(body.rows).toHaveLength(24);
    expect(body.rows.slice(0, 12).every((r) => r.venueName === 'あおば会館')).toBe(true);
    expect(body.rows.slice(12).every((r) => r.venueName === 'みどり公民館')).toBe(true);
    expect(body.rows.slice(0, 12).map((r) => r.month)).toEqual(body.months);
  });

  it('counts sessions held, 延べ人数 and 実人数 by mode, with months in Japan time', async () => {
    const { rows } = await dashboard('?month=2026-03');
    const row = (venueId: string, month: string) => rows.find((r) => r.venueId === venueId && r.month === month);
    // 23:00 JST on 31 January stays in January.
    expect(row(world.venues.a1, '2026-01')).toEqual({
      venueId: world.venues.a1,
      venueName: 'あおば会館',
      month: '2026-01',
      sessionsHeld: 1,
      attendances: { total: 2, venue: 1, online: 1, phone: 0 },
      participants: { total: 2, venue: 1, online: 1, phone: 0 },
    });
    // 2026-01-31T16:00Z is 1 February in Japan. The planned session nobody came to is not held; the planned
    // one with attendance is. 佐藤 came twice (venue, then online): 2 attendances, 1 participant.
    expect(row(world.venues.a1, '2026-02')).toMatchObject({
      sessionsHeld: 3,
      attendances: { total: 6, venue: 2, online: 3, phone: 1 },
      participants: { total: 3, venue: 2, online: 2, phone: 1 },
    });
    // A live session with nobody recorded yet is held.
    expect(row(world.venues.a1, '2026-03')).toMatchObject({ sessionsHeld: 1, attendances: zeros, participants: zeros });
    expect(row(world.venues.a2, '2026-02')).toMatchObject({
      sessionsHeld: 1,
      attendances: { total: 1, venue: 1, online: 0, phone: 0 },
      participants: { total: 1, venue: 1, online: 0, phone: 0 },
    });
    expect(row(world.venues.a1, '2025-12')).toMatchObject({ sessionsHeld: 0, attendances: zeros, participants: zeros });
  });

  it('moves the window with the month: January 2026 shows no February sessions', async () => {
    const { months, rows } = await dashboard('?month=2026-01');
    expect(months.at(0)).toBe('2025-02');
    expect(months.at(-1)).toBe('2026-01');
    expect(rows.find((r) => r.venueId === world.venues.a1 && r.month === '2026-01')?.sessionsHeld).toBe(1);
    expect(rows.reduce((sum, r) => sum + r.attendances.total, 0)).toBe(2);
  });

  it('defaults to the current month in Japan', async () => {
    const now = new Date(Date.now() + 9 * 60 * 60 * 1000).toISOString().slice(0, 7);
    const { months } = await dashboard('');
    expect(months.at(-1)).toBe(now);
  });

  it('narrows to the venues asked for, and shows another organisation only its own', async () => {
    const onlyA2 = await dashboard(`?month=2026-03&venueIds=${world.venues.a2}`);
    expect(new Set(onlyA2.rows.map((r) => r.venueId))).toEqual(new Set([world.venues.a2]));
    const b = await dashboard('?month=2026-03', world.users.organiserB.cookie);
    expect(new Set(b.rows.map((r) => r.venueName))).toEqual(new Set(['ひかり集会所']));
    expect(b.rows.find((r) => r.month === '2026-02')?.attendances.total).toBe(1);
  });

  it('answers 404 for a venue of another organisation, 400 for a bad month', async () => {
    expect(
      (await expectError(await get(server, `/api/reports/dashboard?venueIds=${world.venues.b1}`, world.users.organiserA.cookie), 404)).code,
    ).toBe('NOT_FOUND');
    const bad = await expectError(await get(server, '/api/reports/dashboard?month=2026-13', world.users.organiserA.cookie), 400);
    expect(bad).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.month' });
  });
});

describe('GET /api/reports/participants', () => {
  const Patterns = z.array(ParticipantPattern);

  it("shows each member's mode at the venue's last held sessions, oldest first", async () => {
    const response = await get(server, `/api/reports/participants?venueId=${world.venues.a1}&sessions=3`, world.users.organiserA.cookie);
    expect(response.status).toBe(200);
    const patterns = Patterns.parse(await response.json());
    const { s2, s5, s6 } = world.sessions;
    const recent = (modes: (string | null)[]) => [
      { sessionId: s2, date: '2026-02-10', mode: modes[0] },
      { sessionId: s5, date: '2026-02-24', mode: modes[1] },
      { sessionId: s6, date: '2026-03-03', mode: modes[2] },
    ];
    expect(patterns).toEqual([
      {
        participantId: world.people.sato,
        displayName: '佐藤 一郎',
        kana: 'さとう いちろう',
        venueId: world.venues.a1,
        venueName: 'あおば会館',
        recent: recent(['online', null, null]),
      },
      {
        participantId: world.people.suzuki,
        displayName: '鈴木 よし子',
        kana: 'すずき よしこ',
        venueId: world.venues.a1,
        venueName: 'あおば会館',
        recent: recent(['online', 'venue', null]),
      },
      {
        participantId: world.people.tanaka,
        displayName: '田中 実',
        kana: 'たなか みのる',
        venueId: world.venues.a1,
        venueName: 'あおば会館',
        recent: recent(['phone', null, null]),
      },
      {
        participantId: world.people.yamada,
        displayName: '山田, "ハナ" 花子',
        kana: 'やまだ はなこ',
        venueId: world.venues.a1,
        venueName: 'あおば会館',
        recent: recent([null, null, null]),
      },
    ]);
  });

  it('defaults to 8 sessions and every venue of the organisation; unheld sessions never count', async () => {
    const response = await get(server, '/api/reports/participants', world.users.organiserA.cookie);
    const patterns = Patterns.parse(await response.json());
    expect(patterns.map((p) => p.displayName)).toEqual(['佐藤 一郎', '鈴木 よし子', '田中 実', '山田, "ハナ" 花子', '高橋 進']);
    const { s1, s2, s3, s5, s6 } = world.sessions;
    expect(patterns[0]!.recent.map((r) => r.sessionId)).toEqual([s3, s1, s2, s5, s6]);
    expect(patterns[0]!.recent.map((r) => r.date)).toEqual(['2026-01-31', '2026-02-01', '2026-02-10', '2026-02-24', '2026-03-03']);
    expect(patterns[4]).toMatchObject({
      venueName: 'みどり公民館',
      recent: [{ sessionId: world.sessions.a2s, date: '2026-02-12', mode: 'venue' }],
    });
  });

  it('answers 404 for a venue of another organisation and 400 for a bad count', async () => {
    await expectError(await get(server, `/api/reports/participants?venueId=${world.venues.b1}`, world.users.organiserA.cookie), 404);
    const bad = await expectError(await get(server, '/api/reports/participants?sessions=0', world.users.organiserA.cookie), 400);
    expect(bad.field).toBe('querystring.sessions');
  });
});

describe('who may see reports', () => {
  const paths = () => [
    '/api/reports/dashboard',
    '/api/reports/participants',
    '/api/reports/attendance.csv?from=2026-01-01&to=2026-03-31',
    '/api/reports/attendance.xlsx?from=2026-01-01&to=2026-03-31',
  ];

  it('answers 401 without a sign-in', async () => {
    for (const path of paths()) expect((await expectError(await get(server, path), 401)).code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 to a host, even for their own venue', async () => {
    for (const path of paths())
      expect((await expectError(await get(server, path, world.users.hostA.cookie), 403)).code).toBe('NOT_ALLOWED');
    await expectError(await get(server, `/api/reports/participants?venueId=${world.venues.a1}`, world.users.hostA.cookie), 403);
  });

  it('documents the routes in OpenAPI under the reports tag', async () => {
    type Operation = { tags?: string[]; responses: Record<string, { content: Record<string, unknown> }> };
    const spec = (await (await get(server, '/api/openapi.json')).json()) as { paths: Record<string, { get?: Operation }> };
    for (const path of [
      '/api/reports/dashboard',
      '/api/reports/participants',
      '/api/reports/attendance.csv',
      '/api/reports/attendance.xlsx',
    ]) {
      expect(spec.paths[path]?.get?.tags).toEqual(['reports']);
    }
    expect(spec.paths['/api/reports/attendance.csv']?.get?.responses['200']?.content['text/csv; charset=utf-8']).toEqual({
      schema: { type: 'string', format: 'binary' },
    });
  });
});
