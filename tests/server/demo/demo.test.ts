import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantTrend, WatchEntry } from '@shared/checkins/schemas';
import type { Dashboard } from '@shared/reports/schemas';
import type { Participant } from '@shared/venues/schemas';
import { addDays, japanDate, japanInstant, japanWeekday } from '@shared/japanTime';
import { checkins, schedules, sessions } from '../../../server/src/db/schema';
import { DEMO_VENUE_2_ID, DEMO_VENUE_ID, ensureDemo } from '../../../server/src/demo/seed';
import { startTestApp, type TestApp } from '../../support/testApp';
import { openTestDatabase, type TestDatabase } from '../../support/testDatabase';

/** What a newcomer sees on first start: the demo has to show the product's best feature, 見守り, at once. */
let server: TestApp;
let organiser: string;

beforeAll(async () => {
  server = await startTestApp();
  organiser = await server.login('organiser');
});
afterAll(async () => {
  await server?.close();
});

const get = async <T>(url: string) => {
  const answer = await server.api<T>('GET', url, { cookie: organiser });
  expect(answer.status).toBe(200);
  return answer.body;
};
const reasonsByName = (entries: WatchEntry[]) => Object.fromEntries(entries.map((e) => [e.displayName, e.reasons.map((r) => r.kind)]));

describe('the demo on first start', () => {
  it('has a 見守り list with a few realistic worries: an absence, worrying answers twice, a 困りごと, questionnaire flags', async () => {
    const entries = await get<WatchEntry[]>('/api/watch');
    expect(reasonsByName(entries)).toEqual({
      '佐藤 一郎': ['absence'],
      '高橋 正男': ['repeated-concern'],
      '田中 千代': ['trouble'],
      '中村 ふみ': ['repeated-concern'],
      '加藤 ハル': ['frailty'],
    });
  });

  it('shows trends: eight weeks of check-ins for a consenting participant, none for one without consent', async () => {
    const people = [
      ...(await get<Participant[]>(`/api/venues/${DEMO_VENUE_ID}/participants`)),
      ...(await get<Participant[]>(`/api/venues/${DEMO_VENUE_2_ID}/participants`)),
    ];
    const trendOf = async (name: string) =>
      get<ParticipantTrend>(`/api/participants/${people.find((p) => p.displayName === name)!.id}/trend`);
    const takahashi = await trendOf('高橋 正男');
    const answered = takahashi.points.filter((p) => p.answers !== null);
    expect(answered.length).toBeGreaterThanOrEqual(6);
    expect(answered.slice(-2).map((p) => p.answers?.sleep)).toEqual(['bad', 'bad']);
    const suzuki = people.find((p) => p.displayName === '鈴木 よし子')!;
    expect(suzuki.wellbeingConsentAt).toBeNull();
    expect(await server.db.db.select().from(checkins).where(eq(checkins.participantId, suzuki.id))).toEqual([]);
  });

  it('fills the dashboard: sessions held and attendance in the last months', async () => {
    const dashboard = await get<Dashboard>('/api/reports/dashboard');
    const held = dashboard.rows.reduce((n, r) => n + r.sessionsHeld, 0);
    const attended = dashboard.rows.reduce((n, r) => n + r.attendances.total, 0);
    expect(held).toBeGreaterThanOrEqual(16);
    expect(attended).toBeGreaterThan(held * 3);
  });

  it('today’s session is the first venue’s weekly meeting, on its weekday', async () => {
    const today = (await server.db.db.select().from(sessions).where(eq(sessions.id, server.demo.sessionId)))[0]!;
    const weekly = (await server.db.db.select().from(schedules).where(eq(schedules.venueId, DEMO_VENUE_ID)))[0]!;
    expect(today.scheduleId).toBe(weekly.id);
    expect(weekly.weekday).toBe(japanWeekday(new Date()));
    expect(japanDate(today.startsAt)).toBe(japanDate(new Date()));
    expect(server.demo.oneOff).toBeNull();
  });
});

describe('the demo started again on another day', () => {
  let handle: TestDatabase | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await handle?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes a one-off session for today and says so, with the weekday the venue meets on', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-demo-'));
    handle = await openTestDatabase(path.join(dir, 'kayoi.sqlite'));
    const firstStart = japanInstant('2026-12-01', '08:00');
    const first = await ensureDemo(handle.db, firstStart);
    expect(first.oneOff).toBeNull();
    const threeDaysLater = japanInstant(addDays('2026-12-01', 3), '08:00');
    const later = await ensureDemo(handle.db, threeDaysLater);
    expect(later.oneOff).toEqual({ weekday: japanWeekday(firstStart) });
    const [session] = await handle.db.select().from(sessions).where(eq(sessions.id, later.sessionId));
    expect(session!.title).toContain('デモの臨時回');
  });
});
