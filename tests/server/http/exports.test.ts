import { once } from 'node:events';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '@shared/ack';
import { HTTP_LIMITS } from '@shared/limits';
import { addBulkAttendance, addOrganisation, signedInUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';

/**
 * The ceiling on exports running at once (2 on the server, 1 per user). An export is held open by a client that
 * stops reading: 100,000 rows (about 6 MB of CSV) are more than the connection's buffers take, so the server's
 * stream waits, mid-way, for as long as the client does not read.
 */
let server: TestApp;
/** This app listens: the test needs real connections. */
let baseUrl: string;
let organisers: { a: string; b: string; c: string };

beforeAll(async () => {
  server = await startTestApp();
  baseUrl = await server.listen();
  const db = server.db.db;
  const org = await addOrganisation(db, { name: '大きな市' });
  await addBulkAttendance(db, org, { venues: 20, sessionsPerVenue: 50, participants: 100, firstStartsAt: '2025-04-07T01:00:00Z' });
  const organiser = async () => (await signedInUser(db, server, { organisationId: org, role: 'organiser' })).cookie;
  organisers = { a: await organiser(), b: await organiser(), c: await organiser() };
});
afterAll(async () => {
  await server?.close();
});

const YEAR = 'from=2025-04-01&to=2026-03-31';
const ONE_DAY = 'from=2025-04-07&to=2025-04-07';

/** A download that has started and is not being read: the server's export waits. */
async function heldExport(cookie: string, format: 'csv' | 'xlsx' = 'csv') {
  const request = http.get(new URL(`/api/reports/attendance.${format}?${YEAR}`, baseUrl), { headers: { cookie }, agent: false });
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  expect(response.statusCode).toBe(200);
  await once(response, 'readable');
  response.pause();
  return {
    /** Reads the rest of the file; resolves with its size once the last byte has arrived. */
    async finish(): Promise<number> {
      let bytes = 0;
      for await (const chunk of response) bytes += (chunk as Buffer).length;
      return bytes;
    },
  };
}

const exportFor = (cookie: string, path = `/api/reports/attendance.csv?${ONE_DAY}`) =>
  server.api<ErrorBody | string>('GET', path, { cookie });

describe(`at most ${HTTP_LIMITS.exportsAtOnce} exports at once, ${HTTP_LIMITS.exportsPerUser} per user`, () => {
  it('refuses a third export with 429 RATE_LIMITED and Retry-After while two are running; once they finish, exports work again', async () => {
    const first = await heldExport(organisers.a);
    const second = await heldExport(organisers.b, 'xlsx');

    const refused = await exportFor(organisers.c);
    expect(refused.status).toBe(429);
    expect((refused.body as ErrorBody).code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBe(HTTP_LIMITS.exportRetryAfterSeconds);
    // The wellbeing export shares the ceiling.
    expect((await exportFor(organisers.c, `/api/reports/checkins.csv?${ONE_DAY}`)).status).toBe(429);
    // Other requests are answered meanwhile.
    expect((await server.fetch(`/api/health`)).status).toBe(200);

    expect(await second.finish()).toBeGreaterThan(0);
    const afterOne = await exportFor(organisers.c);
    expect(afterOne.status).toBe(200);
    expect(afterOne.body).toContain('会場,日付,氏名');

    expect(await first.finish()).toBeGreaterThan(1_000_000);
    expect((await exportFor(organisers.c)).status).toBe(200);
  });

  it('refuses a second export of the same user while the first runs, even with a slot free on the server', async () => {
    const running = await heldExport(organisers.a);
    const again = await exportFor(organisers.a, `/api/reports/checkins.xlsx?${ONE_DAY}`);
    expect(again.status).toBe(429);
    expect((again.body as ErrorBody).code).toBe('RATE_LIMITED');
    expect((await exportFor(organisers.b)).status).toBe(200);
    await running.finish();
    expect((await exportFor(organisers.a)).status).toBe(200);
  });

  it('frees the slot of a download the client abandons', async () => {
    const request = http.get(new URL(`/api/reports/attendance.csv?${YEAR}`, baseUrl), {
      headers: { cookie: organisers.a },
      agent: false,
    });
    const [response] = (await once(request, 'response')) as [http.IncomingMessage];
    await once(response, 'readable');
    request.destroy();
    // The server sees the connection close on its next turns; wait for the slot, however long that takes.
    let status = 429;
    while (status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await exportFor(organisers.a)).status;
    }
    expect(status).toBe(200);
  });

  it('a refused export (another organisation’s venue) does not keep its slot', async () => {
    const missing = await exportFor(organisers.a, `/api/reports/attendance.csv?${ONE_DAY}&venueIds=ven_elsewhere`);
    expect(missing.status).toBe(404);
    expect((await exportFor(organisers.a)).status).toBe(200);
  });
});
