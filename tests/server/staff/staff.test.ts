import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessLinkInfo, CurrentUser } from '@shared/auth/schemas';
import { StaffAccessLink, StaffMember, VenueHosts } from '@shared/staff/schemas';
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
const auditsOf = (userId: string) => server.db.db.select().from(auditLog).where(eq(auditLog.entityId, userId));

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
    expect(await auditsOf('usr_demo_host')).toEqual([]);
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
    expect((await auditsOf(host.id)).map((a) => [a.action, a.actorUserId])).toEqual([
      ['user.disable', 'usr_demo_organiser'],
      ['user.enable', 'usr_demo_organiser'],
    ]);
  });

  it('refuses an organiser stopping their own account, and the account keeps working', async () => {
    const refused = await server.api('POST', '/api/staff/usr_demo_organiser/disable', { cookie: organiser });
    expect(refused).toMatchObject({ status: 403, body: { code: 'NOT_ALLOWED' } });
    expect((await server.api('GET', '/api/auth/me', { cookie: organiser })).status).toBe(200);
    expect((await auditsOf('usr_demo_organiser')).filter((a) => a.action === 'user.disable')).toEqual([]);
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
    expect(await auditsOf(host.id)).toEqual([
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
    expect(await auditsOf(host.id)).toEqual([]);
  });
});

describe('adding staff by email', () => {
  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

  it('adds a host with venues (201, audited) and answers a one-time link with which they set a password and are signed in', async () => {
    const added = await server.api<StaffAccessLink>('POST', '/api/staff', {
      cookie: organiser,
      body: { email: 'Tanaka.Host@Example.jp', displayName: '田中 花子', role: 'host', venueIds: [DEMO_VENUE_ID] },
    });
    expect(added.status).toBe(201);
    const { member, url, expiresAt } = StaffAccessLink.parse(added.body);
    expect(member).toMatchObject({ email: 'tanaka.host@example.jp', role: 'host', venueIds: [DEMO_VENUE_ID], passwordSet: false });
    expect(url).toMatch(/\/welcome\/[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(await auditsOf(member.id)).toEqual([
      expect.objectContaining({
        action: 'user.invite',
        actorUserId: 'usr_demo_organiser',
        after: expect.objectContaining({ role: 'host' }),
      }),
    ]);

    const used = await server.api<CurrentUser>('POST', `/api/auth/links/${tokenOf(url)}`, { body: { password: 'ひみつのパスワード123' } });
    expect(used).toMatchObject({ status: 200, body: { id: member.id, venueIds: [DEMO_VENUE_ID] } });
    const list = await server.api<StaffMember[]>('GET', '/api/staff', { cookie: organiser });
    expect(list.body.find((m) => m.id === member.id)?.passwordSet).toBe(true);
  });

  it('refuses an email already in use (409 on email), another organisation’s venue (404 on venueIds), venues for an organiser', async () => {
    const demoHostEmail = server.demo.newAccounts.find((a) => a.role === 'host')!.email;
    const duplicate = await server.api('POST', '/api/staff', {
      cookie: organiser,
      body: { email: demoHostEmail.toUpperCase(), displayName: '同じメール', role: 'organiser' },
    });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'email' } });
    const twice = await Promise.all(
      [1, 2].map(() =>
        server.api('POST', '/api/staff', {
          cookie: organiser,
          body: { email: 'twice@example.jp', displayName: '二度', role: 'organiser' },
        }),
      ),
    );
    expect(twice.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const other = await createOtherOrganisation(server);
    const foreign = await server.api('POST', '/api/staff', {
      cookie: organiser,
      body: { email: 'foreign-venue@example.jp', displayName: '他団体', role: 'host', venueIds: [other.venueId] },
    });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'venueIds' } });
    const organiserWithVenues = await server.api('POST', '/api/staff', {
      cookie: organiser,
      body: { email: 'org-venues@example.jp', displayName: '運営', role: 'organiser', venueIds: [DEMO_VENUE_ID] },
    });
    expect(organiserWithVenues).toMatchObject({ status: 403, body: { field: 'venueIds' } });
    const badEmail = await server.api('POST', '/api/staff', { cookie: organiser, body: { email: 'nope', displayName: 'x', role: 'host' } });
    expect(badEmail).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.email' } });
    const host = await server.login('host');
    expect(
      await server.api('POST', '/api/staff', { cookie: host, body: { email: 'by-host@example.jp', displayName: 'x', role: 'host' } }),
    ).toMatchObject({ status: 403 });
    const list = await server.api<StaffMember[]>('GET', '/api/staff', { cookie: organiser });
    expect(list.body.map((m) => m.email)).not.toEqual(
      expect.arrayContaining(['foreign-venue@example.jp', 'org-venues@example.jp', 'by-host@example.jp']),
    );
  });
});

describe('resetting a staff member’s access', () => {
  it('ends their password and sign-ins at once, answers a new link (the old one stops), and is audited', async () => {
    const host = await newHost();
    const cookie = await server.signIn(host);
    const reset = await server.api<StaffAccessLink>('POST', `/api/staff/${host.id}/reset-access`, { cookie: organiser });
    expect(reset.status).toBe(200);
    const { url, member } = StaffAccessLink.parse(reset.body);
    expect(member.passwordSet).toBe(false);
    expect(await server.api('GET', '/api/auth/me', { cookie })).toMatchObject({ status: 401 });
    expect((await server.api('POST', '/api/auth/login', { body: host })).status).toBe(401);

    const again = await server.api<StaffAccessLink>('POST', `/api/staff/${host.id}/reset-access`, { cookie: organiser });
    const oldToken = new URL(url).pathname.split('/').pop()!;
    expect(await server.api('POST', `/api/auth/links/${oldToken}`, { body: { password: 'a brand new password' } })).toMatchObject({
      status: 404,
      body: { code: 'INVALID_TOKEN' },
    });
    const newToken = new URL(again.body.url).pathname.split('/').pop()!;
    expect((await server.api('POST', `/api/auth/links/${newToken}`, { body: { password: 'a brand new password' } })).status).toBe(200);
    expect((await auditsOf(host.id)).map((a) => a.action)).toEqual(['user.resetAccess', 'user.resetAccess', 'password.set']);
  });

  it('answers 404 for an unknown or another organisation’s account, 403 for oneself; a stopped account’s link is refused', async () => {
    expect(await server.api('POST', '/api/staff/usr_nobody/reset-access', { cookie: organiser })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    const other = await createOtherOrganisation(server);
    expect(await server.api('POST', '/api/staff/usr_demo_host/reset-access', { cookie: other.cookie })).toMatchObject({ status: 404 });
    expect(await server.api('POST', '/api/staff/usr_demo_organiser/reset-access', { cookie: organiser })).toMatchObject({ status: 403 });
    expect((await auditsOf('usr_demo_host')).filter((a) => a.action === 'user.resetAccess')).toEqual([]);

    const host = await newHost();
    const reset = await server.api<StaffAccessLink>('POST', `/api/staff/${host.id}/reset-access`, { cookie: organiser });
    await server.api('POST', `/api/staff/${host.id}/disable`, { cookie: organiser });
    const token = new URL(reset.body.url).pathname.split('/').pop()!;
    expect(await server.api('POST', `/api/auth/links/${token}`, { body: { password: 'stopped account pw' } })).toMatchObject({
      status: 403,
      body: { code: 'ACCOUNT_DISABLED' },
    });
  });

  it('rejects a malformed link token (400) and a password that is too short (400 on password), spending nothing', async () => {
    const host = await newHost();
    const reset = await server.api<StaffAccessLink>('POST', `/api/staff/${host.id}/reset-access`, { cookie: organiser });
    const token = new URL(reset.body.url).pathname.split('/').pop()!;
    expect(await server.api('GET', '/api/auth/links/not%20a%20token')).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD' } });
    expect(await server.api('POST', `/api/auth/links/${token}`, { body: { password: 'short' } })).toMatchObject({
      status: 400,
      body: { field: 'body.password' },
    });
    expect((await server.api<AccessLinkInfo>('GET', `/api/auth/links/${token}`)).body.state).toBe('valid');
  });
});

describe('who hosts a venue', () => {
  it('shows a host the names of the venue’s active hosts, and nothing of a venue they do not host (404)', async () => {
    const colleague = await newHost();
    const stopped = await newHost();
    await server.api('POST', `/api/staff/${stopped.id}/disable`, { cookie: organiser });
    const host = await server.login('host');
    const hosts = await server.api<VenueHosts>('GET', `/api/staff/venues/${DEMO_VENUE_ID}/hosts`, { cookie: host });
    expect(hosts.status).toBe(200);
    const names = VenueHosts.parse(hosts.body).map((h) => h.displayName);
    expect(names).toContain(colleague.email);
    expect(names).not.toContain(stopped.email);
    expect(Object.keys(hosts.body[0]!)).toEqual(['displayName']);
    expect(await server.api('GET', `/api/staff/venues/${DEMO_VENUE_2_ID}/hosts`, { cookie: host })).toMatchObject({ status: 404 });
    expect(await server.api('GET', `/api/staff/venues/${DEMO_VENUE_ID}/hosts`)).toMatchObject({ status: 401 });
  });
});
