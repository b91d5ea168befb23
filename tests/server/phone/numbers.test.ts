import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantPhone, VenuePhoneLine } from '@shared/phone/schemas';
import type { InviteCard } from '@shared/venues/schemas';
import { auditLog, invites, participantPhoneNumbers, phoneKeypadNumbers } from '../../../server/src/db/schema';
import { newSecret } from '../../../server/src/db/ids';
import { addOrganisation, addParticipant, addVenue, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';

/**
 * Staff's telephone data through the REST app (inject): organisers and the hosts of a participant's venue see and
 * change their numbers and keypad number, nobody else; every read and change is audited, never with a number in it.
 */
let server: TestApp;
let org: string;
let venueA: string;
let venueB: string;
let organiser: string;
let hostA: string;
let hostB: string;
let otherOrganiser: string;

beforeAll(async () => {
  server = await startTestApp();
  const db = server.db.db;
  org = await addOrganisation(db, { name: 'いききき市' });
  venueA = await addVenue(db, org, { name: 'あおば会館' });
  venueB = await addVenue(db, org, { name: 'ぶなの木集会所' });
  organiser = (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  hostA = (await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [venueA] })).cookie;
  hostB = (await signedInUser(db, server, { organisationId: org, role: 'host', venueIds: [venueB] })).cookie;
  const other = await addOrganisation(db, { name: 'よその市' });
  otherOrganiser = (await signedInUser(db, server, { organisationId: other, role: 'organiser' })).cookie;
});
afterAll(async () => {
  await server?.close();
});

const member = (venueId = venueA) => addParticipant(server.db.db, org, { displayName: '電話 さん', kana: 'でんわ', venueIds: [venueId] });
const phoneOf = (id: string, cookie = organiser) => server.api<ParticipantPhone>('GET', `/api/participants/${id}/phone`, { cookie });
const add = (id: string, body: unknown, cookie = organiser) =>
  server.api<ParticipantPhone & { field?: string }>('POST', `/api/participants/${id}/phone/numbers`, { cookie, body });
const auditOf = async (entityId: string) => (await server.db.db.select().from(auditLog)).filter((r) => r.entityId === entityId);

describe('numbers', () => {
  it('stores a number typed the Japanese way as E.164 and shows it with hyphens; the host of the venue sees it', async () => {
    const id = await member();
    const added = await add(id, { number: '０３－１２３４－５６７８', label: 'home' }, hostA);
    expect(added.status).toBe(201);
    expect(added.body.numbers).toEqual([{ id: expect.any(String), number: '+81312345678', display: '03-1234-5678', label: 'home' }]);
    await add(id, { number: '+81 90 1234 5678', label: 'mobile' });
    const read = await phoneOf(id, hostA);
    expect(read.status).toBe(200);
    expect(read.body.numbers.map((n) => n.display)).toEqual(['03-1234-5678', '090-1234-5678']);
  });

  it('answers 400 with the field for not a number, a duplicate, and a fourth number', async () => {
    const id = await member();
    expect(await add(id, { number: '12345', label: 'home' })).toMatchObject({ status: 400, body: { field: 'body.number' } });
    expect(await add(id, { number: 'ａｂｃ', label: 'home' })).toMatchObject({ status: 400, body: { field: 'body.number' } });
    expect(await add(id, { number: '0312345678', label: 'office' })).toMatchObject({ status: 400, body: { field: 'body.label' } });
    expect((await add(id, { number: '03-1111-2222', label: 'home' })).status).toBe(201);
    expect(await add(id, { number: '+81311112222', label: 'mobile' })).toMatchObject({ status: 400, body: { field: 'number' } });
    expect((await add(id, { number: '090-1111-2222', label: 'mobile' })).status).toBe(201);
    expect((await add(id, { number: '080-1111-2222', label: 'other' })).status).toBe(201);
    expect(await add(id, { number: '070-1111-2222', label: 'other' })).toMatchObject({ status: 400, body: { field: 'number' } });
    expect(await server.db.db.select().from(participantPhoneNumbers).where(eq(participantPhoneNumbers.participantId, id))).toHaveLength(3);
  });

  it('removes a number; an unknown number id is 404', async () => {
    const id = await member();
    const numberId = (await add(id, { number: '0312345678', label: 'home' })).body.numbers[0]!.id;
    const removed = await server.api<ParticipantPhone>('DELETE', `/api/participants/${id}/phone/numbers/${numberId}`, { cookie: hostA });
    expect(removed).toMatchObject({ status: 200, body: { numbers: [] } });
    expect((await server.api('DELETE', `/api/participants/${id}/phone/numbers/${numberId}`, { cookie: organiser })).status).toBe(404);
  });

  it('hides a participant from the host of another venue and from another organisation (404), and from nobody signed in (401)', async () => {
    const id = await member();
    await add(id, { number: '0312345678', label: 'home' });
    expect((await phoneOf(id, hostB)).status).toBe(404);
    expect((await phoneOf(id, otherOrganiser)).status).toBe(404);
    expect((await add(id, { number: '0398765432', label: 'home' }, hostB)).status).toBe(404);
    expect((await server.api('GET', `/api/participants/${id}/phone`)).status).toBe(401);
    expect((await auditOf(id)).map((r) => r.action)).toEqual(['phone.number.add']);
  });

  it('audits every read and change without the number in the entry', async () => {
    const id = await member();
    const numberId = (await add(id, { number: '03-5555-6666', label: 'home' }, hostA)).body.numbers[0]!.id;
    await phoneOf(id, hostA);
    await server.api('DELETE', `/api/participants/${id}/phone/numbers/${numberId}`, { cookie: organiser });
    await server.api('POST', `/api/participants/${id}/phone/keypad-number`, { cookie: organiser });
    const entries = await auditOf(id);
    expect(entries.map((r) => r.action)).toEqual(['phone.number.add', 'phone.read', 'phone.number.remove', 'phone.keypad.reissue']);
    expect(JSON.stringify(entries)).not.toMatch(/5555|6666|\+8135/);
  });
});

describe('keypad number', () => {
  it('issues six digits once, keeps them on the next read, and a reissue replaces them', async () => {
    const id = await member();
    const first = (await phoneOf(id)).body.keypadNumber!;
    expect(first).toMatch(/^\d{6}$/);
    expect((await phoneOf(id, hostA)).body.keypadNumber).toBe(first);
    const reissued = await server.api<ParticipantPhone>('POST', `/api/participants/${id}/phone/keypad-number`, { cookie: hostA });
    expect(reissued.status).toBe(200);
    expect(reissued.body.keypadNumber).toMatch(/^\d{6}$/);
    expect(reissued.body.keypadNumber).not.toBe(first);
    expect(await server.db.db.select().from(phoneKeypadNumbers).where(eq(phoneKeypadNumbers.participantId, id))).toHaveLength(1);
  });

  it('refuses a reissue for someone who left (409)', async () => {
    const id = await member();
    expect((await server.api('POST', `/api/participants/${id}/leave`, { cookie: organiser })).status).toBe(200);
    expect((await server.api('POST', `/api/participants/${id}/phone/keypad-number`, { cookie: organiser })).status).toBe(409);
  });

  it('is erased with the person, together with their numbers', async () => {
    const id = await member();
    await add(id, { number: '0312345678', label: 'home' });
    await phoneOf(id);
    expect((await server.api('POST', `/api/participants/${id}/erase`, { cookie: organiser })).status).toBe(200);
    expect(await server.db.db.select().from(participantPhoneNumbers).where(eq(participantPhoneNumbers.participantId, id))).toEqual([]);
    expect(await server.db.db.select().from(phoneKeypadNumbers).where(eq(phoneKeypadNumbers.participantId, id))).toEqual([]);
  });
});

describe('a venue’s number', () => {
  const line = (venueId: string, cookie = organiser) => server.api<VenuePhoneLine>('GET', `/api/venues/${venueId}/phone-line`, { cookie });
  const setLine = (venueId: string, number: string | null, cookie = organiser) =>
    server.api<VenuePhoneLine & { field?: string }>('PUT', `/api/venues/${venueId}/phone-line`, { cookie, body: { number } });

  it('is set by an organiser, read by the venue’s host, refused to hosts (403), and unique across venues (409)', async () => {
    expect(await setLine(venueA, '050-3333-4444')).toMatchObject({
      status: 200,
      body: { number: '+815033334444', display: '050-3333-4444' },
    });
    expect(await line(venueA, hostA)).toMatchObject({ status: 200, body: { number: '+815033334444' } });
    expect((await line(venueA, hostB)).status).toBe(404);
    expect((await setLine(venueA, '05000000000', hostA)).status).toBe(403);
    expect(await setLine(venueB, '+81 50 3333 4444')).toMatchObject({ status: 409, body: { field: 'number' } });
    expect(await setLine(venueB, 'x')).toMatchObject({ status: 400, body: { field: 'body.number' } });
    expect(await setLine(venueA, null)).toMatchObject({ status: 200, body: { number: null } });
    expect((await setLine(venueB, '050-3333-4444')).status).toBe(200);
  });

  it('puts 「電話で参加」 with the person’s keypad number on the invite cards once the venue has a number', async () => {
    const venue = await addVenue(server.db.db, org, { name: 'カードの会場' });
    const id = await member(venue);
    await server.db.db.insert(invites).values({ token: newSecret(), participantId: id, venueId: venue });
    const cards = () => server.api<InviteCard[]>('GET', `/api/venues/${venue}/invite-cards`, { cookie: organiser });
    expect((await cards()).body[0]!.phone).toBeNull();
    await setLine(venue, '050-7777-8888');
    const card = (await cards()).body[0]!;
    expect(card.phone).toEqual({ number: '+815077778888', display: '050-7777-8888', keypadNumber: expect.stringMatching(/^\d{6}$/) });
    expect(card.phone!.keypadNumber).toBe((await phoneOf(id)).body.keypadNumber);
  });

  it('an organisation-wide number is the organiser’s, and never one a venue already has (409)', async () => {
    const put = (number: string | null, cookie = organiser) =>
      server.api<{ number: string | null; display: string | null }>('PUT', '/api/phone/organisation-line', { cookie, body: { number } });
    expect(await put('050-4444-0000')).toMatchObject({ status: 200, body: { number: '+815044440000', display: '050-4444-0000' } });
    expect((await put('050-4444-0001', hostA)).status).toBe(403);
    expect((await setLine(venueA, '050-4444-0000')).status).toBe(409);
    await setLine(venueA, '050-4444-0002');
    expect((await put('050-4444-0002')).status).toBe(409);
    expect((await put('050-4444-0002', otherOrganiser)).status).toBe(409);
    expect(await server.api('GET', '/api/phone/organisation-line', { cookie: organiser })).toMatchObject({
      status: 200,
      body: { number: '+815044440000' },
    });
    expect((await auditOf(org)).map((r) => r.action)).toContain('organisation.phoneLine.set');
  });
});
