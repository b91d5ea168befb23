import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaffMember } from '@shared/staff/schemas';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../../../server/src/auth/loginLimits';
import { DIALECT } from '../../../server/src/db/dialect';
import { auditLog, users } from '../../../server/src/db/schema';
import { DEMO_ORGANISATION_ID } from '../../../server/src/demo/seed';
import { insertUser } from '../../support/fixtures';
import { startTestApp, type TestApp } from '../../support/testApp';

const login = (server: TestApp, email: string, password: string) => server.api('POST', '/api/auth/login', { body: { email, password } });

/** Wrong passwords until the answer is not 401 any more; returns the 401s and the first other answer. */
async function failUntilRefused(server: TestApp, email: string, limit = 10) {
  const refused: Awaited<ReturnType<typeof login>>[] = [];
  for (let i = 0; i < limit; i++) {
    const answer = await login(server, email, `wrong password ${i}`);
    if (answer.status !== 401) return { wrong: refused, stop: answer };
    refused.push(answer);
  }
  throw new Error(`still 401 after ${limit} wrong passwords`);
}

describe('the lock of an account after wrong passwords (5 within 15 minutes)', () => {
  // The account rule as shipped; the address limit out of the way of this file's many wrong passwords.
  const loginLimits: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, address: { maxFailures: 1000, windowMs: 60_000 } };
  let server: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    // A data folder of our own, kept between the two servers of the restart test.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-lockout-'));
    server = await startTestApp({ dataDir, loginLimits });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('locks after the 5th wrong password: 429 ACCOUNT_LOCKED with Retry-After, and the right password is refused too', async () => {
    const host = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host' });
    const { wrong, stop } = await failUntilRefused(server, host.email);
    expect(wrong).toHaveLength(4);
    expect(wrong.every((a) => (a.body as { code: string }).code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(stop).toMatchObject({ status: 429, body: { ok: false, code: 'ACCOUNT_LOCKED' } });
    const retryAfter = Number(stop.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const right = await login(server, host.email, host.password);
    expect(right).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED' } });
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);

    const row = (await server.db.db.select().from(users).where(eq(users.id, host.id)))[0]!;
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const audits = await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, host.id));
    expect(audits).toEqual([expect.objectContaining({ action: 'user.lock', actorUserId: null, organisationId: DEMO_ORGANISATION_ID })]);
    expect(audits[0]!.after).toMatchObject({ failedLogins: 5, address: '127.0.0.1' });
  });

  it('shows the lock on the organiser’s staff list; the organiser lifts it (audited) and the right password works again', async () => {
    const host = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host', displayName: 'ロック 確認' });
    await failUntilRefused(server, host.email);
    const organiser = await server.login('organiser');

    const list = await server.api<StaffMember[]>('GET', '/api/staff', { cookie: organiser });
    const listed = list.body.find((m) => m.id === host.id)!;
    expect(Date.parse(listed.lockedUntil!)).toBeGreaterThan(Date.now());

    const lifted = await server.api<StaffMember>('POST', `/api/staff/${host.id}/unlock`, { cookie: organiser });
    expect(lifted).toMatchObject({ status: 200, body: { id: host.id, lockedUntil: null } });
    expect((await login(server, host.email, host.password)).status).toBe(200);
    const lift = (await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, host.id))).find((a) => a.action === 'user.unlock');
    expect(lift).toMatchObject({ actorUserId: 'usr_demo_organiser', before: { lockedUntil: listed.lockedUntil } });
  });

  it('starts counting again after a right password', async () => {
    const host = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host' });
    for (let i = 0; i < 4; i++) expect((await login(server, host.email, 'wrong password')).status).toBe(401);
    expect((await login(server, host.email, host.password)).status).toBe(200);
    const { wrong } = await failUntilRefused(server, host.email);
    expect(wrong).toHaveLength(4);
  });

  it('locks an email without an account the same way, so the answers do not tell which emails exist', async () => {
    const { wrong, stop } = await failUntilRefused(server, 'nobody-here@example.jp');
    expect(wrong).toHaveLength(4);
    expect(stop).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED' } });
    expect(Number(stop.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  // A test app started again on PostgreSQL gets a fresh database (tests/support/testDatabase.ts): the file is SQLite's.
  it.runIf(DIALECT === 'sqlite')('keeps the lock across a restart of the server (SQLite)', async () => {
    const host = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host' });
    await failUntilRefused(server, host.email);
    await server.close();
    server = await startTestApp({ dataDir, loginLimits });
    expect(await login(server, host.email, host.password)).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED' } });
  });
});

describe('the limit per address (failed sign-ins across accounts)', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({
      loginLimits: { account: { maxFailures: 50, windowMs: 60_000, lockMs: 60_000 }, address: { maxFailures: 6, windowMs: 600_000 } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once an address has failed too often, whatever the account and password', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await login(server, `person-${i}@example.jp`, 'wrong password')).status).toBe(401);
    }
    const host = server.demo.newAccounts.find((a) => a.role === 'host')!;
    const refused = await login(server, host.email, host.password);
    expect(refused).toMatchObject({ status: 429, body: { ok: false, code: 'RATE_LIMITED' } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Not an account lock: the demo host's account itself was never touched.
    const row = (await server.db.db.select().from(users).where(eq(users.email, host.email)))[0]!;
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });
});

/** What a burst of sign-ins sent all at once got: answers counted by `<status> <code>`. */
async function burst(server: TestApp, attempts: { email: string; password: string }[]): Promise<Record<string, number>> {
  const answers = await Promise.all(attempts.map((a) => login(server, a.email, a.password)));
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = `${answer.status} ${(answer.body as { code?: string }).code ?? ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('wrong passwords sent all at once get no more tries than the same sent one after another', () => {
  let server: TestApp;
  beforeAll(async () => {
    // The account rule as shipped; the address limit out of the way, except in its own test's server below.
    server = await startTestApp({ loginLimits: { ...DEFAULT_LOGIN_LIMITS, address: { maxFailures: 1000, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an account gets 5 tries from a burst of 12: four 401, the fifth locks it, the others are refused at once with 429, and the lock holds', async () => {
    const host = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host' });
    const counts = await burst(
      server,
      Array.from({ length: 12 }, (_, i) => ({ email: host.email, password: `wrong password ${i}` })),
    );
    expect(counts['401 INVALID_CREDENTIALS']).toBe(4);
    expect(counts['429 ACCOUNT_LOCKED']).toBeGreaterThanOrEqual(1);
    expect((counts['429 ACCOUNT_LOCKED'] ?? 0) + (counts['429 RATE_LIMITED'] ?? 0)).toBe(8);

    expect(await login(server, host.email, host.password)).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED' } });
    const row = (await server.db.db.select().from(users).where(eq(users.id, host.id)))[0]!;
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('an email without an account gets the same answers from the same burst as an account, so they do not tell which emails exist', async () => {
    const host = await insertUser(server.db.db, { organisationId: DEMO_ORGANISATION_ID, role: 'host' });
    const wrong = (email: string) => Array.from({ length: 12 }, (_, i) => ({ email, password: `wrong password ${i}` }));
    const [account, unknown] = await Promise.all([burst(server, wrong(host.email)), burst(server, wrong('nobody-at-once@example.jp'))]);
    const shape = (counts: Record<string, number>) => ({
      wrong: counts['401 INVALID_CREDENTIALS'],
      refused: (counts['429 ACCOUNT_LOCKED'] ?? 0) + (counts['429 RATE_LIMITED'] ?? 0),
    });
    expect(shape(unknown)).toEqual({ wrong: 4, refused: 8 });
    expect(shape(account)).toEqual(shape(unknown));
    expect(await login(server, 'nobody-at-once@example.jp', 'one more')).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED' } });
  });

  it('an address limited to 6 failures gets 6 tries from a burst of 15 at different emails; the others get 429 RATE_LIMITED', async () => {
    const limited = await startTestApp({
      loginLimits: { account: { maxFailures: 50, windowMs: 60_000, lockMs: 60_000 }, address: { maxFailures: 6, windowMs: 600_000 } },
    });
    try {
      const counts = await burst(
        limited,
        Array.from({ length: 15 }, (_, i) => ({ email: `burst-${i}@example.jp`, password: 'wrong password' })),
      );
      expect(counts).toEqual({ '401 INVALID_CREDENTIALS': 6, '429 RATE_LIMITED': 9 });
    } finally {
      await limited.close();
    }
  });
});
