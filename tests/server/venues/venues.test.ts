import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanWeekday } from '@shared/japanTime';
import { type InviteCard, type Participant, type SessionListItem, type Venue } from '@shared/venues/schemas';
import { auditLog, sessions } from '../../../server/src/db/schema';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let organiser: string;
let host: string;
let other: Awaited<ReturnType<typeof createOtherOrganisation>>;

beforeAll(async () => {
  server = await startTestApp();
  organiser = await server.login('organiser');
  host = await server.login('host');
  other = await createOtherOrganisation(server);
});
afterAll(async () => {
  await server?.close();
});

/** The demo's first venue meets on the weekday the demo was made (today's session is its weekly meeting). */
const demoWeekday = async () =>
  japanWeekday((await server.db.db.select().from(sessions).where(eq(sessions.id, server.demo.sessionId)))[0]!.startsAt);

describe('venues and who sees them', () => {
  it('an organiser sees every venue of their organisation with its weekly schedule; a host only theirs', async () => {
    const all = await server.api<Venue[]>('GET', '/api/venues', { cookie: organiser });
    expect(all.body.map((v) => v.name).sort()).toEqual(['さくら町 公民館', 'みどり台 集会所'].sort());
    expect(all.body.find((v) => v.id === 'ven_demo')?.schedules[0]).toMatchObject({
      weekday: await demoWeekday(),
      startTime: '10:00',
      endTime: '11:30',
    });
    const own = await server.api<Venue[]>('GET', '/api/venues', { cookie: host });
    expect(own.body.map((v) => v.id)).toEqual(['ven_demo']);
  });

  it('needs a signed-in user (401) and the organiser role to create venues (403 for a host)', async () => {
    expect((await server.api('GET', '/api/venues')).status).toBe(401);
    const byHost = await server.api('POST', '/api/venues', { cookie: host, body: { name: '新しい会場' } });
    expect(byHost).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    const byOrganiser = await server.api<Venue>('POST', '/api/venues', { cookie: organiser, body: { name: '新しい会場' } });
    expect(byOrganiser.status).toBe(201);
    const schedule = await server.api('POST', `/api/venues/${byOrganiser.body.id}/schedules`, {
      cookie: organiser,
      body: { weekday: 3, startTime: '14:00', endTime: '13:00', title: '体操' },
    });
    expect(schedule).toMatchObject({ status: 400, body: { field: 'body.endTime' } });
  });

  it('an organiser of organisation A cannot read organisation B’s venue, participants, sessions or roster', async () => {
    const paths = [
      `/api/venues/${other.venueId}/participants`,
      `/api/venues/${other.venueId}/sessions`,
      `/api/venues/${other.venueId}/invite-cards`,
      `/api/sessions/${other.sessionId}/attendance`,
    ];
    for (const path of paths) {
      const response = await server.api<{ code: string }>('GET', path, { cookie: organiser });
      expect(response.status, path).toBe(404);
    }
    const patch = await server.api('PATCH', `/api/participants/${other.participantId}`, { cookie: organiser, body: { notes: 'x' } });
    expect(patch.status).toBe(404);
    const mark = await server.api('PUT', `/api/sessions/${other.sessionId}/attendance/${other.participantId}`, {
      cookie: organiser,
      body: { mode: 'venue' },
    });
    expect(mark.status).toBe(404);
    const venuesOfB = await server.api<Venue[]>('GET', '/api/venues', { cookie: other.cookie });
    expect(venuesOfB.body.map((v) => v.id)).toEqual([other.venueId]);
  });

  it('a host cannot read the other venue of their own organisation', async () => {
    expect((await server.api('GET', '/api/venues/ven_demo2/participants', { cookie: host })).status).toBe(404);
  });
});

describe('participants and their invite links', () => {
  it('adds a participant with consent date and an invite link, audited', async () => {
    const created = await server.api<Participant>('POST', '/api/venues/ven_demo/participants', {
      cookie: host,
      body: { displayName: '森 さくら', kana: 'もり さくら', contact: '090-0000-0000', wellbeingConsent: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.wellbeingConsentAt).not.toBeNull();
    const cards = await server.api<InviteCard[]>('GET', '/api/venues/ven_demo/invite-cards', { cookie: host });
    const card = cards.body.find((c) => c.participantId === created.body.id)!;
    expect(card).toMatchObject({
      displayName: '森 さくら',
      venueName: 'さくら町 公民館',
      weeklyTimes: [{ weekday: await demoWeekday(), startTime: '10:00', endTime: '11:30' }],
    });
    expect(card.url).toMatch(new RegExp(`^${server.config.publicUrl.replace(/:\d+$/, '')}`));
    const audit = (await server.db.db.select().from(auditLog)).find(
      (a) => a.action === 'participant.create' && a.entityId === created.body.id,
    );
    expect(audit?.actorUserId).toBe('usr_demo_host');
  });

  it('rejects a reading that is not kana with 400 naming the field', async () => {
    const bad = await server.api('POST', '/api/venues/ven_demo/participants', {
      cookie: host,
      body: { displayName: '森', kana: 'Mori' },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.kana' } });
  });
});

describe('weekly schedules', () => {
  it('plans the coming sessions of a new weekly time at once, and refuses the same time twice with 409', async () => {
    const venue = await server.api<Venue>('POST', '/api/venues', { cookie: organiser, body: { name: '予定の会場' } });
    const body = { weekday: 5, startTime: '09:30', endTime: '10:30', title: '朝の体操' };
    expect((await server.api('POST', `/api/venues/${venue.body.id}/schedules`, { cookie: organiser, body })).status).toBe(201);
    const sessions = await server.api<SessionListItem[]>('GET', `/api/venues/${venue.body.id}/sessions`, { cookie: organiser });
    expect(sessions.body.length).toBeGreaterThanOrEqual(2);
    expect(sessions.body.every((s) => s.title === '朝の体操' && s.status === 'planned')).toBe(true);
    const again = await server.api('POST', `/api/venues/${venue.body.id}/schedules`, { cookie: organiser, body });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  });
});

describe('sessions', () => {
  it('lists the planned sessions made from the weekly schedule and adds a one-off session', async () => {
    const list = await server.api<SessionListItem[]>('GET', '/api/venues/ven_demo/sessions', { cookie: host });
    const planned = list.body.filter((s) => s.status === 'planned');
    expect(planned.length).toBeGreaterThanOrEqual(2);
    expect(list.body.filter((s) => s.status === 'ended')).toHaveLength(8);
    const created = await server.api<SessionListItem>('POST', '/api/venues/ven_demo/sessions', {
      cookie: host,
      body: { date: '2030-01-08', startTime: '10:00', endTime: '11:30', title: '特別回' },
    });
    expect(created.status).toBe(201);
    expect(created.body.startsAt).toBe('2030-01-08T01:00:00.000Z');
    const bad = await server.api('POST', '/api/venues/ven_demo/sessions', {
      cookie: host,
      body: { date: '2030-02-30', startTime: '10:00', endTime: '11:30', title: 'x' },
    });
    expect(bad).toMatchObject({ status: 400, body: { field: 'body.date' } });
  });
});
