import { inlinePasswordHasher } from '../../server/src/auth/passwords';
import { AuthService } from '../../server/src/auth/service';
import { newId, newSecret } from '../../server/src/db/ids';
import { invites, organisations, participants, sessions, venueMembers, venues } from '../../server/src/db/schema';
import { todayInJapanAt } from '@shared/japanTime';
import type { TestApp } from './testApp';
import type { TestServer } from './testServer';

/** A second organisation B with one venue, one participant, today's session and its own organiser. */
export async function createOtherOrganisation(server: TestApp | TestServer) {
  const db = server.db.db;
  const organisationId = newId('org');
  const venueId = newId('ven');
  const participantId = newId('par');
  const sessionId = newSecret();
  const token = newSecret();
  await db.insert(organisations).values({ id: organisationId, name: '別の市' });
  await db.insert(venues).values({ id: venueId, organisationId, name: '別の市 集会所' });
  await db.insert(participants).values({ id: participantId, organisationId, displayName: '別所 太郎', kana: 'べっしょ たろう' });
  await db.insert(venueMembers).values({ venueId, participantId });
  await db.insert(invites).values({ token, participantId, venueId });
  await db
    .insert(sessions)
    .values({ id: sessionId, venueId, title: 'B の体操', startsAt: todayInJapanAt(13, 0), endsAt: todayInJapanAt(14, 0) });
  const email = `organiser-${organisationId}@example.jp`;
  await new AuthService(db, { passwords: inlinePasswordHasher }).createUser({
    organisationId,
    email,
    displayName: 'B 担当',
    role: 'organiser',
    password: 'organiser-b-password',
  });
  const cookie = await server.signIn({ email, password: 'organiser-b-password' });
  return { organisationId, venueId, participantId, sessionId, token, cookie };
}
