import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOST_EMAIL, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { users } from '../../../server/src/db/schema';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let url: string;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.listen();
});
afterAll(async () => {
  await server?.close();
});

/**
 * A request that changes access is answered once the work its change started is done (the re-checks of the open
 * connections, realtime/revocation.ts), and waits for nothing else: another request's slow revocation holds only that
 * request. Here the work of the first change is held open by a listener of the app's own AccessEvents (standing for
 * re-checks stuck on a slow database) until the test lets it finish.
 */
describe('answers after changes of access', () => {
  // Waiting for the other request's work would hold the sign-out until the test's time is up.
  it('holds a change’s answer until its own work is done, and answers another change meanwhile', { timeout: 15_000 }, async () => {
    const organiser = await server.login('organiser');
    const host = await server.login('host');
    const [hostUser] = await server.db.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_HOST_EMAIL));

    let finishWork!: () => void;
    let workDone = false;
    const slowWork = new Promise<void>((resolve) => (finishWork = resolve)).then(() => {
      workDone = true;
    });
    let held = false;
    const holdFirstChange = () => {
      if (held) return;
      held = true;
      server.services.access.track(slowWork);
    };
    server.services.access.on('userChanged', holdFirstChange);
    try {
      // The organiser changes the host's venues, over a real connection: the request's context must survive reading
      // its JSON body from the socket.
      let workDoneAtAnswer: boolean | undefined;
      const change = fetch(`${url}/api/staff/${hostUser!.id}/venues`, {
        method: 'PUT',
        headers: { cookie: organiser, origin: url, 'content-type': 'application/json' },
        body: JSON.stringify({ venueIds: [DEMO_VENUE_ID] }),
      }).then((answer) => {
        workDoneAtAnswer = workDone;
        return answer;
      });
      await expect.poll(() => held).toBe(true);

      // Meanwhile the host signs out: a change of access of its own, answered at once.
      const signOut = await server.api('POST', '/api/auth/logout', { cookie: host });
      expect(signOut.status).toBe(200);
      expect(workDoneAtAnswer).toBeUndefined();

      finishWork();
      expect((await change).status).toBe(200);
      expect(workDoneAtAnswer).toBe(true);
    } finally {
      server.services.access.off('userChanged', holdFirstChange);
      finishWork();
    }
  });
});
