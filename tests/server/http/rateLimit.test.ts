import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@shared/ack';
import { buildApp } from '../../../server/src/app';
import { loadConfig } from '../../../server/src/core/config';
import { createLogger } from '../../../server/src/core/logger';
import { startTestApp, type TestApp } from '../../support/testApp';

/** The per-address ceiling on the whole API (KAYOI_API_RATE_LIMIT), here lowered so a test can reach it. */
const PER_MINUTE = 20;
let server: TestApp;
let clientDir: string;

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Kayoi test page</title>');
  server = await startTestApp({ clientDistDir: clientDir, http: { apiRequestsPerMinute: PER_MINUTE } });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

describe('one address over the limit', () => {
  it(`gets 429 RATE_LIMITED with Retry-After after ${PER_MINUTE} API requests in a minute; health, pages and files are still served`, async () => {
    const invite = `/api/invites/${server.demo.invites[0]!.token}`;
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i++) statuses.push((await server.fetch(invite)).status);
    expect(statuses).toEqual(Array(PER_MINUTE).fill(200));

    const refused = await server.fetch(invite);
    expect(refused.status).toBe(429);
    expect(ErrorBody.parse(await refused.json())).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Every API route counts, signed in or not, known or not.
    expect((await server.fetch(`/api/auth/me`)).status).toBe(429);
    expect((await server.fetch(`/api/no-such-route`)).status).toBe(429);

    expect((await server.fetch(`/api/health`)).status).toBe(200);
    for (const page of ['/', '/index.html', '/j/some-token', `/venue/${server.demo.sessionId}`]) {
      expect((await server.fetch(page)).status, page).toBe(200);
    }
  });

  it('cannot get round the limit by sending X-Forwarded-For when no proxy is trusted (the default)', async () => {
    const response = await server.fetch(`/api/invites/${server.demo.invites[0]!.token}`, {
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expect(response.status).toBe(429);
  });
});

describe('behind a trusted reverse proxy (KAYOI_TRUST_PROXY)', () => {
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-proxy-'));
    const config = loadConfig({
      KAYOI_DB_PATH: path.join(dir, 'unused.sqlite'),
      LOG_LEVEL: 'silent',
      CLIENT_DIST_DIR: dir,
      KAYOI_TRUST_PROXY: '127.0.0.1',
      KAYOI_API_RATE_LIMIT: '3',
    });
    app = await buildApp(config, createLogger('silent'), server.services);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const whoAmI = (from: { proxy?: string; client?: string }) =>
    app.inject({
      method: 'GET',
      url: '/api/auth/me',
      remoteAddress: from.proxy ?? '127.0.0.1',
      headers: from.client ? { 'x-forwarded-for': from.client } : {},
    });

  it('counts each client behind the proxy on its own: one client over the limit does not stop the next', async () => {
    const first = [];
    for (let i = 0; i < 4; i++) first.push((await whoAmI({ client: '203.0.113.1' })).statusCode);
    expect(first).toEqual([401, 401, 401, 429]);
    expect((await whoAmI({ client: '203.0.113.2' })).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For from an address that is not the trusted proxy', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await whoAmI({ proxy: '198.51.100.9', client: `203.0.113.${10 + i}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
