import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '@shared/reports/schemas';
import type { WatchEntry } from '@shared/checkins/schemas';
import type { InviteInfo } from '@shared/sessions/schemas';
import type { InviteCard, Participant, Schedule, SessionListItem, Venue } from '@shared/venues/schemas';
import { japanDate, japanMonth } from '@shared/japanTime';
import { DEFAULT_SESSION_DAY } from '../../../server/src/sessions/service';
import { TestClock } from '../../support/clock';
import { addAttendance, addParticipant, addSession } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';

/**
 * Venues and the calendar through REST, with a test clock: holidays and 年末年始 skipped by the planner, venues
 * edited and archived, weekly times paused and ended, single sessions cancelled (お休み) and what that means for
 * the invite page, the watch-over rule and the dashboard.
 */
let server: TestApp;
let organiser: string;
let host: string;
const clock = new TestClock('2027-01-04T00:00:00Z'); // Monday 4 January 2027, 09:00 in Japan

beforeAll(async () => {
  server = await startTestApp({ clock });
  organiser = await server.login('organiser');
  host = await server.login('host');
});
afterAll(async () => {
  await server?.close();
});

async function newVenue(name: string): Promise<Venue> {
  const created = await server.api<Venue>('POST', '/api/venues', { cookie: organiser, body: { name } });
  expect(created.status).toBe(201);
  return created.body;
}

async function addWeekly(venueId: string, weekday: number, startTime = '10:00', endTime = '11:30'): Promise<Schedule> {
  const created = await server.api<Schedule>('POST', `/api/venues/${venueId}/schedules`, {
    cookie: organiser,
    body: { weekday, startTime, endTime, title: '体操' },
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function sessionsOf(venueId: string, from: string, to: string): Promise<SessionListItem[]> {
  const list = await server.api<SessionListItem[]>('GET', `/api/venues/${venueId}/sessions?from=${from}&to=${to}`, { cookie: organiser });
  expect(list.status).toBe(200);
  return list.body;
}

const datesOf = (list: SessionListItem[]) => list.map((s) => japanDate(s.startsAt));

describe('holidays and 年末年始', () => {
  it('the planner skips 成人の日 for a venue that does not meet on holidays, and plans it for one that does', async () => {
    clock.set('2027-01-04T00:00:00Z');
    const usual = await newVenue('祝日休み 会館');
    await addWeekly(usual.id, 1);
    expect(datesOf(await sessionsOf(usual.id, '2027-01-04', '2027-01-17'))).toEqual(['2027-01-04']);

    const always = await newVenue('祝日も開く 会館');
    const patched = await server.api<Venue>('PATCH', `/api/venues/${always.id}/details`, {
      cookie: organiser,
      body: { meetsOnHolidays: true },
    });
    expect(patched).toMatchObject({ status: 200, body: { meetsOnHolidays: true } });
    await addWeekly(always.id, 1);
    expect(datesOf(await sessionsOf(always.id, '2027-01-04', '2027-01-17'))).toEqual(['2027-01-04', '2027-01-11']);

    // Saying later that the first venue meets on holidays plans the holiday at once.
    await server.api('PATCH', `/api/venues/${usual.id}/details`, { cookie: organiser, body: { meetsOnHolidays: true } });
    expect(datesOf(await sessionsOf(usual.id, '2027-01-04', '2027-01-17'))).toEqual(['2027-01-04', '2027-01-11']);
  });

  it('年末年始 (29 December to 3 January) is skipped even on a day that is not a national holiday', async () => {
    clock.set('2026-12-21T00:00:00Z'); // Monday 21 December 2026
    const venue = await newVenue('年末 会館');
    await addWeekly(venue.id, 2); // Tuesdays: 22 December, then 29 December (年末年始)
    expect(datesOf(await sessionsOf(venue.id, '2026-12-21', '2027-01-03'))).toEqual(['2026-12-22']);
  });
});

describe('venues and weekly times', () => {
  it('an archived venue leaves the lists and the planner; its past sessions and attendance stay', async () => {
    clock.set('2027-02-01T00:00:00Z');
    const venue = await newVenue('閉じる 会館');
    await addWeekly(venue.id, 1);
    const past = await addSession(server.db.db, venue.id, { startsAt: '2027-01-25T01:00:00Z', status: 'ended' });
    expect((await server.api('POST', `/api/venues/${venue.id}/archive`, { cookie: organiser })).status).toBe(200);
    const list = await server.api<Venue[]>('GET', '/api/venues', { cookie: organiser });
    expect(list.body.map((v) => v.id)).not.toContain(venue.id);
    const sessions = await sessionsOf(venue.id, '2027-01-25', '2027-02-14');
    expect(sessions.map((s) => s.id)).toEqual([past]);
    expect((await server.api('POST', `/api/venues/${venue.id}/archive`, { cookie: organiser })).status).toBe(404);
    expect((await server.api('POST', `/api/venues/ven_demo/archive`, { cookie: host })).status).toBe(403);
  });

  it('a weekly time is moved, paused (its coming sessions go), resumed, and ended for good', async () => {
    clock.set('2027-02-01T00:00:00Z');
    const venue = await newVenue('時間を変える 会館');
    const weekly = await addWeekly(venue.id, 1);
    const moved = await server.api<Schedule>('PATCH', `/api/schedules/${weekly.id}`, {
      cookie: organiser,
      body: { weekday: 3, startTime: '13:30', endTime: '15:00' },
    });
    expect(moved).toMatchObject({ status: 200, body: { weekday: 3, startTime: '13:30', active: true, endedAt: null } });
    const afterMove = await sessionsOf(venue.id, '2027-02-01', '2027-02-14');
    expect(datesOf(afterMove)).toEqual(['2027-02-03', '2027-02-10']);
    expect(afterMove[0]!.startsAt).toBe('2027-02-03T04:30:00.000Z');

    await server.api('PATCH', `/api/schedules/${weekly.id}`, { cookie: organiser, body: { active: false } });
    expect(await sessionsOf(venue.id, '2027-02-01', '2027-02-14')).toEqual([]);
    await server.api('PATCH', `/api/schedules/${weekly.id}`, { cookie: organiser, body: { active: true } });
    expect(datesOf(await sessionsOf(venue.id, '2027-02-01', '2027-02-14'))).toEqual(['2027-02-03', '2027-02-10']);

    const ended = await server.api<Schedule>('POST', `/api/schedules/${weekly.id}/end`, { cookie: organiser });
    expect(ended).toMatchObject({ status: 200, body: { active: false } });
    expect(ended.body.endedAt).not.toBeNull();
    expect(await sessionsOf(venue.id, '2027-02-01', '2027-02-14')).toEqual([]);
    const again = await server.api('PATCH', `/api/schedules/${weekly.id}`, { cookie: organiser, body: { active: true } });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'scheduleId' } });
  });

  it('bad edits are 4xx with the field: empty name, end before start, nothing to change, an unknown weekly time', async () => {
    const venue = await newVenue('入力 会館');
    const weekly = await addWeekly(venue.id, 4);
    const cases: [string, string, unknown, number, string][] = [
      ['PATCH', `/api/venues/${venue.id}/details`, { name: '  ' }, 400, 'body.name'],
      ['PATCH', `/api/venues/${venue.id}/details`, {}, 400, 'body.name'],
      ['PATCH', `/api/schedules/${weekly.id}`, { startTime: '12:00', endTime: '11:00' }, 400, 'body.endTime'],
      ['PATCH', `/api/schedules/${weekly.id}`, { startTime: '25:00' }, 400, 'body.startTime'],
      ['PATCH', `/api/schedules/${weekly.id}`, { endTime: '09:00' }, 400, 'endTime'],
      ['PATCH', `/api/schedules/sch_nobody`, { active: false }, 404, 'scheduleId'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const answer = await server.api<{ field?: string }>(method, path, { cookie: organiser, body });
      expect({ path, body, status: answer.status, field: answer.body.field }).toEqual({ path, body, status, field });
    }
  });
});

describe('cancelling a single session (お休み)', () => {
  it('the invite page says 今日はお休み with the reason and the next gathering, joins are refused; uncancelled, it is open again', async () => {
    clock.set('2027-03-01T00:00:00Z'); // Monday 1 March 2027, 09:00 in Japan
    const venue = await newVenue('台風 会館');
    await addWeekly(venue.id, 1);
    const added = await server.api<Participant>('POST', `/api/venues/${venue.id}/participants`, {
      cookie: organiser,
      body: { displayName: '雨宮 すみ', kana: 'あまみや すみ' },
    });
    const cards = await server.api<InviteCard[]>('GET', `/api/venues/${venue.id}/invite-cards`, { cookie: organiser });
    const token = cards.body.find((c) => c.participantId === added.body.id)!.url.split('/j/')[1]!;
    const [today, nextWeek] = await sessionsOf(venue.id, '2027-03-01', '2027-03-14');

    const cancelled = await server.api<SessionListItem>('POST', `/api/venue-sessions/${today!.id}/cancel`, {
      cookie: organiser,
      body: { reason: '台風のため' },
    });
    expect(cancelled).toMatchObject({ status: 200, body: { cancelReason: '台風のため' } });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    const invite = await server.api<InviteInfo>('GET', `/api/invites/${token}`);
    expect(invite.body).toMatchObject({ day: 'cancelled', cancelReason: '台風のため', next: { startsAt: nextWeek!.startsAt } });
    await expect(server.services.sessions.resolveJoin({ role: 'home', token })).rejects.toMatchObject({ code: 'SESSION_CANCELLED' });
    await expect(server.services.sessions.resolveJoin({ role: 'venue', sessionId: today!.id })).rejects.toMatchObject({
      code: 'SESSION_CANCELLED',
    });

    const uncancelled = await server.api<SessionListItem>('POST', `/api/venue-sessions/${today!.id}/uncancel`, { cookie: organiser });
    expect(uncancelled).toMatchObject({ status: 200, body: { cancelledAt: null, cancelReason: null } });
    expect((await server.api<InviteInfo>('GET', `/api/invites/${token}`)).body).toMatchObject({ day: 'open', cancelReason: null });
  });

  it('a session under way or past cannot be cancelled, nor uncancelled after its start: 409 with the field', async () => {
    clock.set('2027-03-08T00:00:00Z');
    const venue = await newVenue('過去 会館');
    const past = await addSession(server.db.db, venue.id, { startsAt: '2027-03-01T01:00:00Z', status: 'ended' });
    const lateButPlanned = await addSession(server.db.db, venue.id, { startsAt: '2027-03-07T01:00:00Z', status: 'planned' });
    const live = await addSession(server.db.db, venue.id, { startsAt: '2027-03-07T23:30:00Z', status: 'live' });
    for (const sessionId of [past, lateButPlanned, live]) {
      const answer = await server.api('POST', `/api/venue-sessions/${sessionId}/cancel`, { cookie: organiser, body: { reason: '雨' } });
      expect(answer).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'sessionId' } });
    }
    const coming = await addSession(server.db.db, venue.id, { startsAt: '2027-03-08T01:00:00Z', status: 'planned' });
    expect((await server.api('POST', `/api/venue-sessions/${coming}/cancel`, { cookie: organiser, body: { reason: '雪' } })).status).toBe(
      200,
    );
    clock.set('2027-03-08T01:05:00Z');
    const tooLate = await server.api('POST', `/api/venue-sessions/${coming}/uncancel`, { cookie: organiser });
    expect(tooLate).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'sessionId' } });
    const listed = await sessionsOf(venue.id, '2027-03-08', '2027-03-08');
    expect(listed.find((s) => s.id === coming)).toMatchObject({ cancelReason: '雪' });
  });

  it('bad cancellations are 4xx: no reason, a reason too long, a session of a venue the host does not run', async () => {
    clock.set('2027-03-08T00:00:00Z');
    const coming = await addSession(server.db.db, 'ven_demo2', { startsAt: '2027-03-09T01:00:00Z', status: 'planned' });
    const empty = await server.api('POST', `/api/venue-sessions/${coming}/cancel`, { cookie: organiser, body: { reason: ' ' } });
    expect(empty).toMatchObject({ status: 400, body: { field: 'body.reason' } });
    const long = await server.api('POST', `/api/venue-sessions/${coming}/cancel`, {
      cookie: organiser,
      body: { reason: 'あ'.repeat(201) },
    });
    expect(long).toMatchObject({ status: 400, body: { field: 'body.reason' } });
    const notTheirs = await server.api('POST', `/api/venue-sessions/${coming}/cancel`, { cookie: host, body: { reason: '雨' } });
    expect(notTheirs.status).toBe(404);
  });

  it('cancelled days count neither as held sessions on the dashboard nor as absences in the watch-over rule', async () => {
    const weeks = [4, 3, 2, 1].map((n) => new Date(Date.now() - n * 7 * 86_400_000));
    const venue = await newVenue('見守り 会館');
    const regular = await addParticipant(server.db.db, 'org_demo', {
      displayName: '毎週 来る',
      kana: 'まいしゅう くる',
      venueIds: [venue.id],
    });
    const walker = await addParticipant(server.db.db, 'org_demo', { displayName: '名簿 だけ', kana: 'めいぼ だけ', venueIds: [venue.id] });
    const [held1, held2, cancelled1, cancelled2] = await Promise.all(
      weeks.map((startsAt, i) => addSession(server.db.db, venue.id, { startsAt, status: i < 2 ? 'ended' : 'planned' })),
    );
    for (const sessionId of [held1!, held2!]) await addAttendance(server.db.db, { sessionId, participantId: regular, mode: 'venue' });
    // The host had already ticked someone in before the typhoon warning: a cancelled day still is not held.
    for (const sessionId of [cancelled1!, cancelled2!])
      await addAttendance(server.db.db, { sessionId, participantId: walker, mode: 'phone' });
    clock.set(new Date(weeks[2]!.getTime() - 86_400_000));
    for (const sessionId of [cancelled1!, cancelled2!]) {
      const answer = await server.api('POST', `/api/venue-sessions/${sessionId}/cancel`, { cookie: organiser, body: { reason: '台風' } });
      expect(answer.status).toBe(200);
    }

    const watch = await server.api<WatchEntry[]>('GET', `/api/watch?venueId=${venue.id}`, { cookie: organiser });
    expect(watch.status).toBe(200);
    expect(watch.body.filter((e) => e.reasons.some((r) => r.kind === 'absence')).map((e) => e.displayName)).toEqual([]);

    const month = japanMonth(new Date());
    const dashboard = await server.api<Dashboard>('GET', `/api/reports/dashboard?month=${month}&venueIds=${venue.id}`, {
      cookie: organiser,
    });
    const held = dashboard.body.rows.filter((r) => r.venueId === venue.id).reduce((sum, r) => sum + r.sessionsHeld, 0);
    expect(held).toBe(2);
  });
});

describe('the invite page through the day (production settings: 30, 30 and 60 minutes)', () => {
  it('upcoming until 30 minutes before the start, open until 30 minutes after the end, then finished with the next gathering', async () => {
    const dayClock = new TestClock('2027-04-05T00:00:00Z'); // Monday 5 April 2027, 09:00 in Japan
    const app = await startTestApp({ clock: dayClock, sessionDay: DEFAULT_SESSION_DAY });
    try {
      const cookie = await app.login('organiser');
      const venue = (await app.api<Venue>('POST', '/api/venues', { cookie, body: { name: '一日 会館' } })).body;
      await app.api('POST', `/api/venues/${venue.id}/schedules`, {
        cookie,
        body: { weekday: 1, startTime: '10:00', endTime: '11:30', title: '体操' },
      });
      const participant = (
        await app.api<Participant>('POST', `/api/venues/${venue.id}/participants`, {
          cookie,
          body: { displayName: '朝 早い', kana: 'あさ はやい' },
        })
      ).body.id;
      const cards = await app.api<InviteCard[]>('GET', `/api/venues/${venue.id}/invite-cards`, { cookie });
      const token = cards.body.find((c) => c.participantId === participant)!.url.split('/j/')[1]!;
      const lookup = async () => (await app.api<InviteInfo>('GET', `/api/invites/${token}`)).body;
      const joinCode = async () => {
        try {
          return (await app.services.sessions.resolveJoin({ role: 'home', token })).session.startsAt;
        } catch (error) {
          return (error as { code: string }).code;
        }
      };

      expect(await lookup()).toMatchObject({ day: 'upcoming', joinOpensAt: '2027-04-05T00:30:00.000Z', next: null });
      dayClock.set('2027-04-05T00:29:59Z');
      expect([(await lookup()).day, await joinCode()]).toEqual(['upcoming', 'NOT_YET_OPEN']);
      dayClock.set('2027-04-05T00:30:00Z'); // 9:30 in Japan
      expect([(await lookup()).day, await joinCode()]).toEqual(['open', '2027-04-05T01:00:00.000Z']);
      dayClock.set('2027-04-05T02:59:59Z'); // 11:59:59, the last second of the grace period
      expect([(await lookup()).day, await joinCode()]).toEqual(['open', '2027-04-05T01:00:00.000Z']);
      dayClock.set('2027-04-05T03:00:00Z');
      expect(await lookup()).toMatchObject({ day: 'finished', next: { startsAt: '2027-04-12T01:00:00.000Z' } });
      expect(await joinCode()).toBe('SESSION_ENDED');
      dayClock.set('2027-04-05T15:00:00Z'); // the next day in Japan: nothing that day
      expect(await lookup()).toMatchObject({ day: 'none', session: null, next: { startsAt: '2027-04-12T01:00:00.000Z' } });
      expect(await joinCode()).toBe('NO_ACTIVE_SESSION');
    } finally {
      await app.close();
    }
  });
});
