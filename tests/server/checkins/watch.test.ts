import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkin, WatchEntry, WatchHandledEntry } from '@shared/checkins/schemas';
import { auditLog } from '../../../server/src/db/schema';
import { addAttendance, addOrganisation, addParticipant, addSession, addVenue, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';
import { HEALTHY_QUESTIONNAIRE, addCheckin, addQuestionnaire, pastWeeks } from './rows';

/**
 * The watch-over rules on real rows. Venue V held ten weekly sessions s0…s9 (s9 a week ago); a session is under
 * way right now with one person in it, and one is planned for next week. Each person below shows one rule.
 */
let server: TestApp;
let organiser: string;
let host: string;
let otherVenueHost: string;
let otherOrganiser: string;
let venueId: string;
let s: string[];
const people: Record<string, string> = {};
const checkinIds: Record<string, string> = {};
const questionnaireIds: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestApp();
  const db = server.db.db;
  const org = await addOrganisation(db, { name: 'みまもり市' });
  venueId = await addVenue(db, org, { name: 'ひまわり会館' });
  const otherVenue = await addVenue(db, org, { name: 'すみれ会館' });
  const member = async (displayName: string, kana: string) =>
    (people[displayName] = await addParticipant(db, org, { displayName, kana, venueIds: [venueId], wellbeingConsent: true }));

  s = [];
  for (const startsAt of pastWeeks(10)) s.push(await addSession(db, venueId, { startsAt, status: 'ended' }));
  const underWay = await addSession(db, venueId, { startsAt: new Date(Date.now() - 30 * 60_000), status: 'live' });
  await addSession(db, venueId, { startsAt: new Date(Date.now() + 7 * 86_400_000), status: 'planned' });
  const attend = async (name: string, sessionIds: string[]) => {
    for (const sessionId of sessionIds) await addAttendance(db, { sessionId, participantId: people[name]!, mode: 'venue' });
  };

  await member('欠席 続く', 'あ けっせき');
  await attend('欠席 続く', s.slice(0, 8));
  await member('皆勤 さん', 'い かいきん');
  await attend('皆勤 さん', [...s, underWay]);
  await member('ときどき さん', 'う ときどき');
  await attend('ときどき さん', [s[3]!]);
  await member('新しい さん', 'え あたらしい');

  await member('心配 続く', 'お しんぱい');
  await addCheckin(db, { sessionId: s[8]!, participantId: people['心配 続く']!, answers: { mood: 'bad', sleep: 'ok' } });
  checkinIds.concern = await addCheckin(db, {
    sessionId: s[9]!,
    participantId: people['心配 続く']!,
    answers: { mood: 'bad', sleep: 'bad' },
  });
  await member('心配 別々', 'か べつべつ');
  await addCheckin(db, { sessionId: s[8]!, participantId: people['心配 別々']!, answers: { mood: 'bad', sleep: 'good' } });
  await addCheckin(db, { sessionId: s[9]!, participantId: people['心配 別々']!, answers: { mood: 'good', sleep: 'bad' } });
  await member('心配 途切れ', 'き とぎれ');
  // Inserted out of order: "in a row" follows the sessions' dates.
  await addCheckin(db, { sessionId: s[9]!, participantId: people['心配 途切れ']!, answers: { mood: 'bad' } });
  await addCheckin(db, { sessionId: s[7]!, participantId: people['心配 途切れ']!, answers: { mood: 'bad' } });
  await addCheckin(db, { sessionId: s[8]!, participantId: people['心配 途切れ']!, answers: { mood: 'skipped' } });

  await member('困りごと あり', 'く こまりごと');
  checkinIds.trouble = await addCheckin(db, { sessionId: s[9]!, participantId: people['困りごと あり']!, answers: {}, trouble: true });
  await member('困りごと 済み', 'け こまりごとずみ');
  await addCheckin(db, { sessionId: s[9]!, participantId: people['困りごと 済み']!, answers: {}, trouble: true });

  await member('質問票 該当', 'こ しつもんひょう');
  questionnaireIds.flagged = await addQuestionnaire(db, {
    participantId: people['質問票 該当']!,
    completedAt: new Date(Date.now() - 30 * 86_400_000),
    answers: { ...HEALTHY_QUESTIONNAIRE, '4': 'はい', '5': 'はい' },
  });
  await member('質問票 改善', 'さ かいぜん');
  await addQuestionnaire(db, {
    participantId: people['質問票 改善']!,
    completedAt: new Date(Date.now() - 400 * 86_400_000),
    answers: { ...HEALTHY_QUESTIONNAIRE, '8': 'はい' },
  });
  await addQuestionnaire(db, {
    participantId: people['質問票 改善']!,
    completedAt: new Date(Date.now() - 20 * 86_400_000),
    answers: HEALTHY_QUESTIONNAIRE,
  });

  organiser = (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  host = (await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [venueId], displayName: '世話役 みどり' })).cookie;
  otherVenueHost = (await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [otherVenue] })).cookie;
  otherOrganiser = (await signedInUser(db, server, { organisationId: await addOrganisation(db), role: 'organiser' })).cookie;
});
afterAll(async () => {
  await server?.close();
});

const watchList = async (query = '', cookie = host) => {
  const response = await server.api<WatchEntry[]>('GET', `/api/watch?venueId=${venueId}${query}`, { cookie });
  expect(response.status).toBe(200);
  return response.body;
};
const reasonsOf = (entries: WatchEntry[], name: string) => entries.find((e) => e.displayName === name)?.reasons ?? [];
const handle = (name: string, reasonKey: string, cookie = host) =>
  server.api('POST', `/api/watch/${people[name]}/handled`, {
    cookie,
    body: { reasonKey, contactedBy: '民生委員 佐々木', contactedAt: new Date().toISOString(), outcome: '電話で話した。風邪で休んでいた。' },
  });

describe('watch-over: absences', () => {
  it('lists someone who normally comes and missed the last two held sessions, keyed by the last one missed', async () => {
    const [reason] = reasonsOf(await watchList(), '欠席 続く');
    expect(reason).toMatchObject({ key: `absence:${s[9]}`, kind: 'absence', detail: { missed: 2, attendedBefore: 8, sessionsBefore: 8 } });
  });

  it('does not count the session under way, nor the planned one, as missed', async () => {
    expect(reasonsOf(await watchList(), '欠席 続く')[0]?.detail.missed).toBe(2);
  });

  it('needs the streak to reach `absences`: with 3 the two-session streak is not listed', async () => {
    expect(reasonsOf(await watchList('&absences=3'), '欠席 続く')).toEqual([]);
  });

  it('leaves out people who do not normally come (1 of the 4 sessions before the streak) and who never came', async () => {
    const entries = await watchList('&absences=1');
    expect(reasonsOf(entries, 'ときどき さん')).toEqual([]);
    expect(reasonsOf(entries, '新しい さん')).toEqual([]);
    expect(reasonsOf(entries, '皆勤 さん')).toEqual([]);
  });
});

describe('watch-over: check-ins and the questionnaire', () => {
  it('lists the same concern answer twice in a row, once per question, keyed by the latest check-in', async () => {
    const reasons = reasonsOf(await watchList(), '心配 続く');
    expect(reasons).toEqual([
      {
        key: `concern:mood:${checkinIds.concern}`,
        kind: 'repeated-concern',
        detail: { question: 'mood', answer: 'bad', previousAnswer: 'bad' },
        since: expect.any(String),
      },
    ]);
  });

  it('does not list concerns on different questions, nor a concern broken by a skipped answer in between', async () => {
    const entries = await watchList();
    expect(reasonsOf(entries, '心配 別々')).toEqual([]);
    expect(reasonsOf(entries, '心配 途切れ')).toEqual([]);
  });

  it('lists an unhandled 困りごと request and drops it once the host marks it handled (audited)', async () => {
    expect(reasonsOf(await watchList(), '困りごと あり')).toMatchObject([{ key: `trouble:${checkinIds.trouble}`, kind: 'trouble' }]);
    const handled = await server.api<Checkin>('POST', `/api/sessions/${s[9]}/checkins/${people['困りごと 済み']}/handled`, {
      cookie: host,
    });
    expect(handled.status).toBe(200);
    expect(handled.body.troubleHandledAt).not.toBeNull();
    expect(reasonsOf(await watchList(), '困りごと 済み')).toEqual([]);
    const audits = await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'checkin.trouble-handled'));
    expect(audits).toHaveLength(1);
  });

  it('lists the flagged items and domains of the latest questionnaire only', async () => {
    const entries = await watchList();
    expect(reasonsOf(entries, '質問票 該当')).toMatchObject([
      { key: `frailty:${questionnaireIds.flagged}`, kind: 'frailty', detail: { items: [4, 5], domains: ['口腔機能'] } },
    ]);
    expect(reasonsOf(entries, '質問票 改善')).toEqual([]);
  });

  it('lists exactly the people with a reason, by kana, under their venue', async () => {
    const entries = await watchList();
    expect(entries.map((e) => e.displayName)).toEqual(['欠席 続く', '心配 続く', '困りごと あり', '質問票 該当']);
    expect(entries.every((e) => e.venueId === venueId && e.venueName === 'ひまわり会館')).toBe(true);
  });
});

describe('watch-over: who sees it, and the audit', () => {
  it('writes an audit entry for every view, with who looked and whom the list showed', async () => {
    const before = (await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'watch.view'))).length;
    await watchList();
    await watchList('', organiser);
    const views = (await server.db.db.select().from(auditLog).where(eq(auditLog.action, 'watch.view'))).slice(before);
    expect(views).toHaveLength(2);
    expect(views[0]!.after).toMatchObject({
      venueIds: [venueId],
      absences: 2,
      participantIds: expect.arrayContaining([people['欠席 続く']]),
    });
  });

  it('answers 404 to a host of another venue and to another organisation, and shows them nobody from here', async () => {
    expect((await server.api('GET', `/api/watch?venueId=${venueId}`, { cookie: otherVenueHost })).status).toBe(404);
    expect((await server.api('GET', `/api/watch?venueId=${venueId}`, { cookie: otherOrganiser })).status).toBe(404);
    expect((await server.api<WatchEntry[]>('GET', '/api/watch', { cookie: otherVenueHost })).body).toEqual([]);
    expect((await handle('欠席 続く', `absence:${s[9]}`, otherVenueHost)).status).toBe(404);
    expect((await server.api('GET', `/api/participants/${people['欠席 続く']}/watch-history`, { cookie: otherOrganiser })).status).toBe(
      404,
    );
  });

  it('needs a sign-in', async () => {
    expect((await server.api('GET', '/api/watch')).status).toBe(401);
  });
});

describe('watch-over: marking handled', () => {
  it('refuses a key the person is not listed for (400 reasonKey) and a second handling (409)', async () => {
    expect(await handle('皆勤 さん', `absence:${s[9]}`)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_PAYLOAD', field: 'reasonKey' },
    });
    // Two staff at once (side by side on PostgreSQL): one is recorded, the other told it is done.
    const both = await Promise.all([1, 2].map(() => handle('質問票 該当', `frailty:${questionnaireIds.flagged}`)));
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await handle('質問票 該当', `frailty:${questionnaireIds.flagged}`)).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(reasonsOf(await watchList(), '質問票 該当')).toEqual([]);
  });

  it('handling a 困りごと from the list also marks the check-in handled', async () => {
    expect((await handle('困りごと あり', `trouble:${checkinIds.trouble}`)).status).toBe(200);
    const list = await server.api<Checkin[]>('GET', `/api/sessions/${s[9]}/checkins`, { cookie: host });
    expect(list.body.find((c) => c.id === checkinIds.trouble)?.troubleHandledAt).not.toBeNull();
  });

  it('keeps handled reasons in the history with who handled it, who contacted them, when and the outcome', async () => {
    expect((await handle('心配 続く', `concern:mood:${checkinIds.concern}`)).status).toBe(200);
    const history = await server.api<WatchHandledEntry[]>('GET', `/api/participants/${people['心配 続く']}/watch-history`, {
      cookie: organiser,
    });
    expect(history.body).toEqual([
      {
        id: expect.any(String),
        participantId: people['心配 続く'],
        reasonKey: `concern:mood:${checkinIds.concern}`,
        kind: 'repeated-concern',
        handledAt: expect.any(String),
        handledBy: { userId: expect.any(String), displayName: '世話役 みどり' },
        contactedBy: '民生委員 佐々木',
        contactedAt: expect.any(String),
        outcome: '電話で話した。風邪で休んでいた。',
      },
    ]);
    const [audit] = await server.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'watch.handle'), eq(auditLog.entityId, people['心配 続く']!)));
    expect(JSON.stringify(audit?.after)).not.toContain('風邪');
  });

  it('a handled absence leaves the list; missing one more session is a new occurrence with a new key', async () => {
    expect((await handle('欠席 続く', `absence:${s[9]}`)).status).toBe(200);
    expect(reasonsOf(await watchList(), '欠席 続く')).toEqual([]);
    const s10 = await addSession(server.db.db, venueId, { startsAt: new Date(Date.now() - 86_400_000), status: 'ended' });
    expect(reasonsOf(await watchList(), '欠席 続く')).toMatchObject([{ key: `absence:${s10}`, detail: { missed: 3 } }]);
  });
});
