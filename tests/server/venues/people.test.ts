import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '@shared/attendance/schemas';
import type { WatchEntry } from '@shared/checkins/schemas';
import type { InviteCard, Participant } from '@shared/venues/schemas';
import { auditLog, checkins, invites, participantPauses, questionnaireResponses, watchHandled } from '../../../server/src/db/schema';
import { newId, newSecret } from '../../../server/src/db/ids';
import { addAttendance, addOrganisation, addParticipant, addSession, addVenue, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';
import { HEALTHY_QUESTIONNAIRE, addCheckin, addQuestionnaire, pastWeeks } from '../checkins/rows';

/**
 * People coming and going, on real rows: venue A held eight weekly sessions (a0…a7, a7 a week ago) and has one
 * planned for tomorrow; venue B is another venue of the same organisation. Each test makes its own person.
 */
let server: TestApp;
let org: string;
let organiser: string;
let host: string;
let venueA: string;
let venueB: string;
let otherOrgVenue: string;
let a: string[];
let upcoming: string;

beforeAll(async () => {
  server = await startTestApp();
  const db = server.db.db;
  org = await addOrganisation(db, { name: 'いききき市' });
  venueA = await addVenue(db, org, { name: 'あおば会館' });
  venueB = await addVenue(db, org, { name: 'ぶなの木集会所' });
  otherOrgVenue = await addVenue(db, await addOrganisation(db, { name: 'よその市' }), { name: 'よその会館' });
  organiser = (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  host = (await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [venueA] })).cookie;
  a = [];
  for (const startsAt of pastWeeks(8)) a.push(await addSession(db, venueA, { startsAt, status: 'ended' }));
  upcoming = await addSession(db, venueA, { startsAt: new Date(Date.now() + 86_400_000), status: 'planned' });
});
afterAll(async () => {
  await server?.close();
});

/** A member of venue A with a link of their own, who came to the first `came` sessions of a0…a7. */
async function member(displayName: string, came = 8) {
  const db = server.db.db;
  const id = await addParticipant(db, org, { displayName, kana: 'てすと', venueIds: [venueA], wellbeingConsent: true });
  const token = newSecret();
  await db.insert(invites).values({ token, participantId: id, venueId: venueA });
  for (const sessionId of a.slice(0, came)) await addAttendance(db, { sessionId, participantId: id, mode: 'venue' });
  return { id, token };
}

const post = <T = Participant>(path: string, body?: unknown, cookie = organiser) => server.api<T>('POST', path, { cookie, body });
const listed = async (venueId: string) =>
  (await server.api<Participant[]>('GET', `/api/venues/${venueId}/participants`, { cookie: organiser })).body;
const roster = async (sessionId: string) =>
  (await server.api<Roster>('GET', `/api/sessions/${sessionId}/attendance`, { cookie: organiser })).body.entries;
const watched = async (participantId: string) =>
  (await server.api<WatchEntry[]>('GET', `/api/watch?venueId=${venueA}&absences=2`, { cookie: organiser })).body.find(
    (e) => e.participantId === participantId,
  );
const auditOf = async (participantId: string) =>
  (await server.db.db.select().from(auditLog)).filter((r) => r.entityId.includes(participantId));

describe('moving to another venue', () => {
  it('moves the person and their link to venue B; their past attendance stays in venue A’s sessions', async () => {
    const { id, token } = await member('移る さん', 3);
    const moved = await post(`/api/participants/${id}/move`, { fromVenueId: venueA, toVenueId: venueB });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ venueIds: [venueB], status: 'active' });
    expect((await listed(venueA)).map((p) => p.id)).not.toContain(id);
    expect((await listed(venueB)).map((p) => p.id)).toContain(id);
    expect((await roster(a[0]!)).find((e) => e.participantId === id)).toMatchObject({ mode: 'venue' });
    expect((await roster(upcoming)).map((e) => e.participantId)).not.toContain(id);
    const card = await server.api<{ venueName: string }>('GET', `/api/invites/${token}`);
    expect(card).toMatchObject({ status: 200, body: { venueName: 'ぶなの木集会所' } });
    expect((await auditOf(id)).map((r) => r.action)).toContain('participant.move');
  });

  it('refuses a venue of another organisation (404 toVenueId), the same venue (400) and a venue they are not in (404 fromVenueId)', async () => {
    const { id } = await member('移れない さん');
    expect(await post(`/api/participants/${id}/move`, { fromVenueId: venueA, toVenueId: otherOrgVenue })).toMatchObject({
      status: 404,
      body: { field: 'toVenueId' },
    });
    expect(await post(`/api/participants/${id}/move`, { fromVenueId: venueA, toVenueId: venueA })).toMatchObject({
      status: 400,
      body: { field: 'body.toVenueId' },
    });
    expect(await post(`/api/participants/${id}/move`, { fromVenueId: venueB, toVenueId: venueA })).toMatchObject({
      status: 404,
      body: { field: 'fromVenueId' },
    });
    expect((await listed(venueA)).find((p) => p.id === id)?.venueIds).toEqual([venueA]);
  });
});

describe('pausing and coming back', () => {
  it('a paused person stays on the roster marked お休み中 and leaves the absence rule; back, they are listed again', async () => {
    const { id } = await member('入院 さん', 5);
    expect((await watched(id))?.reasons.map((r) => r.kind)).toEqual(['absence']);

    const paused = await post(`/api/participants/${id}/pause`, { until: '2099-12-31' });
    expect(paused).toMatchObject({ status: 200, body: { status: 'paused', pausedUntil: '2099-12-31' } });
    expect((await roster(upcoming)).find((e) => e.participantId === id)).toMatchObject({ paused: true, mode: null });
    expect(await watched(id)).toBeUndefined();
    expect(await post(`/api/participants/${id}/pause`, {})).toMatchObject({ status: 409 });

    expect(await post(`/api/participants/${id}/resume`)).toMatchObject({ status: 200, body: { status: 'active', pausedUntil: null } });
    expect((await roster(upcoming)).find((e) => e.participantId === id)).toMatchObject({ paused: false });
    expect((await watched(id))?.reasons.map((r) => r.kind)).toEqual(['absence']);
    expect(await post(`/api/participants/${id}/resume`)).toMatchObject({ status: 409 });
  });

  it('sessions held during a past pause never count as absences', async () => {
    const { id } = await member('療養 さん', 5);
    // In hospital from just before a5 until after a7: the three sessions they missed were all during the pause.
    const [from, to] = [new Date(pastWeeks(8)[5]!.getTime() - 3_600_000), new Date(pastWeeks(8)[7]!.getTime() + 86_400_000)];
    await server.db.db.insert(participantPauses).values({ id: newId('pau'), participantId: id, startedAt: from, endedAt: to });
    expect(await watched(id)).toBeUndefined();
    expect((await listed(venueA)).find((p) => p.id === id)).toMatchObject({ status: 'active' });
  });

  it('refuses an end date in the past with 400 on until', async () => {
    const { id } = await member('過去 さん');
    expect(await post(`/api/participants/${id}/pause`, { until: '2020-01-01' })).toMatchObject({ status: 400, body: { field: 'until' } });
    expect((await listed(venueA)).find((p) => p.id === id)?.status).toBe('active');
  });
});

describe('leaving', () => {
  it('stops the link at once, takes them off the rosters, the cards and the absence rule; past rosters keep them', async () => {
    const { id, token } = await member('やめる さん', 5);
    expect(await watched(id)).toBeDefined();
    expect(await post(`/api/participants/${id}/leave`, undefined, host)).toMatchObject({ status: 200, body: { status: 'left' } });
    expect((await server.api('GET', `/api/invites/${token}`)).status).toBe(404);
    expect((await roster(upcoming)).map((e) => e.participantId)).not.toContain(id);
    expect((await roster(a[0]!)).map((e) => e.participantId)).toContain(id);
    const cards = await server.api<InviteCard[]>('GET', `/api/venues/${venueA}/invite-cards`, { cookie: organiser });
    expect(cards.body.map((c) => c.participantId)).not.toContain(id);
    expect(await watched(id)).toBeUndefined();
    expect(await post(`/api/participants/${id}/leave`)).toMatchObject({ status: 409 });
    expect(await post(`/api/participants/${id}/invite`, { venueId: venueA }, host)).toMatchObject({ status: 409 });
  });
});

describe('erasure on request (APPI 利用停止・消去)', () => {
  it('deletes name, contact and wellbeing answers, keeps the counts: the dashboard is byte for byte the same', async () => {
    const db = server.db.db;
    const { id, token } = await member('消去 希望子', 6);
    const patched = await server.api('PATCH', `/api/participants/${id}`, {
      cookie: organiser,
      body: { contact: '090-1234-5678', notes: '耳が遠い', sex: 'female', birthYear: 1941 },
    });
    expect(patched.body).toMatchObject({ sex: 'female', birthYear: 1941 });
    await addCheckin(db, { sessionId: a[4]!, participantId: id, answers: { mood: 'bad' }, trouble: true });
    await addCheckin(db, { sessionId: a[5]!, participantId: id, answers: { mood: 'bad' } });
    await addQuestionnaire(db, { participantId: id, completedAt: new Date(Date.now() - 20 * 86_400_000), answers: HEALTHY_QUESTIONNAIRE });
    const reasonKey = (await watched(id))!.reasons.find((r) => r.kind === 'trouble')!.key;
    const handled = await server.api('POST', `/api/watch/${id}/handled`, {
      cookie: organiser,
      body: { reasonKey, contactedBy: '民生委員', contactedAt: new Date().toISOString(), outcome: '消去 希望子さんは入院中' },
    });
    expect(handled.status).toBeLessThan(300);
    const dashboard = async () =>
      (await server.fetch(`/api/reports/dashboard?venueIds=${venueA}`, { headers: { cookie: organiser } })).text();
    const before = await dashboard();
    expect(before).toContain('"rows"');

    const erased = await post(`/api/participants/${id}/erase`);
    expect(erased).toMatchObject({
      status: 200,
      body: { status: 'erased', contact: null, notes: null, wellbeingConsentAt: null, sex: null, birthYear: null },
    });
    expect(erased.body.displayName).not.toContain('希望子');
    expect(await dashboard()).toBe(before);
    expect((await roster(a[0]!)).find((e) => e.participantId === id)).toMatchObject({
      mode: 'venue',
      displayName: '（消去済み）',
      kana: '',
    });
    expect(await db.select().from(checkins).where(eq(checkins.participantId, id))).toEqual([]);
    expect(await db.select().from(questionnaireResponses).where(eq(questionnaireResponses.participantId, id))).toEqual([]);
    expect(await db.select().from(watchHandled).where(eq(watchHandled.participantId, id))).toEqual([]);
    expect((await server.api('GET', `/api/invites/${token}`)).status).toBe(404);
    expect((await roster(upcoming)).map((e) => e.participantId)).not.toContain(id);

    const audit = JSON.stringify(await auditOf(id));
    expect(audit).toContain('participant.erase');
    for (const personal of ['希望子', 'きぼうこ', '090-1234-5678', '耳が遠い', '入院中']) expect(audit).not.toContain(personal);
  });

  it('refuses a second erasure with 409 and says why; nothing changes', async () => {
    const { id } = await member('二度 消す');
    expect((await post(`/api/participants/${id}/erase`)).status).toBe(200);
    const again = await post<{ code: string; message: string }>(`/api/participants/${id}/erase`);
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(again.body.message).toMatch(/already been erased/);
    expect((await auditOf(id)).filter((r) => r.action === 'participant.erase')).toHaveLength(1);
  });
});
