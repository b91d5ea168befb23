import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CurrentUser } from '@shared/auth/schemas';
import { auditLog, users } from '../../../server/src/db/schema';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;

beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => {
  await server?.close();
});

const account = (role: 'organiser' | 'host') => server.demo.newAccounts.find((a) => a.role === role)!;

describe('signing in', () => {
  it('sets an http-only SameSite cookie and answers who is signed in', async () => {
    const { email, password } = account('host');
    const login = await server.api('POST', '/api/auth/login', { body: { email: email.toUpperCase(), password } });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^kayoi_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await server.api('GET', '/api/auth/me', { cookie });
    expect(CurrentUser.parse(me.body)).toMatchObject({ role: 'host', venueIds: ['ven_demo'] });
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS, and an unknown email the same way', async () => {
    const wrong = await server.api('POST', '/api/auth/login', { body: { email: account('host').email, password: 'not-it' } });
    const unknown = await server.api('POST', '/api/auth/login', { body: { email: 'nobody@example.jp', password: 'not-it' } });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
  });

  it('rejects a malformed login with 400 naming the field', async () => {
    const bad = await server.api('POST', '/api/auth/login', { body: { email: 'not an email', password: 'x' } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.email' } });
  });

  it('signs out: the cookie no longer works', async () => {
    const cookie = await server.login('organiser');
    expect((await server.api('POST', '/api/auth/logout', { cookie })).status).toBe(200);
    expect(await server.api('GET', '/api/auth/me', { cookie })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('changes the password: the old one stops working, other sessions end, and it is audited', async () => {
    const { email, password } = account('organiser');
    const cookie = await server.login('organiser');
    const otherDevice = await server.login('organiser');
    const tooShort = await server.api('POST', '/api/auth/password', {
      cookie,
      body: { currentPassword: password, newPassword: 'short' },
    });
    expect(tooShort).toMatchObject({ status: 400, body: { field: 'body.newPassword' } });
    const wrongCurrent = await server.api('POST', '/api/auth/password', {
      cookie,
      body: { currentPassword: 'wrong', newPassword: 'a-new-long-password' },
    });
    expect(wrongCurrent.status).toBe(401);

    const changed = await server.api('POST', '/api/auth/password', {
      cookie,
      body: { currentPassword: password, newPassword: 'a-new-long-password' },
    });
    expect(changed.status).toBe(200);
    expect((await server.api('GET', '/api/auth/me', { cookie })).status).toBe(200);
    expect((await server.api('GET', '/api/auth/me', { cookie: otherDevice })).status).toBe(401);
    expect((await server.api('POST', '/api/auth/login', { body: { email, password } })).status).toBe(401);
    expect((await server.api('POST', '/api/auth/login', { body: { email, password: 'a-new-long-password' } })).status).toBe(200);
    const audits = (await server.db.db.select().from(auditLog)).filter((a) => a.action === 'password.change');
    expect(audits).toHaveLength(1);
  });

  it('stores only a scrypt hash of passwords', async () => {
    const rows = await server.db.db.select({ hash: users.passwordHash }).from(users);
    for (const row of rows) expect(row.hash).toMatch(/^scrypt\$/);
  });
});

describe('the OpenAPI document', () => {
  it('describes the API routes with their schemas', async () => {
    const doc = await server.api<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/venues',
        '/api/sessions/{sessionId}/attendance',
        '/api/venues/{venueId}/invite-cards',
      ]),
    );
  });
});
