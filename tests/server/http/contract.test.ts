import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '@shared/http/api';
import { routeUrl, type RouteTable } from '@shared/http/routes';
import { programRoutes } from '@shared/program/routes';
import { reportRoutes } from '@shared/reports/routes';
import { startTestApp, type TestApp } from '../../support/testApp';

/** The REST contract (shared/src/<feature>/routes.ts) is the API: the server registers it and nothing else. */
let server: TestApp;

beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => {
  await server?.close();
});

/** The app's own routes, outside any feature and hidden from the API document: health and the document itself. */
const OUTSIDE_THE_CONTRACT = ['GET /api/health', 'GET /api/openapi.json'];

const tables: readonly RouteTable[] = Object.values(API_ROUTES);
const contractRoutes = () =>
  tables.flatMap((table) => Object.values(table).map((route) => `${route.method} ${route.path} ${route.access}`));

describe('the REST contract', () => {
  it('every API route the server registers comes from a contract, with the access the contract gives it', () => {
    const registered = server.app.routeAccess
      .filter((route) => route.url.startsWith('/api/') && route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url} ${route.access}`)
      .filter((route) => !OUTSIDE_THE_CONTRACT.some((outside) => route.startsWith(`${outside} `)));
    expect(registered.sort()).toEqual(contractRoutes().sort());
  });

  it('names each route once: no two entries share a method and path', () => {
    const routes = contractRoutes().map((route) => route.split(' ').slice(0, 2).join(' '));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('documents every contract route in the OpenAPI document, with its success status', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    const missing: string[] = [];
    for (const table of tables) {
      for (const route of Object.values(table)) {
        const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        const status = String(route.status ?? 200);
        if (!doc.paths[path]?.[route.method.toLowerCase()]?.responses[status]) missing.push(`${route.method} ${route.path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('builds addresses from a route: parameters and query values encoded, undefined values left out', () => {
    expect(routeUrl(programRoutes.videoFile, { params: { videoId: 'a/b c' }, query: { exp: 12, sig: undefined } })).toBe(
      '/api/videos/a%2Fb%20c/file?exp=12',
    );
    expect(routeUrl(reportRoutes.attendanceCsv, { query: { from: '2026-04-01', to: '2026-04-30', venueIds: 'v1,v2' } })).toBe(
      '/api/reports/attendance.csv?from=2026-04-01&to=2026-04-30&venueIds=v1%2Cv2',
    );
  });
});
