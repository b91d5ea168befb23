import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '@shared/ack';
import { buildApp } from '../../../server/src/app';
import { loadConfig } from '../../../server/src/core/config';
import { createLogger } from '../../../server/src/core/logger';
import { startTestApp, type TestApp } from '../../support/testApp';

/** Authentication before validation: who may call which route is checked before a byte of input is looked at. */
let server: TestApp;
let host: string;

beforeAll(async () => {
  server = await startTestApp();
  host = await server.login('host');
});
afterAll(async () => {
  await server?.close();
});

/** The routes anyone may call: sign-in/out, health, the API document, the join and venue pages' lookups, signed video links. */
const PUBLIC_ROUTES = [
  // A staff member's one-time set-password link (they are not signed in yet).
  'GET /api/auth/links/:token',
  'GET /api/health',
  'GET /api/invites/:token',
  // A video letter's file by its signed link (from a letter link), else the staff's sign-in.
  'GET /api/letters/:letterId/file',
  'GET /api/openapi.json',
  'GET /api/sessions/:sessionId',
  'GET /api/videos/:videoId/file',
  'POST /api/auth/links/:token',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  // A video letter's personal link; a recorded message with an invite token (or the host's sign-in).
  'POST /api/letter-links/:token/view',
  'POST /api/letters/messages',
];

const apiRoutes = () => server.app.routeAccess.filter((r) => r.url.startsWith('/api/'));
const routeName = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Every kind of bad input at once: bad params, a query with wrong and oversized values, a JSON body of nonsense. */
function garbageRequest(route: { method: string; url: string }, cookie?: string) {
  const url = route.url.replace(/:[A-Za-z]+/g, 'x'.repeat(300));
  const query = `from=0000-01-01&to=9999-12-31&month=13&sessions=-1&absences=many&title=&venueIds=${'v,'.repeat(3000)}`;
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
  return server.raw<ErrorBody | string>(route.method, `${url}?${query}`, {
    headers: { ...(cookie ? { cookie } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { body: JSON.stringify({ garbage: [1, { nested: 'x'.repeat(1000) }], segments: 'no' }) } : {}),
  });
}

describe('who may call what', () => {
  it('only the listed routes are public: a new API route is closed unless it says otherwise', () => {
    const open = apiRoutes().filter((r) => r.access === 'public' && r.method !== 'HEAD');
    expect(open.map(routeName).sort()).toEqual(PUBLIC_ROUTES);
    expect(apiRoutes().length).toBeGreaterThan(40);
  });

  it('every other API route answers an anonymous request with bad input 401 UNAUTHENTICATED, never a schema error', async () => {
    const closed = apiRoutes().filter((r) => r.access !== 'public');
    const answers: string[] = [];
    for (const route of closed) {
      const { status, body } = await garbageRequest(route);
      const code = route.method === 'HEAD' ? '' : (body as ErrorBody).code;
      const field = route.method === 'HEAD' ? undefined : (body as ErrorBody).field;
      answers.push(`${routeName(route)} → ${status} ${code}${field ? ` ${field}` : ''}`);
    }
    expect(answers).toEqual(closed.map((route) => `${routeName(route)} → 401 ${route.method === 'HEAD' ? '' : 'UNAUTHENTICATED'}`));
  });

  it('every organisers-only route answers a host with bad input 403 NOT_ALLOWED before validating it', async () => {
    const organisersOnly = apiRoutes().filter((r) => r.access === 'organiser' && r.method !== 'HEAD');
    expect(organisersOnly.map(routeName)).toEqual(
      expect.arrayContaining([
        'GET /api/reports/dashboard',
        'GET /api/reports/attendance.xlsx',
        'GET /api/reports/checkins.csv',
        'POST /api/venues',
        'POST /api/organisations/:organisationId/videos',
      ]),
    );
    const answers: string[] = [];
    for (const route of organisersOnly) {
      const { status, body } = await garbageRequest(route, host);
      answers.push(`${routeName(route)} → ${status} ${(body as ErrorBody).code}`);
    }
    expect(answers).toEqual(organisersOnly.map((route) => `${routeName(route)} → 403 NOT_ALLOWED`));
  });

  it('the export from the issue: an anonymous request with a bad query gets 401, not the schema’s details', async () => {
    const response = await server.raw<ErrorBody>('GET', '/api/reports/attendance.xlsx?from=nonsense');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: 'Sign in first' });
  });

  it('public routes still validate their input (400 naming the field)', async () => {
    const response = await server.raw<ErrorBody>('GET', `/api/invites/${'a'.repeat(300)}`);
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('params.token');
  });
});

describe('a route that declares nothing', () => {
  it('needs a signed-in user: 401 for a stranger, 200 for a signed-in host', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-access-'));
    const config = loadConfig({ KAYOI_DB_PATH: path.join(dir, 'unused.sqlite'), LOG_LEVEL: 'silent', CLIENT_DIST_DIR: dir });
    const app = await buildApp(config, createLogger('silent'), server.services);
    app.get('/api/forgot-to-declare', async () => ({ secret: 42 }));
    try {
      const anonymous = await app.inject({ method: 'GET', url: '/api/forgot-to-declare' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      const signedIn = await app.inject({ method: 'GET', url: '/api/forgot-to-declare', headers: { cookie: host } });
      expect(signedIn.json()).toEqual({ secret: 42 });
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
