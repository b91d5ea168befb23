import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CurrentUser } from '@shared/auth/schemas';
import { StaffMember } from '@shared/staff/schemas';
import { auditLog } from '../../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_2_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { insertUser } from '../../support/fixtures';
import { createOtherOrganisation } from '../../support/otherOrganisation';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let organiser: string;

beforeAll(async () => {
  server = await startTestApp();
  organiser = await server.login('organiser');
});
afterAll(async () => {
  await server?.close();
});

const newHost = (venueIds = [DEMO_VENUE_ID]) => insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host', venueIds });
const auditsOf = (userId: string) => server.db.db.select().from(auditLog).where(eq(auditLog.entityId, userId)).all();

describe('the staff list', () => {
  it('lists the organisation’s organisers and hosts with their venues, none locked or stopped', async () => {
    const list = await server.api<StaffMember[]>('GET', '/api/staff', { cookie: organiser });
    expect(list.status).toBe(200);
    const staff = list.body.map((m) => StaffMember.parse(m));
    expect(staff.find((m) => m.id === 'usr_demo_host')).toMatchObject({
      role: 'host',
      venueIds: [DEMO_VENUE_ID],
      lockedUntil: null,
      disabledAt: null,
    });
    expect(staff.find((m) => m.id === 'usr_demo_organiser')).toMatchObject({ role: 'organiser', venueIds: [] });
  });

  it('is for organisers only: 401 before validation for a stranger, 403 for a host', async () => {
    expect(await server.api('GET', '/api/staff')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const junk = await server.api('PUT', '/api/staff/usr_demo_host/venues', { body: { venueIds: 'not a list' } });
    expect(junk).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const host = await server.login('host');
    expect(await server.api('GET', '/api/staff', { cookie: host })).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    expect(await server.api('POST', '/api/staff/usr_demo_host/disable', { cookie: host })).toMatchObject({ status: 403 });
  });

  it('answers 404 for another organisation’s accounts, and lists only its own', async () => {
    const other = await createOtherOrganisation(server);
    const theirs = await server.api<StaffMember[]>('GET', '/api/staff', { cookie: other.cookie });
    expect(theirs.body.map((m) => m.email)).toEqual([`organiser-${other.organisationId}@example.jp`.toLowerCase()]);
    for (const [method, action, body] of [
      ['POST', 'unlock', undefined],
      ['POST', 'disable', undefined],
      ['POST', 'enable', undefined],
      ['PUT', 'venues', { venueIds: [other.venueId] }],
    ] as const) {
      const answer = await server.api(method, `/api/staff/usr_demo_host/${action}`, { cookie: other.cookie, body });
      expect(answer, action).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
    expect(auditsOf('usr_demo_host')).toEqual([]);
  });
});

describe('stopping an account', () => {
  it('ends its sessions at once, refuses its right password with 403 ACCOUNT_DISABLED, and is audited; re-enabling lets it sign in', async () => {
    const host = await newHost();
    const cookie = await server.signIn(host);
    const stopped = await server.api<StaffMember>('POST', `/api/staff/${host.id}/disable`, { cookie: organiser });
    expect(stopped.status).toBe(200);
    expect(Date.parse(stopped.body.disabledAt!)).toBeGreaterThan(0);
    expect(await server.api('GET', '/api/auth/me', { cookie })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await server.api('POST', '/api/auth/login', { body: host })).toMatchObject({
      status: 403,
      body: { code: 'ACCOUNT_DISABLED' },
    });

    const enabled = await server.api<StaffMember>('POST', `/api/staff/${host.id}/enable`, { cookie: organiser });
    expect(enabled.body.disabledAt).toBeNull();
    expect((await server.api('POST', '/api/auth/login', { body: host })).status).toBe(200);
    expect(auditsOf(host.id).map((a) => [a.action, a.actorUserId])).toEqual([
      ['user.disable', 'usr_demo_organiser'],
      ['user.enable', 'usr_demo_organiser'],
    ]);
  });

  it('refuses an organiser stopping their own account, and the account keeps working', async () => {
    const refused = await server.api('POST', '/api/staff/usr_demo_organiser/disable', { cookie: organiser });
    expect(refused).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    expect((await server.api('GET', '/api/auth/me', { cookie: organiser })).status).toBe(200);
    expect(auditsOf('usr_demo_organiser').filter((a) => a.action === 'user.disable')).toEqual([]);
  });
});

describe('a host’s venues', () => {
  it('replaces the venues a host runs (audited before/after); the host’s sign-in sees the new ones at once', async () => {
    const host = await newHost();
    const cookie = await server.signIn(host);
    const changed = await server.api<StaffMember>('PUT', `/api/staff/${host.id}/venues`, {
      cookie: organiser,
      body: { venueIds: [DEMO_VENUE_2_ID] },
    });
    expect(changed).toMatchObject({ status: 200, body: { venueIds: [DEMO_VENUE_2_ID] } });
    const me = await server.api('GET', '/api/auth/me', { cookie });
    expect(CurrentUser.parse(me.body).venueIds).toEqual([DEMO_VENUE_2_ID]);
    expect(auditsOf(host.id)).toEqual([
      expect.objectContaining({ action: 'user.venues', before: { venueIds: [DEMO_VENUE_ID] }, after: { venueIds: [DEMO_VENUE_2_ID] } }),
    ]);
  });

  it('refuses another organisation’s venue (404 naming the field), an organiser’s venues (403) and a bad list (400)', async () => {
    const host = await newHost();
    const other = await createOtherOrganisation(server);
    const foreign = await server.api('PUT', `/api/staff/${host.id}/venues`, {
      cookie: organiser,
      body: { venueIds: [DEMO_VENUE_ID, other.venueId] },
    });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'venueIds' } });
    const ofOrganiser = await server.api('PUT', '/api/staff/usr_demo_organiser/venues', { cookie: organiser, body: { venueIds: [] } });
    expect(ofOrganiser).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    const twice = await server.api('PUT', `/api/staff/${host.id}/venues`, {
      cookie: organiser,
      body: { venueIds: [DEMO_VENUE_ID, DEMO_VENUE_ID] },
    });
    expect(twice).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD' } });
    const tooMany = await server.api('PUT', `/api/staff/${host.id}/venues`, {
      cookie: organiser,
      body: { venueIds: Array.from({ length: 201 }, (_, i) => `ven_${i}`) },
    });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.venueIds' } });
    expect(auditsOf(host.id)).toEqual([]);
  });
});
