import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attendance, checkins, participants, venueMembers } from '../../../server/src/db/schema';
import { toCheckin } from '../../../server/src/checkins/service';
import { loadPrompts, PROMPT_SAMPLE_RATE } from '../../../server/src/phone/prompts';
import { TONES } from '../../../server/src/phone/promptList';
import { demoCall } from '../../support/demoCall';
import { toneShare } from '../../support/goertzel';
import { api } from '../../support/http';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { RtpPhone } from '../../support/rtpPhone';
import { killAllSipp, sipConfig, startSipp, type Sipp } from './sippHarness';

/**
 * The end of a telephone call with real calls (SIPp for SIP, an RTP phone of the test's own that hears and keys)
 * into the real server (SIP endpoint, bridge, mediasoup worker, SQLite): a caller alone in a silent gathering for a
 * minute, the host muting and removing a caller through the venue tablet's socket, and the keypad check-in when
 * the host ends the gathering. The silent minute runs in another organisation's gathering from the start and is
 * checked last, so the file takes about a minute and nothing waits on it.
 */
/** Its own RTP range (bridge.sfu 41000–, telephone.e2e 41200–, telephoneCallAll.e2e 41300–): it may run beside them. */
const call = demoCall({ sip: sipConfig({ rtpPortRange: { min: 41400, max: 41499 } }) });
const VENUE_NUMBER = '0501234567';
const OTHER_VENUE_NUMBER = '0502222222';
const phones: RtpPhone[] = [];
let organiser: string;
let silent: { sipp: Sipp; phone: RtpPhone; participantId: string; sessionId: string };

const sipTarget = () => `127.0.0.1:${call.server.phone!.sip.port}`;

async function addNumber(cookie: string, participantId: string, number: string): Promise<void> {
  const added = await api(call.server.url, 'POST', `/api/participants/${participantId}/phone/numbers`, {
    cookie,
    body: { number, label: 'home' },
  });
  expect(added.status).toBe(201);
}

/** A caller from `number` (registered for someone) whose audio is a test phone; SIPp stays until the server's BYE. */
async function dial(service: string, caller: string, scenario = 'uac_phone_until_bye.xml', timeoutSeconds = 60) {
  const phone = await RtpPhone.open();
  phones.push(phone);
  const sipp = await startSipp({
    scenario,
    target: sipTarget(),
    service,
    keys: { caller, rtp_port: String(phone.remoteMedia.port) },
    timeoutSeconds,
  });
  return { phone, sipp };
}

const attendanceOf = async (sessionId: string, participantId: string) =>
  (
    await call.server.db.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, sessionId), eq(attendance.participantId, participantId)))
  )[0];

/** The demo venue's members (who have agreed to their wellbeing answers being stored, if asked). */
async function demoMembers(consenting = false): Promise<string[]> {
  const rows = await call.server.db.db
    .select({ id: participants.id })
    .from(venueMembers)
    .innerJoin(participants, eq(participants.id, venueMembers.participantId))
    .where(and(eq(venueMembers.venueId, 'ven_demo'), consenting ? isNotNull(participants.wellbeingConsentAt) : undefined));
  return rows.map((row) => row.id).sort();
}

/** The caller is in the room with their voice (the peer exists a moment before its producer). */
async function waitForPhonePeer(sessionId: string, peerId: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const peer = (await call.server.rooms.find(sessionId))?.getPeer(peerId);
      expect(peer?.kind).toBe('phone');
      expect(peer?.listProducers()).toHaveLength(1);
    },
    { timeout: 30_000, interval: 200 },
  );
}

/**
 * Waits until the phone has heard `seconds` of audio since `since` (performance.now()): prompts play at the line's
 * pace, which a busy machine slows (the line skips ahead after a stall rather than bursting), so the test follows
 * what the caller actually heard, not the wall clock.
 */
async function hear(phone: RtpPhone, since: number, seconds: number): Promise<void> {
  await vi.waitFor(() => expect(phone.audioSince(since).length).toBeGreaterThanOrEqual(seconds * PROMPT_SAMPLE_RATE), {
    timeout: 60_000,
    interval: 50,
  });
}

/** Whether the two notes of the mute chime are in `samples`, one after the other (100 ms blocks). */
function heardChime(samples: Int16Array): boolean {
  const [first, second] = TONES.chime.notes;
  const block = PROMPT_SAMPLE_RATE / 10;
  let firstAt = -1;
  for (let offset = 0; offset + block <= samples.length; offset += block) {
    const part = samples.subarray(offset, offset + block);
    if (firstAt < 0 && toneShare(part, PROMPT_SAMPLE_RATE, first!.hz) > 0.6) firstAt = offset;
    if (firstAt >= 0 && offset > firstAt && toneShare(part, PROMPT_SAMPLE_RATE, second!.hz) > 0.6) return true;
  }
  return false;
}

beforeAll(async () => {
  organiser = await call.server.login('organiser');
  const line = await api(call.server.url, 'PUT', '/api/venues/ven_demo/phone-line', { cookie: organiser, body: { number: VENUE_NUMBER } });
  expect(line.status).toBe(200);

  // The silent minute: another organisation's gathering, where nobody but the caller is and nobody speaks.
  const other = await createOtherOrganisation(call.server);
  const otherLine = await api(call.server.url, 'PUT', `/api/venues/${other.venueId}/phone-line`, {
    cookie: other.cookie,
    body: { number: OTHER_VENUE_NUMBER },
  });
  expect(otherLine.status).toBe(200);
  await addNumber(other.cookie, other.participantId, '06-1111-2222');
  const { phone, sipp } = await dial(OTHER_VENUE_NUMBER, '0611112222', 'uac_phone_silent_minute.xml', 100);
  silent = { sipp, phone, participantId: other.participantId, sessionId: other.sessionId };
});
afterAll(() => {
  killAllSipp();
  for (const phone of phones) phone.close();
});

describe('the host and a caller on the telephone', () => {
  it('the host muting everyone pauses the caller’s voice in the room and the caller hears the chime, and *6 turns it on again; removing them hangs up, attended by phone with its minutes', async () => {
    const participantId = (await demoMembers())[1]!;
    await addNumber(organiser, participantId, '03-2222-3333');
    const { phone, sipp } = await dial(VENUE_NUMBER, '0322223333');
    const host = await call.joinVenue();
    const peerId = `tel-${participantId}`;
    await waitForPhonePeer(call.server.demo.sessionId, peerId);

    const mutedAt = performance.now();
    expect(heardChime(phone.audioSince(0))).toBe(false);
    expect((await host.ok('host:muteAll', {})).mutedCount).toBeGreaterThanOrEqual(1);
    const producers = (await call.room()).getPeer(peerId)!.listProducers();
    expect(producers.map((p) => ({ kind: p.kind, paused: p.paused }))).toEqual([{ kind: 'audio', paused: true }]);
    await vi.waitFor(() => expect(heardChime(phone.audioSince(mutedAt))).toBe(true), { timeout: 10_000, interval: 200 });
    // Their microphone is now off, as a browser's is after the host's mute: one *6 turns it on again.
    for (const key of ['*', '6']) await phone.pressKey(phone.lastFrom!, key);
    await vi.waitFor(() => expect(producers[0]!.paused).toBe(false), { timeout: 10_000, interval: 100 });

    await host.ok('host:remove', { peerId });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/^BYE /m);
    await vi.waitFor(async () => expect((await attendanceOf(call.server.demo.sessionId, participantId))?.lastLeaveAt).toBeTruthy(), {
      timeout: 10_000,
    });
    const row = (await attendanceOf(call.server.demo.sessionId, participantId))!;
    expect(row.mode).toBe('phone');
    expect(row.lastLeaveAt!.getTime()).toBeGreaterThan(row.firstJoinAt!.getTime());
    expect(row.minutesConnected).toBe(Math.round((row.lastLeaveAt!.getTime() - row.firstJoinAt!.getTime()) / 60_000));
  }, 60_000);

  it('when the host ends the gathering the caller answers the check-in read out with 1, 2, 3 and it is stored as the home page stores it; then goodbye and BYE (a caller without consent: only the goodbye)', async () => {
    const sessionId = call.server.demo.sessionId;
    // Someone who agreed to their answers being stored and has not checked in today (the demo has check-ins of its own).
    const answered = new Set(
      (await call.server.db.db.select({ id: checkins.participantId }).from(checkins).where(eq(checkins.sessionId, sessionId))).map(
        (r) => r.id,
      ),
    );
    const earlierCaller = (await demoMembers())[1];
    const participantId = (await demoMembers(true)).find((id) => id !== earlierCaller && !answered.has(id))!;
    expect(participantId).toBeDefined();
    await addNumber(organiser, participantId, '03-4444-5555');
    const { phone, sipp } = await dial(VENUE_NUMBER, '0344445555', 'uac_phone_until_bye.xml', 110);
    // And someone who has not agreed: they are asked nothing.
    const consenting = new Set(await demoMembers(true));
    const everyone = await demoMembers();
    const withoutConsent = everyone.find((id) => !consenting.has(id) && id !== everyone[1])!;
    await addNumber(organiser, withoutConsent, '03-6666-7777');
    const notAsked = await dial(VENUE_NUMBER, '0366667777', 'uac_phone_until_bye.xml', 110);
    const host = await call.joinVenue();
    await waitForPhonePeer(sessionId, `tel-${participantId}`);
    await waitForPhonePeer(sessionId, `tel-${withoutConsent}`);

    let goodbyeOnlyEnded = false;
    void notAsked.sipp.done.then(() => (goodbyeOnlyEnded = true));
    await host.ok('call:endSession', {});
    const endedAt = performance.now(); // the intro started before the answer: what is heard since is at most the intro so far
    // The intro plays first (keys then are no answers); each key then answers the question being read, 1.5 s into it.
    const intro = loadPrompts().get('checkin-intro')!;
    await hear(phone, endedAt, intro.length / PROMPT_SAMPLE_RATE + 1.5);
    for (const digit of ['1', '2', '3', '1', '2']) {
      const pressedAt = performance.now();
      await phone.pressKey(phone.lastFrom!, digit);
      await hear(phone, pressedAt, 1.5);
    }
    // The one without consent heard only the goodbye: hung up long before the five questions were through.
    expect(goodbyeOnlyEnded).toBe(true);
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/^BYE /m);
    const goodbyeOnly = await notAsked.sipp.done;
    expect(goodbyeOnly.code, goodbyeOnly.output).toBe(0);
    expect(goodbyeOnly.messages).toMatch(/^BYE /m);
    expect(notAsked.phone.received.length).toBeGreaterThan(0);

    const rowOf = async (id: string) =>
      (
        await call.server.db.db
          .select()
          .from(checkins)
          .where(and(eq(checkins.sessionId, sessionId), eq(checkins.participantId, id)))
      )[0];
    expect(await rowOf(withoutConsent)).toBeUndefined();
    const [row] = await call.server.db.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.sessionId, sessionId), eq(checkins.participantId, participantId)));
    expect(row && toCheckin(row)).toMatchObject({
      answers: { mood: 'good', body: 'ok', sleep: 'bad', meals: 'good', outings: 'ok' },
      trouble: false,
      recordedBy: 'self',
    });
  }, 120_000);
});

describe('a silent gathering', () => {
  it('a caller alone for a minute receives about 50 packets a second all along, is not hung up, and their session refresh is answered', async () => {
    const result = await silent.sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages.match(/^BYE /gm)).toHaveLength(1); // the caller's own
    expect(result.messages).toMatch(/CSeq: 2 INVITE[\s\S]*SIP\/2\.0 200 OK[\s\S]*CSeq: 2 INVITE/);

    // About 50 a second: a busy machine (this file's other calls, other tests) delays the line's clock now and then,
    // and after a stall the line skips ahead rather than bursting, so some are missing (41.5 a second, longest gap
    // 0.5 s, measured at a load average of 30 on 2 cores); a line that goes dead in silence has none.
    const arrivals = silent.phone.received.map((r) => r.at);
    const seconds = (arrivals.at(-1)! - arrivals[0]!) / 1000;
    const longestGap = arrivals.slice(1).reduce((gap, at, i) => Math.max(gap, at - arrivals[i]!), 0);
    const facts = `${arrivals.length} packets in ${seconds.toFixed(1)} s, longest gap ${longestGap.toFixed(0)} ms`;
    expect(seconds, facts).toBeGreaterThan(55);
    expect(arrivals.length / seconds, facts).toBeGreaterThan(35);
    expect(longestGap, facts).toBeLessThan(1_000);
    await vi.waitFor(async () => expect((await attendanceOf(silent.sessionId, silent.participantId))?.lastLeaveAt).toBeTruthy(), {
      timeout: 10_000,
    });
    expect(await attendanceOf(silent.sessionId, silent.participantId)).toMatchObject({ mode: 'phone', minutesConnected: 1 });
  }, 100_000);
});
