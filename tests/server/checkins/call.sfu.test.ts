import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkins, participants } from '../../../server/src/db/schema';
import { demoCall } from '../../support/demoCall';
import { api } from '../../support/http';
import { HEALTHY_QUESTIONNAIRE } from './rows';

/** Check-ins from the call, on the demo data: 山田 花子 and 佐藤 一郎 have consented, 鈴木 よし子 has not. */
const call = demoCall();
const { connect } = call;

const invite = (name: string) => call.server.demo.invites.find((i) => i.displayName === name)!.token;
/** Participant ids by display name, read once. */
const ids = new Map<string, string>();
beforeAll(async () => {
  for (const p of await call.server.db.db.select({ id: participants.id, name: participants.displayName }).from(participants))
    ids.set(p.name, p.id);
});
const personId = (name: string) => ids.get(name)!;

async function joinVenue() {
  const client = await connect(call.hostCookie);
  const joined = await client.ok('call:join', { credentials: call.venue(), clientId: 'venue-tablet-1' });
  return { client, joined };
}

async function joinHome(name: string) {
  const client = await connect();
  const joined = await client.ok('call:join', { credentials: { role: 'home', token: invite(name) }, clientId: `home-${name}-tab` });
  return { client, joined };
}

describe('a host recording a check-in right after someone joined from home', () => {
  // First in this file: 佐藤 一郎 has no attendance row yet, so only the queued call join can make one.
  it('finds them in the attendance although call joins are written in batches', async () => {
    const home = await joinHome('佐藤 一郎');
    expect(home.joined.self.displayName).toBe('佐藤 一郎');
    // No waiting: the join is acknowledged, its attendance row may still be queued.
    const recorded = await api(call.server.url, 'PUT', `/api/sessions/${call.server.demo.sessionId}/checkins/${personId('佐藤 一郎')}`, {
      cookie: call.hostCookie,
      body: { answers: { mood: 'good' } },
    });
    expect(recorded.status).toBe(200);
  });
});

describe('the check-in offered with the join answer', () => {
  it('offers a consenting home participant the organisation’s questions at the venue’s timing, and the questionnaire', async () => {
    const { joined } = await joinHome('山田 花子');
    expect(joined.checkin).toMatchObject({ consent: true, timing: 'after-join', alreadyAnswered: false, questionnaireDue: true });
    expect(joined.checkin?.questions.map((q) => q.key)).toEqual(['mood', 'body', 'sleep', 'meals', 'outings']);
  });

  it('is null for the venue tablet, and says consent false (no questionnaire) for someone who has not consented', async () => {
    expect((await joinVenue()).joined.checkin).toBeNull();
    expect((await joinHome('鈴木 よし子')).joined.checkin).toMatchObject({ consent: false, questionnaireDue: false });
  });
});

describe('checkin:submit', () => {
  it('stores a home participant’s answers, and 「困りごとがある」 reaches the venue tablet at once', async () => {
    const venue = await joinVenue();
    const home = await joinHome('山田 花子');
    const answer = await home.client.request('checkin:submit', { answers: { mood: 'bad', meals: 'good' }, trouble: true });
    expect(answer).toMatchObject({
      ok: true,
      data: { recordedBy: 'self', trouble: true, answers: { mood: 'bad', meals: 'good', sleep: 'skipped' } },
    });
    const notice = await venue.client.waitFor('checkin:troubleRequested');
    expect(notice).toEqual({ participantId: personId('山田 花子'), displayName: '山田 花子' });
    expect(home.client.received('checkin:troubleRequested')).toEqual([]);
  });

  it('a second submit replaces the first (one row), and a rejoin is told it was answered', async () => {
    const home = await joinHome('山田 花子');
    expect(home.joined.checkin?.alreadyAnswered).toBe(true);
    const again = await home.client.ok('checkin:submit', { answers: { mood: 'good' } });
    expect(again).toMatchObject({ trouble: false, answers: { mood: 'good', meals: 'skipped' } });
    // Today's session only: the demo has her answers at past sessions too.
    const rows = await call.server.db.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.participantId, personId('山田 花子')), eq(checkins.sessionId, call.server.demo.sessionId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(again.id);
  });

  it('answers an unknown question with INVALID_PAYLOAD naming answers.<key>, and a malformed payload likewise', async () => {
    const home = await joinHome('佐藤 一郎');
    expect(await home.client.request('checkin:submit', { answers: { weather: 'good' } })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'answers.weather',
    });
    expect(await home.client.raw('checkin:submit', { answers: 'all good' })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'answers',
    });
  });

  it('refuses before joining (NOT_JOINED), from the venue tablet (NOT_ALLOWED) and without consent (NO_CONSENT)', async () => {
    const stranger = await connect();
    expect(await stranger.request('checkin:submit', { answers: {} })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
    const venue = await joinVenue();
    expect(await venue.client.request('checkin:submit', { answers: {} })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    const home = await joinHome('鈴木 よし子');
    expect(await home.client.request('checkin:submit', { answers: { mood: 'good' } })).toMatchObject({ ok: false, code: 'NO_CONSENT' });
    expect(
      await call.server.db.db
        .select()
        .from(checkins)
        .where(eq(checkins.participantId, personId('鈴木 よし子'))),
    ).toEqual([]);
  });
});

describe('checkin:submitQuestionnaire', () => {
  it('stores a self-completed questionnaire with its flags; a second within six months is a CONFLICT', async () => {
    const home = await joinHome('佐藤 一郎');
    expect(await home.client.request('checkin:submitQuestionnaire', { answers: { '3': 'たぶん' } })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'answers.3',
    });
    const result = await home.client.ok('checkin:submitQuestionnaire', { answers: { ...HEALTHY_QUESTIONNAIRE, '13': 'いいえ' } });
    expect(result).toMatchObject({
      participantId: personId('佐藤 一郎'),
      completedBy: 'self',
      flaggedItems: [13],
      flaggedDomains: ['社会参加'],
    });
    expect(await home.client.request('checkin:submitQuestionnaire', { answers: HEALTHY_QUESTIONNAIRE })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    const rejoined = await joinHome('佐藤 一郎');
    expect(rejoined.joined.checkin?.questionnaireDue).toBe(false);
  });

  it('is refused from the venue tablet and without consent', async () => {
    const venue = await joinVenue();
    expect(await venue.client.request('checkin:submitQuestionnaire', { answers: HEALTHY_QUESTIONNAIRE })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
    const home = await joinHome('鈴木 よし子');
    expect(await home.client.request('checkin:submitQuestionnaire', { answers: HEALTHY_QUESTIONNAIRE })).toMatchObject({
      ok: false,
      code: 'NO_CONSENT',
    });
  });
});
