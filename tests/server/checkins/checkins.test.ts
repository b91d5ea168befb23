import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKIN_QUESTIONS } from '@shared/checkins/questions';
import type { Checkin, ParticipantTrend, QuestionnaireResult, QuestionnaireStatus, VenueCheckinSettings } from '@shared/checkins/schemas';
import { attendance, auditLog, checkins, participants, questionnaireResponses } from '../../../server/src/db/schema';
import { demoStaff, type OtherOrganisation } from '../../support/demoStaff';
import { startTestApp, type TestApp } from '../../support/testApp';
import { HEALTHY_QUESTIONNAIRE } from './rows';

/** The host's side on the demo data: さくら町 公民館 (the host's venue), today's session, its members. */
let server: TestApp;
let organiser: string, host: string, otherVenueHost: string, other: OtherOrganisation;

/** Participant ids by display name, read once (the tests look people up by name). */
const ids = new Map<string, string>();

beforeAll(async () => {
  server = await startTestApp();
  ({ organiser, host, otherVenueHost, other } = await demoStaff(server));
  for (const p of await server.db.db.select({ id: participants.id, name: participants.displayName }).from(participants))
    ids.set(p.name, p.id);
});
afterAll(async () => {
  await server?.close();
});

const sessionId = () => server.demo.sessionId;
const personId = (name: string) => ids.get(name)!;
const markPresent = (name: string, mode: 'venue' | 'phone' = 'venue') =>
  server.api('PUT', `/api/sessions/${sessionId()}/attendance/${personId(name)}`, { cookie: host, body: { mode } });
const record = (name: string, body: unknown, cookie = host) =>
  server.api<Checkin>('PUT', `/api/sessions/${sessionId()}/checkins/${personId(name)}`, { cookie, body });
/** The person's check-ins at today's session (the demo has answers at past sessions too). */
const storedCheckins = async (name: string) =>
  await server.db.db
    .select()
    .from(checkins)
    .where(and(eq(checkins.participantId, personId(name)), eq(checkins.sessionId, sessionId())));
const everyCheckin = (id: string) => server.db.db.select().from(checkins).where(eq(checkins.participantId, id));

describe('PUT /api/sessions/:sessionId/checkins/:participantId (the host records answers)', () => {
  it('records a venue participant’s answers; questions left out are stored as skipped', async () => {
    await markPresent('高橋 正男');
    const { status, body } = await record('高橋 正男', { answers: { mood: 'good', body: 'bad' } });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      sessionId: sessionId(),
      participantId: personId('高橋 正男'),
      answers: { mood: 'good', body: 'bad', sleep: 'skipped', meals: 'skipped', outings: 'skipped' },
      trouble: false,
      troubleHandledAt: null,
      recordedBy: 'host',
    });
  });

  it('a second check-in for the same session replaces the first, keeping one row and its id', async () => {
    await markPresent('田中 千代', 'phone');
    const first = await record('田中 千代', { answers: { mood: 'bad' } });
    const second = await record('田中 千代', { answers: { mood: 'ok', meals: 'good' }, trouble: true });
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({ answers: { mood: 'ok', meals: 'good', body: 'skipped' }, trouble: true });
    expect(await storedCheckins('田中 千代')).toHaveLength(1);
  });

  it('refuses an unknown question or answer with INVALID_PAYLOAD naming answers.<key>, and keeps what was stored', async () => {
    const unknownQuestion = await record('田中 千代', { answers: { mood: 'good', weather: 'good' } });
    expect(unknownQuestion).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'answers.weather' } });
    const unknownAnswer = await record('田中 千代', { answers: { mood: 'fantastic' } });
    expect(unknownAnswer).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'answers.mood' } });
    expect(await storedCheckins('田中 千代')).toMatchObject([{ answers: { mood: 'ok', meals: 'good' }, trouble: true }]);
  });

  it('refuses someone with no attendance in the session with NOT_IN_SESSION (409)', async () => {
    const answer = await record('山田 花子', { answers: { mood: 'good' } });
    expect(answer).toMatchObject({ status: 409, body: { code: 'NOT_IN_SESSION' } });
    expect(await storedCheckins('山田 花子')).toHaveLength(0);
  });

  it('refuses a participant without consent with NO_CONSENT (403) and stores nothing', async () => {
    await markPresent('伊藤 キヨ');
    expect(await record('伊藤 キヨ', { answers: { mood: 'good' } })).toMatchObject({ status: 403, body: { code: 'NO_CONSENT' } });
    expect(await storedCheckins('伊藤 キヨ')).toHaveLength(0);
  });

  it('lists the session’s check-ins for its host and organiser; 404 for a host of another venue and another organisation', async () => {
    const list = await server.api<Checkin[]>('GET', `/api/sessions/${sessionId()}/checkins`, { cookie: organiser });
    expect(list.body.map((c) => c.participantId).sort()).toEqual([personId('高橋 正男'), personId('田中 千代')].sort());
    for (const cookie of [otherVenueHost, other.cookie]) {
      expect((await server.api('GET', `/api/sessions/${sessionId()}/checkins`, { cookie })).status).toBe(404);
      expect((await record('高橋 正男', { answers: {} }, cookie)).status).toBe(404);
      expect((await server.api('GET', `/api/participants/${personId('高橋 正男')}/trend`, { cookie })).status).toBe(404);
      expect((await server.api('GET', `/api/participants/${personId('高橋 正男')}/questionnaire`, { cookie })).status).toBe(404);
    }
  });

  it('marks a 困りごと request handled once (idempotent), audited; a check-in without one is a CONFLICT', async () => {
    const path = (name: string) => `/api/sessions/${sessionId()}/checkins/${personId(name)}/handled`;
    const first = await server.api<Checkin>('POST', path('田中 千代'), { cookie: host });
    const again = await server.api<Checkin>('POST', path('田中 千代'), { cookie: host });
    expect(first.body.troubleHandledAt).not.toBeNull();
    expect(again.body.troubleHandledAt).toBe(first.body.troubleHandledAt);
    expect(await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'checkin.trouble-handled'))).toHaveLength(1);
    expect(await server.api('POST', path('高橋 正男'), { cookie: host })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(await server.api('POST', path('山田 花子'), { cookie: host })).toMatchObject({ status: 404 });
  });

  it('audits what the host recorded without the answers themselves', async () => {
    const entries = await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'checkin.record'));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(entries.map((e) => e.after))).not.toMatch(/mood|good|bad/);
  });
});

describe('the frailty questionnaire', () => {
  const path = (name: string) => `/api/participants/${personId(name)}/questionnaire`;

  it('is due for someone who never took it', async () => {
    const status = await server.api<QuestionnaireStatus>('GET', path('高橋 正男'), { cookie: host });
    expect(status.body).toEqual({ latest: null, due: true, nextDueAt: null });
  });

  it('is never due for someone without consent', async () => {
    const status = await server.api<QuestionnaireStatus>('GET', path('鈴木 よし子'), { cookie: host });
    expect(status.body.due).toBe(false);
  });

  it('stores a host-completed questionnaire with its risk answers flagged, grouped by domain', async () => {
    const answers = { ...HEALTHY_QUESTIONNAIRE, '1': 'よくない', '8': 'はい', '9': 'いいえ' };
    const { status, body } = await server.api<QuestionnaireResult>('POST', path('高橋 正男'), { cookie: host, body: { answers } });
    expect(status).toBe(201);
    expect(body).toMatchObject({ completedBy: 'host', answers, flaggedItems: [1, 8, 9], flaggedDomains: ['健康状態', '運動・転倒'] });
  });

  it('is not due again for six months: a second one is a CONFLICT, and the status says when', async () => {
    const again = await server.api('POST', path('高橋 正男'), { cookie: host, body: { answers: HEALTHY_QUESTIONNAIRE } });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const status = await server.api<QuestionnaireStatus>('GET', path('高橋 正男'), { cookie: host });
    expect(status.body.due).toBe(false);
    expect(status.body.latest?.flaggedItems).toEqual([1, 8, 9]);
    const months = (Date.parse(status.body.nextDueAt!) - Date.parse(status.body.latest!.completedAt)) / (30.4 * 86_400_000);
    expect(Math.round(months)).toBe(6);
  });

  it('refuses an answer that is not one of the item’s options (answers.<n>), an empty one, and no consent', async () => {
    expect(await server.api('POST', path('田中 千代'), { cookie: host, body: { answers: { '3': 'たまに' } } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_PAYLOAD', field: 'answers.3' },
    });
    expect(await server.api('POST', path('田中 千代'), { cookie: host, body: { answers: {} } })).toMatchObject({
      status: 400,
      body: { field: 'answers' },
    });
    expect(await server.api('POST', path('伊藤 キヨ'), { cookie: host, body: { answers: HEALTHY_QUESTIONNAIRE } })).toMatchObject({
      status: 403,
      body: { code: 'NO_CONSENT' },
    });
  });
});

describe('the trend', () => {
  it('shows each held session of the last six months with how they attended and their answers, oldest first', async () => {
    const { body } = await server.api<ParticipantTrend>('GET', `/api/participants/${personId('高橋 正男')}/trend`, { cookie: host });
    expect(body).toMatchObject({ displayName: '高橋 正男', kana: 'たかはし まさお' });
    expect(body.questions.map((q) => q.key)).toEqual(['mood', 'body', 'sleep', 'meals', 'outings']);
    // The demo's eight past weekly sessions (with his answers where he came), then today's, where the host marked
    // him and recorded answers.
    expect(body.points).toHaveLength(9);
    expect(body.points.map((p) => p.date)).toEqual([...body.points.map((p) => p.date)].sort());
    expect(body.points.at(-1)).toMatchObject({ sessionId: sessionId(), mode: 'venue', answers: { mood: 'good', body: 'bad' } });
    expect(body.points.slice(0, -1).every((p) => (p.answers === null) === (p.mode === null))).toBe(true);
    expect(body.points.some((p) => p.mode === null)).toBe(true);
  });
});

describe('consent withdrawal', () => {
  it('deletes the check-ins and questionnaires in the same change, keeps attendance, and audits the counts', async () => {
    const id = personId('田中 千代');
    await server.api('POST', `/api/participants/${id}/questionnaire`, { cookie: host, body: { answers: HEALTHY_QUESTIONNAIRE } });
    const attendanceBefore = (await server.db.db.select().from(attendance).where(eq(attendance.participantId, id))).length;
    expect(await storedCheckins('田中 千代')).toHaveLength(1);
    const checkinsBefore = (await everyCheckin(id)).length;

    const patched = await server.api('PATCH', `/api/participants/${id}`, { cookie: host, body: { wellbeingConsent: false } });
    expect(patched.status).toBe(200);
    expect(await everyCheckin(id)).toHaveLength(0);
    expect(await server.db.db.select().from(questionnaireResponses).where(eq(questionnaireResponses.participantId, id))).toHaveLength(0);
    expect(await server.db.db.select().from(attendance).where(eq(attendance.participantId, id))).toHaveLength(attendanceBefore);
    const audit = await server.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'consent.withdraw'), eq(auditLog.entityId, id)));
    expect(audit.map((a) => a.after)).toEqual([{ deleted: { checkins: checkinsBefore, questionnaires: 1 } }]);
  });

  it('after which nothing more is stored: NO_CONSENT', async () => {
    expect(await record('田中 千代', { answers: { mood: 'good' } })).toMatchObject({ status: 403, body: { code: 'NO_CONSENT' } });
  });

  it('changing something else about a participant without consent deletes nothing and audits no withdrawal', async () => {
    const id = personId('伊藤 キヨ');
    await server.api('PATCH', `/api/participants/${id}`, { cookie: host, body: { wellbeingConsent: false, notes: '耳が遠い' } });
    expect(
      await server.db.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'consent.withdraw'), eq(auditLog.entityId, id))),
    ).toHaveLength(0);
  });
});

describe('settings: questions and timing', () => {
  it('gives every signed-in user the organisation’s questions, the defaults until changed', async () => {
    const { body } = await server.api('GET', '/api/organisation/checkin-questions', { cookie: host });
    expect(body).toEqual(DEFAULT_CHECKIN_QUESTIONS);
  });

  it('lets only an organiser change the questions; answers are then checked against the new set', async () => {
    const questions = [
      DEFAULT_CHECKIN_QUESTIONS[0]!,
      { ...DEFAULT_CHECKIN_QUESTIONS[1]!, key: 'pain', label: { ja: '痛みは？', en: 'Any pain?' } },
    ];
    expect((await server.api('PUT', '/api/organisation/checkin-questions', { cookie: host, body: questions })).status).toBe(403);
    const duplicate = await server.api('PUT', '/api/organisation/checkin-questions', {
      cookie: organiser,
      body: [questions[0], questions[0]],
    });
    expect(duplicate.status).toBe(400);
    const saved = await server.api('PUT', '/api/organisation/checkin-questions', { cookie: organiser, body: questions });
    expect(saved).toMatchObject({ status: 200, body: questions });
    expect((await record('高橋 正男', { answers: { pain: 'bad' } })).body.answers).toEqual({ mood: 'skipped', pain: 'bad' });
    expect((await record('高橋 正男', { answers: { sleep: 'bad' } })).body).toMatchObject({ field: 'answers.sleep' });
    await server.api('PUT', '/api/organisation/checkin-questions', { cookie: organiser, body: DEFAULT_CHECKIN_QUESTIONS });
  });

  it('lets an organiser set a venue’s check-in timing; a host reads it but may not change it', async () => {
    const patched = await server.api<VenueCheckinSettings>('PATCH', '/api/venues/ven_demo', {
      cookie: organiser,
      body: { checkinTiming: 'before-leave' },
    });
    expect(patched.body).toEqual({ venueId: 'ven_demo', checkinTiming: 'before-leave' });
    expect((await server.api('GET', '/api/venues/ven_demo/checkin-settings', { cookie: host })).body).toEqual(patched.body);
    expect((await server.api('PATCH', '/api/venues/ven_demo', { cookie: host, body: { checkinTiming: 'after-join' } })).status).toBe(403);
    expect(
      (await server.api('PATCH', '/api/venues/ven_demo', { cookie: other.cookie, body: { checkinTiming: 'after-join' } })).status,
    ).toBe(404);
    expect((await server.api('PATCH', '/api/venues/ven_demo', { cookie: organiser, body: { checkinTiming: 'never' } })).status).toBe(400);
  });
});
