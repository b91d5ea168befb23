import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '@shared/ack';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { CHECKIN_LIMITS, HTTP_LIMITS, LIST_LIMITS, PERIOD_LIMITS, PROGRAM_LIMITS } from '@shared/limits';
import type { Program, SegmentInput } from '@shared/program/schemas';
import { auditLog, participants } from '../../../server/src/db/schema';
import { DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { startTestApp, type TestApp } from '../../support/testApp';

/** Bounded work: every period, month, list and body has a maximum, refused with 400 and the field before any query. */
let server: TestApp;
let organiser: string;
let host: string;

beforeAll(async () => {
  server = await startTestApp();
  organiser = await server.login('organiser');
  host = await server.login('host');
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, cookie = organiser) => server.api<ErrorBody>('GET', path, { cookie });
const exportAudits = async () => (await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'attendance.export'))).length;

describe('export periods', () => {
  it('the period from the issue (0000-01-01 to 9999-12-31) gets 400 on `from` at once, and nothing is exported or audited', async () => {
    const before = await exportAudits();
    for (const format of ['csv', 'xlsx']) {
      const response = await get(`/api/reports/attendance.${format}?from=0000-01-01&to=9999-12-31`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.from' });
      expect(response.body.message).toContain('2000-01-01');
    }
    expect(await exportAudits()).toBe(before);
  });

  it('a date after 2100-12-31 gets 400 on `to`', async () => {
    const response = await get('/api/reports/checkins.csv?from=2100-12-01&to=2101-01-01');
    expect(response).toMatchObject({ status: 400, body: { field: 'querystring.to' } });
  });

  it(`more than ${PERIOD_LIMITS.exportMonths} calendar months gets 400 on \`to\`; exactly ${PERIOD_LIMITS.exportMonths} is exported`, async () => {
    const tooLong = await get('/api/reports/attendance.csv?from=2025-04-01&to=2026-05-01');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.to' });
    expect(tooLong.body.message).toContain(`at most ${PERIOD_LIMITS.exportMonths} months`);
    const wellbeing = await get('/api/reports/checkins.xlsx?from=2025-04-01&to=2026-05-01');
    expect(wellbeing.body.field).toBe('querystring.to');
    const longest = await get('/api/reports/attendance.csv?from=2025-04-01&to=2026-04-30');
    expect(longest.status).toBe(200);
  });

  it(`more than ${LIST_LIMITS.venueIds} venue ids gets 400 on venueIds`, async () => {
    const ids = Array.from({ length: LIST_LIMITS.venueIds + 1 }, (_, i) => `ven_${i}`).join(',');
    const response = await get(`/api/reports/attendance.csv?from=2026-01-01&to=2026-01-31&venueIds=${ids}`);
    expect(response).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'querystring.venueIds' } });
  });
});

describe('the dashboard month', () => {
  it('9999-12 and 0000-01 get 400 on `month` (they answered 500 before)', async () => {
    for (const month of ['9999-12', '0000-01', '1999-12', '2101-01']) {
      const response = await get(`/api/reports/dashboard?month=${month}`);
      expect(response.status, month).toBe(400);
      expect(response.body, month).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'querystring.month' });
    }
  });

  it('the first and last months of the window answer twelve months', async () => {
    for (const month of ['2000-01', '2100-12']) {
      const response = await server.api<{ months: string[] }>('GET', `/api/reports/dashboard?month=${month}`, { cookie: organiser });
      expect(response.status, month).toBe(200);
      expect(response.body.months.at(-1)).toBe(month);
      expect(response.body.months).toHaveLength(12);
    }
  });
});

describe('other periods and dates', () => {
  it(`a venue's sessions over more than ${PERIOD_LIMITS.sessionListMonths} months get 400 on \`to\``, async () => {
    const response = await get(`/api/venues/${DEMO_VENUE_ID}/sessions?from=2026-01-01&to=2027-02-01`, host);
    expect(response).toMatchObject({ status: 400, body: { field: 'querystring.to' } });
    const fine = await get(`/api/venues/${DEMO_VENUE_ID}/sessions?from=2026-01-01&to=2027-01-31`, host);
    expect(fine.status).toBe(200);
  });

  it('a session on a date outside the calendar window gets 400 on body.date', async () => {
    const response = await server.api<ErrorBody>('POST', `/api/venues/${DEMO_VENUE_ID}/sessions`, {
      cookie: host,
      body: { date: '9999-01-05', startTime: '10:00', endTime: '11:00', title: '体操' },
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'body.date' } });
  });

  it(`a check-in with more than ${CHECKIN_LIMITS.maxQuestions} answers gets 400 on body.answers`, async () => {
    const person = (await server.db.db.select().from(participants).where(eq(participants.displayName, '山田 花子')))[0]!;
    const answers = Object.fromEntries(Array.from({ length: CHECKIN_LIMITS.maxQuestions + 1 }, (_, i) => [`q${i}`, 'good']));
    const response = await server.api<ErrorBody>('PUT', `/api/sessions/${server.demo.sessionId}/checkins/${person.id}`, {
      cookie: host,
      body: { answers },
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'body.answers' } });
  });

  it('a new invite for a venue id longer than any id gets 400 on body.venueId', async () => {
    const person = (await server.db.db.select().from(participants).where(eq(participants.displayName, '山田 花子')))[0]!;
    const response = await server.api<ErrorBody>('POST', `/api/participants/${person.id}/invite`, {
      cookie: organiser,
      body: { venueId: 'v'.repeat(5000) },
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'body.venueId' } });
  });
});

/** Every field of a segment at its maximum: a 60-character title, 1,000 characters of Japanese notes, 30 quiz ids of the longest id. */
function largestSegment(i: number): SegmentInput {
  return {
    kind: 'brain',
    title: 'あ'.repeat(PROGRAM_LIMITS.segmentTitle - 3) + String(i).padStart(3, '0'),
    plannedMinutes: PROGRAM_LIMITS.maxMinutes,
    content: {
      videoId: 'v'.repeat(100),
      quizQuestionIds: Array.from(
        { length: PROGRAM_LIMITS.quizQuestionsPerSegment },
        (_, q) => `${'q'.repeat(97)}${String(q).padStart(3, '0')}`,
      ),
      notes: 'ゆっくり'.repeat(PROGRAM_LIMITS.segmentNotes / 4),
    },
  };
}

describe('request bodies', () => {
  it(`the largest valid program (${PROGRAM_LIMITS.maxSegments} segments, every field at its maximum) fits the ${HTTP_LIMITS.jsonBodyBytes / 1024} KiB JSON limit and is saved`, async () => {
    const body = { segments: Array.from({ length: PROGRAM_LIMITS.maxSegments }, (_, i) => largestSegment(i)), saveAsTemplate: false };
    const bytes = Buffer.byteLength(JSON.stringify(body));
    expect(bytes).toBeGreaterThan(HTTP_LIMITS.jsonBodyBytes / 2);
    expect(bytes).toBeLessThan(HTTP_LIMITS.jsonBodyBytes);
    const response = await server.api<Program>('PUT', `/api/sessions/${server.demo.sessionId}/program`, { cookie: host, body });
    expect(response.status).toBe(200);
    expect(response.body.segments).toHaveLength(PROGRAM_LIMITS.maxSegments);
  });

  it('the largest valid check-in question set is saved', async () => {
    const label = { ja: 'あ'.repeat(CHECKIN_LIMITS.label), en: 'a'.repeat(CHECKIN_LIMITS.label) };
    const questions: CheckinQuestion[] = Array.from({ length: CHECKIN_LIMITS.maxQuestions }, (_, q) => ({
      key: `q${q}-${'k'.repeat(CHECKIN_LIMITS.key - 4)}`.slice(0, CHECKIN_LIMITS.key),
      label,
      answers: Array.from({ length: CHECKIN_LIMITS.maxAnswers }, (_, a) => ({ key: `a${a}`, emoji: '😊', label, concern: a === 0 })),
    }));
    const response = await server.api('PUT', '/api/organisation/checkin-questions', { cookie: organiser, body: questions });
    expect(response.status).toBe(200);
  });

  it(`a JSON body over ${HTTP_LIMITS.jsonBodyBytes / 1024} KiB gets 413 TOO_LARGE and the connection is closed without reading it`, async () => {
    const body = JSON.stringify({ segments: [], padding: 'x'.repeat(HTTP_LIMITS.jsonBodyBytes) });
    const response = await server.raw<ErrorBody>('PUT', `/api/sessions/${server.demo.sessionId}/program`, {
      headers: { cookie: host, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('TOO_LARGE');
    expect(response.headers.connection).toBe('close');
  });
});
