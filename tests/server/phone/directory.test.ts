import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_SESSION_DAY } from '../../../server/src/core/config';
import { newId } from '../../../server/src/db/ids';
import {
  participantPauses,
  participantPhoneNumbers,
  participants,
  phoneKeypadNumbers,
  phoneLines,
  sessions,
} from '../../../server/src/db/schema';
import { eq } from 'drizzle-orm';
import { TestClock } from '../../support/clock';
import { addOrganisation, addParticipant, addSession, addVenue } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';

/**
 * The phone directory on a real SQLite file, through the app's services, with production's join window (30 minutes
 * before, 30 after) and a test clock at 10:05 Japan time on Monday 2026-12-07. Organisation A has venue あおば
 * (gathering 10:00–11:30 today, line 050-1111-0001) and venue ぶな (gathering 14:00 today, line 050-1111-0002);
 * organisation B has its own venue and line. Each test that counts wrong keypad numbers uses a line of its own.
 */
const NOW = '2026-12-07T01:05:00Z';
let server: TestApp;
let clock: TestClock;
let orgA: string;
let aoba: string;
let buna: string;
let todayAoba: string;
let orgB: string;
let venueOfB: string;

const LINE_AOBA = '050-1111-0001';
const LINE_BUNA = '+81 50 1111 0002';
const LINE_B = '05011119999';

beforeAll(async () => {
  clock = new TestClock(NOW);
  server = await startTestApp({ clock, sessionDay: PRODUCTION_SESSION_DAY });
  const db = server.db.db;
  orgA = await addOrganisation(db, { name: 'いききき市' });
  aoba = await addVenue(db, orgA, { name: 'あおば会館' });
  buna = await addVenue(db, orgA, { name: 'ぶなの木集会所' });
  orgB = await addOrganisation(db, { name: 'よその市' });
  venueOfB = await addVenue(db, orgB, { name: 'よその会館' });
  todayAoba = await addSession(db, aoba, { startsAt: '2026-12-07T01:00:00Z', status: 'planned' });
  await addSession(db, buna, { startsAt: '2026-12-07T05:00:00Z', status: 'planned' });
  await addSession(db, venueOfB, { startsAt: '2026-12-07T01:00:00Z', status: 'live' });
  await addLine('+815011110001', orgA, aoba);
  await addLine('+815011110002', orgA, buna);
  await addLine('+815011119999', orgB, venueOfB);
});
afterAll(async () => {
  await server?.close();
});

async function addLine(number: string, organisationId: string, venueId: string | null) {
  await server.db.db.insert(phoneLines).values({ number, organisationId, venueId });
}

/** A person of the organisation in these venues, with these numbers (E.164) and keypad number. */
async function person(organisationId: string, venueIds: string[], numbers: string[], keypadNumber?: string) {
  const db = server.db.db;
  const id = await addParticipant(db, organisationId, { displayName: `電話 ${newId('x').slice(-4)} さん`, venueIds });
  // Registered one after another, as the staff page does (one request each): the first is the earliest.
  const registeredAt = Date.now();
  for (const [i, number] of numbers.entries())
    await db
      .insert(participantPhoneNumbers)
      .values({ id: newId('tel'), participantId: id, organisationId, number, label: 'home', createdAt: new Date(registeredAt + i * 1000) });
  if (keypadNumber) await db.insert(phoneKeypadNumbers).values({ participantId: id, organisationId, keypadNumber, issuedAt: new Date() });
  return id;
}

const directory = () => server.services.phoneDirectory;

describe('caller ID', () => {
  it('puts a registered caller, dialling in any format, through to today’s open gathering of the venue', async () => {
    const id = await person(orgA, [aoba], ['+81312345678']);
    const found = await directory().byCaller(LINE_AOBA, '0312345678');
    expect(found).toMatchObject({
      ok: true,
      organisationId: orgA,
      venueId: aoba,
      identity: { participantId: id, peerId: `tel-${id}`, role: 'home', session: { id: todayAoba } },
    });
    expect(await directory().byCaller('+81-50-1111-0001', '+81 3-1234-5678')).toMatchObject({ ok: true, identity: { participantId: id } });
  });

  it('asks for the keypad number when the caller is withheld, unknown, or shared by two people of the venue', async () => {
    await person(orgA, [aoba], ['+81311112222']);
    await person(orgA, [aoba], ['+81311112222']);
    expect(await directory().byCaller(LINE_AOBA, null)).toEqual({ ok: false, reason: 'NEEDS_KEYPAD_NUMBER' });
    expect(await directory().byCaller(LINE_AOBA, '0399998888')).toEqual({ ok: false, reason: 'NEEDS_KEYPAD_NUMBER' });
    expect(await directory().byCaller(LINE_AOBA, '0311112222')).toEqual({ ok: false, reason: 'NEEDS_KEYPAD_NUMBER' });
  });

  it('never matches a person of another organisation, even with the same number', async () => {
    await person(orgB, [venueOfB], ['+81322223333']);
    expect(await directory().byCaller(LINE_AOBA, '0322223333')).toEqual({ ok: false, reason: 'NEEDS_KEYPAD_NUMBER' });
    const ofA = await person(orgA, [aoba], ['+81344445555']);
    expect(await directory().byCaller(LINE_B, '0344445555')).toEqual({ ok: false, reason: 'NEEDS_KEYPAD_NUMBER' });
    expect(await directory().byCaller(LINE_AOBA, '0344445555')).toMatchObject({ ok: true, identity: { participantId: ofA } });
  });

  it('answers UNKNOWN_LINE for a number that is no line of any organisation', async () => {
    await person(orgA, [aoba], ['+81355556666']);
    expect(await directory().byCaller('0501234000', '0355556666')).toEqual({ ok: false, reason: 'UNKNOWN_LINE' });
    expect(await directory().byCaller('not a number', '0355556666')).toEqual({ ok: false, reason: 'UNKNOWN_LINE' });
  });
});

describe('the join rules of a home link', () => {
  it('tells a caller too early when joining opens (ぶな meets at 14:00, it opens 13:30)', async () => {
    await person(orgA, [buna], ['+81366667777']);
    expect(await directory().byCaller(LINE_BUNA, '0366667777')).toEqual({
      ok: false,
      reason: 'NOT_YET_OPEN',
      opensAt: new Date('2026-12-07T04:30:00Z'),
    });
  });

  it('refuses a cancelled gathering with SESSION_CANCELLED', async () => {
    const venue = await addVenue(server.db.db, orgA, { name: '中止の会場' });
    const session = await addSession(server.db.db, venue, { startsAt: '2026-12-07T01:00:00Z', status: 'planned' });
    await server.db.db.update(sessions).set({ cancelledAt: new Date(), cancelReason: '台風' }).where(eq(sessions.id, session));
    await addLine('+815011110003', orgA, venue);
    await person(orgA, [venue], ['+81377778888']);
    expect(await directory().byCaller('05011110003', '0377778888')).toMatchObject({ ok: false, reason: 'SESSION_CANCELLED' });
  });

  it('refuses a day without a gathering with NO_ACTIVE_SESSION', async () => {
    const venue = await addVenue(server.db.db, orgA, { name: '休みの会場' });
    await addLine('+815011110004', orgA, venue);
    await person(orgA, [venue], ['+81388889999']);
    expect(await directory().byCaller('05011110004', '0388889999')).toMatchObject({ ok: false, reason: 'NO_ACTIVE_SESSION' });
  });

  it('refuses people who left, were erased or are paused, each with its reason', async () => {
    const db = server.db.db;
    const left = await person(orgA, [aoba], ['+81390000001'], '246813');
    await db.update(participants).set({ leftAt: new Date() }).where(eq(participants.id, left));
    const erased = await person(orgA, [aoba], [], '246824');
    await db.update(participants).set({ leftAt: new Date(), erasedAt: new Date() }).where(eq(participants.id, erased));
    const paused = await person(orgA, [aoba], ['+81390000003']);
    await db.insert(participantPauses).values({ id: newId('pau'), participantId: paused, startedAt: new Date('2026-12-01T00:00:00Z') });
    expect(await directory().byCaller(LINE_AOBA, '0390000001')).toEqual({ ok: false, reason: 'PARTICIPANT_LEFT' });
    expect(await directory().byCaller(LINE_AOBA, '0390000003')).toEqual({ ok: false, reason: 'PARTICIPANT_PAUSED' });
    return expect(directory().byKeypadNumber(LINE_AOBA, '246824', null)).resolves.toEqual({ ok: false, reason: 'PARTICIPANT_ERASED' });
  });
});

describe('keypad number', () => {
  it('puts the holder through on the venue’s line, and not a member of another venue', async () => {
    const id = await person(orgA, [aoba], [], '583920');
    expect(await directory().byKeypadNumber(LINE_AOBA, '583920', '09011112222')).toMatchObject({
      ok: true,
      identity: { participantId: id, session: { id: todayAoba } },
    });
    await person(orgA, [buna], [], '583921');
    expect(await directory().byKeypadNumber(LINE_AOBA, '583921', '09011112222')).toEqual({ ok: false, reason: 'WRONG_KEYPAD_NUMBER' });
  });

  it('never matches another organisation’s keypad number', async () => {
    await person(orgB, [venueOfB], [], '777123');
    expect(await directory().byKeypadNumber(LINE_AOBA, '777123', null)).toEqual({ ok: false, reason: 'WRONG_KEYPAD_NUMBER' });
    expect(await directory().byKeypadNumber(LINE_B, '777123', null)).toMatchObject({ ok: true, organisationId: orgB });
    await addLine('+815011119990', orgB, null);
    await person(orgA, [aoba], [], '777124');
    expect(await directory().byKeypadNumber('05011119990', '777124', null)).toEqual({ ok: false, reason: 'WRONG_KEYPAD_NUMBER' });
  });

  it('on the organisation’s one line, takes the person to their own venue’s gathering', async () => {
    await addLine('+815011110000', orgA, null);
    const id = await person(orgA, [aoba], [], '615243');
    expect(await directory().byKeypadNumber('05011110000', '615243', null)).toMatchObject({
      ok: true,
      venueId: aoba,
      identity: { participantId: id },
    });
    expect(await directory().byKeypadNumber(LINE_B, '615243', null)).toEqual({ ok: false, reason: 'WRONG_KEYPAD_NUMBER' });
  });

  it('after 5 wrong numbers from one caller, refuses that caller even the right number, on any line; another caller still gets through', async () => {
    const venue = await addVenue(server.db.db, orgA, { name: '回数の会場' });
    await addSession(server.db.db, venue, { startsAt: '2026-12-07T01:00:00Z', status: 'planned' });
    await addLine('+815011110005', orgA, venue);
    const id = await person(orgA, [venue], [], '904172');
    for (let i = 0; i < 5; i++)
      expect(await directory().byKeypadNumber('05011110005', `10000${i}`, '09022223333')).toMatchObject({ reason: 'WRONG_KEYPAD_NUMBER' });
    const refused = await directory().byKeypadNumber('05011110005', '904172', '090-2222-3333');
    expect(refused).toMatchObject({ ok: false, reason: 'TOO_MANY_ATTEMPTS' });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect(await directory().byKeypadNumber('05011110005', '904172', '09044445555')).toMatchObject({
      ok: true,
      identity: { participantId: id },
    });
    await addLine('+815011110015', orgA, null);
    expect(await directory().byKeypadNumber('05011110015', '904172', '09022223333')).toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
  });

  it('after 30 wrong numbers on one line from many callers, refuses every caller on that line but not on another line', async () => {
    const venue = await addVenue(server.db.db, orgA, { name: '回線の会場' });
    await addSession(server.db.db, venue, { startsAt: '2026-12-07T01:00:00Z', status: 'planned' });
    await addLine('+815011110006', orgA, venue);
    await addLine('+815011110007', orgA, null);
    await person(orgA, [venue], [], '390517');
    for (let i = 0; i < 30; i++) {
      const caller = `0906000${String(i).padStart(4, '0')}`;
      expect(await directory().byKeypadNumber('05011110006', '111000', caller)).toMatchObject({ reason: 'WRONG_KEYPAD_NUMBER' });
    }
    expect(await directory().byKeypadNumber('05011110006', '390517', '09077778888')).toMatchObject({ reason: 'TOO_MANY_ATTEMPTS' });
    expect(await directory().byKeypadNumber('05011110007', '390517', '09077778888')).toMatchObject({ ok: true });
  });

  it('a right number does not count against the caller', async () => {
    const venue = await addVenue(server.db.db, orgA, { name: '正しい会場' });
    await addSession(server.db.db, venue, { startsAt: '2026-12-07T01:00:00Z', status: 'planned' });
    await addLine('+815011110008', orgA, venue);
    await person(orgA, [venue], [], '482910');
    for (let i = 0; i < 8; i++)
      expect(await directory().byKeypadNumber('05011110008', '482910', '09012340000')).toMatchObject({ ok: true });
  });
});

describe('calling out', () => {
  it('lists the session’s members with a number (not paused, not left), and gives the first number to call', async () => {
    const venue = await addVenue(server.db.db, orgA, { name: '発信の会場' });
    const session = await addSession(server.db.db, venue, { startsAt: '2026-12-07T01:00:00Z', status: 'live' });
    const withTwo = await person(orgA, [venue], ['+819011110000', '+81312340000']);
    await person(orgA, [venue], []);
    const gone = await person(orgA, [venue], ['+819022220000']);
    await server.db.db.update(participants).set({ leftAt: new Date() }).where(eq(participants.id, gone));
    const resting = await person(orgA, [venue], ['+819033330000']);
    await server.db.db
      .insert(participantPauses)
      .values({ id: newId('pau'), participantId: resting, startedAt: new Date('2026-12-01T00:00:00Z') });
    expect(await directory().phoneRegulars(session)).toEqual([
      expect.objectContaining({ participantId: withTwo, number: '+819011110000' }),
    ]);
    expect(await directory().numberToCall(withTwo)).toBe('+819011110000');
    expect(await directory().numberToCall(gone)).toBe('+819022220000');
  });
});
