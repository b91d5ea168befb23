import { afterAll, describe, expect, it } from 'vitest';
import { PasswordPool } from '../../../server/src/auth/passwords';
import { RetryLaterError } from '../../../server/src/core/errors';
import { startTestApp, type TestApp } from '../../support/testApp';

describe('the password pool (scrypt on its own worker thread)', () => {
  const pool = new PasswordPool({ threads: 1, maxQueue: 1 });
  afterAll(async () => {
    await pool.close();
  });

  it('hashes in the worker and checks the right and a wrong password', async () => {
    const stored = await pool.hash('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await pool.verify('correct horse battery staple', stored)).toBe(true);
    expect(await pool.verify('wrong', stored)).toBe(false);
  });

  it('leaves the event loop free while it hashes: a callback queued after the hash runs before the hash is done', async () => {
    const order: string[] = [];
    const hashed = pool.hash('a password').then(() => order.push('hash'));
    setImmediate(() => order.push('event loop'));
    await hashed;
    expect(order).toEqual(['event loop', 'hash']);
  });

  it('refuses at once with SERVER_BUSY (and a retry time) when its queue is full, and keeps working', async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => pool.hash(`password ${i}`)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    // One thread and a queue of one: of six requests made at once, at most two are taken.
    expect(refused.length).toBeGreaterThanOrEqual(4);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(RetryLaterError);
      expect(reason).toMatchObject({ code: 'SERVER_BUSY', retryAfterSeconds: 1 });
    }
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(await pool.verify('x', await pool.hash('x'))).toBe(true);
  });
});

describe('sign-in when the password queue is full', () => {
  let server: TestApp;
  afterAll(async () => {
    await server?.close();
  });

  it('answers 503 SERVER_BUSY with Retry-After instead of queueing, then signs in normally', async () => {
    server = await startTestApp({ passwordPool: { threads: 1, maxQueue: 1 } });
    const host = server.demo.newAccounts.find((a) => a.role === 'host')!;
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.api('POST', '/api/auth/login', { body: { email: `nobody-${i}@example.jp`, password: 'wrong password' } }),
      ),
    );
    const busy = attempts.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of busy) {
      expect(answer.body).toMatchObject({ ok: false, code: 'SERVER_BUSY' });
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    expect(attempts.every((a) => a.status === 503 || a.status === 401)).toBe(true);
    expect((await server.api('POST', '/api/auth/login', { body: { email: host.email, password: host.password } })).status).toBe(200);
  });
});
