import { ErrorBody } from '@shared/ack';
import { addAttendance, addOrganisation, addParticipant, addSession, addVenue, signedInUser } from '../../support/fixtures';
import type { TestApp } from '../../support/testApp';

/**
 * Two organisations. A runs あおば会館 (A1) and みどり公民館 (A2), B runs ひかり集会所 (B1).
 *
 * A1, times in Japan time:
 *   s3  2026-01-31 23:00  ended    田中 venue 90, 山田 online 30          → January
 *   s1  2026-02-01 01:00  ended    佐藤 venue 60, 鈴木 online 45          → February (stored 2026-01-31T16:00Z)
 *   s2  2026-02-10 10:00  ended    佐藤 online 50, 鈴木 online 40, 田中 phone 30
 *   s4  2026-02-17 10:00  planned  nobody                                  → not held
 *   s5  2026-02-24 10:00  planned  鈴木 venue 0                            → held (attendance recorded)
 *   s6  2026-03-03 10:00  live     nobody                                  → held
 * A2: 2026-02-12 高橋 venue 60.  B1: 2026-02-12 B 太郎 venue 60.
 */
export async function buildScenario(server: TestApp) {
  const db = server.db.db;
  const orgA = await addOrganisation(db, { name: 'あおば市 地域包括支援センター' });
  const orgB = await addOrganisation(db, { name: 'ひかり町 社会福祉協議会' });
  const a1 = await addVenue(db, orgA, { name: 'あおば会館' });
  const a2 = await addVenue(db, orgA, { name: 'みどり公民館' });
  const b1 = await addVenue(db, orgB, { name: 'ひかり集会所' });

  const sato = await addParticipant(db, orgA, { displayName: '佐藤 一郎', kana: 'さとう いちろう', venueIds: [a1] });
  const suzuki = await addParticipant(db, orgA, { displayName: '鈴木 よし子', kana: 'すずき よしこ', venueIds: [a1] });
  const tanaka = await addParticipant(db, orgA, { displayName: '田中 実', kana: 'たなか みのる', venueIds: [a1] });
  const yamada = await addParticipant(db, orgA, { displayName: '山田, "ハナ" 花子', kana: 'やまだ はなこ', venueIds: [a1] });
  const takahashi = await addParticipant(db, orgA, { displayName: '高橋 進', kana: 'たかはし すすむ', venueIds: [a2] });
  const taro = await addParticipant(db, orgB, { displayName: 'B 太郎', kana: 'びー たろう', venueIds: [b1] });

  const s3 = await addSession(db, a1, { startsAt: '2026-01-31T14:00:00Z', status: 'ended' });
  const s1 = await addSession(db, a1, { startsAt: '2026-01-31T16:00:00Z', status: 'ended' });
  const s2 = await addSession(db, a1, { startsAt: '2026-02-10T01:00:00Z', status: 'ended' });
  const s4 = await addSession(db, a1, { startsAt: '2026-02-17T01:00:00Z', status: 'planned' });
  const s5 = await addSession(db, a1, { startsAt: '2026-02-24T01:00:00Z', status: 'planned' });
  const s6 = await addSession(db, a1, { startsAt: '2026-03-03T01:00:00Z', status: 'live' });
  const a2s = await addSession(db, a2, { startsAt: '2026-02-12T01:00:00Z', status: 'ended' });
  const b1s = await addSession(db, b1, { startsAt: '2026-02-12T01:00:00Z', status: 'ended' });

  await addAttendance(db, { sessionId: s3, participantId: tanaka, mode: 'venue', minutesConnected: 90 });
  await addAttendance(db, { sessionId: s3, participantId: yamada, mode: 'online', minutesConnected: 30 });
  await addAttendance(db, { sessionId: s1, participantId: sato, mode: 'venue', minutesConnected: 60 });
  await addAttendance(db, { sessionId: s1, participantId: suzuki, mode: 'online', minutesConnected: 45 });
  await addAttendance(db, { sessionId: s2, participantId: sato, mode: 'online', minutesConnected: 50 });
  await addAttendance(db, { sessionId: s2, participantId: suzuki, mode: 'online', minutesConnected: 40 });
  await addAttendance(db, { sessionId: s2, participantId: tanaka, mode: 'phone', minutesConnected: 30 });
  await addAttendance(db, { sessionId: s5, participantId: suzuki, mode: 'venue', minutesConnected: 0 });
  await addAttendance(db, { sessionId: a2s, participantId: takahashi, mode: 'venue', minutesConnected: 60 });
  await addAttendance(db, { sessionId: b1s, participantId: taro, mode: 'venue', minutesConnected: 60 });

  const organiserA = await signedInUser(db, server, { organisationId: orgA, role: 'organiser' });
  const hostA = await signedInUser(db, server, { organisationId: orgA, role: 'host', venueIds: [a1] });
  const organiserB = await signedInUser(db, server, { organisationId: orgB, role: 'organiser' });

  return {
    orgA,
    orgB,
    venues: { a1, a2, b1 },
    people: { sato, suzuki, tanaka, yamada, takahashi, taro },
    sessions: { s1, s2, s3, s4, s5, s6, a2s, b1s },
    users: { organiserA, hostA, organiserB },
  };
}

export type Scenario = Awaited<ReturnType<typeof buildScenario>>;

/** GET with an optional session cookie. */
export function get(server: TestApp, path: string, cookie?: string): Promise<Response> {
  return server.fetch(path, cookie ? { headers: { cookie } } : {});
}

/** Expects an error answer and returns its body. */
export async function expectError(response: Response, status: number): Promise<ErrorBody> {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  return ErrorBody.parse(await response.json());
}
