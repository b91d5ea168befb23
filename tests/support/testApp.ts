import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse as InjectResponse } from 'fastify';
import { buildApp } from '../../server/src/app';
import { SESSION_COOKIE } from '../../server/src/auth/plugin';
import { createServices, type ServiceOptions, type Services } from '../../server/src/composition/services';
import { loadConfig, type Config } from '../../server/src/core/config';
import { createLogger } from '../../server/src/core/logger';
import type { DbHandle } from '../../server/src/db/client';
import { ensureDemo, type DemoSeed } from '../../server/src/demo/seed';
import { TEST_SESSION_DAY } from './clock';
import { openTestDatabase, type TestDatabase } from './testDatabase';

/**
 * The whole REST app on a temporary SQLite file (or, under npm run test:pg, a fresh PostgreSQL database) with the demo, without media workers, sockets or a listening
 * port: requests go through Fastify's `inject()`, the same routes, hooks and services as in production. For
 * tests of plain HTTP and data; tests that need the call (sockets, rooms, media) use startTestServer.
 */
export interface TestApp {
  app: FastifyInstance;
  db: DbHandle;
  services: Services;
  config: Config;
  demo: DemoSeed;
  dataDir: string;
  /** The origin inject()'s requests are addressed to (their Host header): what a page of this app sends as Origin. */
  origin: string;
  /** Signs in as the demo organiser or host and returns the Cookie header value (`kayoi_session=…`). */
  login(role: 'organiser' | 'host'): Promise<string>;
  /** Signs in with these credentials (fails the test if refused) and returns the Cookie header value. */
  signIn(credentials: { email: string; password: string }): Promise<string>;
  /** A JSON request: sends the cookie, returns status, parsed body (JSON if the answer is JSON) and headers. */
  api<T = unknown>(method: string, path: string, options?: ApiOptions): Promise<ApiAnswer<T>>;
  /** A request with exactly these headers and this body (as a browser on another site would send them). */
  raw<T = unknown>(method: string, path: string, options?: RawOptions): Promise<RawAnswer<T>>;
  /** Like `fetch(url, init)` on the app, answering a standard Response. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** For the few tests that need a real connection (TLS, a cut socket, another process): listens on a free port. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ApiOptions {
  cookie?: string;
  body?: unknown;
  headers?: Record<string, string>;
}
export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}
export interface RawOptions {
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The client's address (default 127.0.0.1). */
  remoteAddress?: string;
}
export interface RawAnswer<T> {
  status: number;
  body: T;
  headers: IncomingHttpHeaders;
}

export interface TestAppOptions extends ServiceOptions {
  /** Serve HTTPS with this certificate (only useful with `listen()`). */
  tls?: Config['tls'];
  /** The built client's folder (default dist/client). */
  clientDistDir?: string;
  /** Reuse a data folder; it is then left in place on close. */
  dataDir?: string;
  /** HTTP edge settings: the per-address API limit, trusted proxies, the public URL. */
  http?: Partial<Pick<Config, 'apiRequestsPerMinute' | 'trustProxy' | 'publicUrl'>>;
  /** The join window and auto-end; default TEST_SESSION_DAY (wide, so the demo's session is open all day). */
  sessionDay?: Config['sessionDay'];
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { clientDistDir, dataDir: reusedDir, http, tls, sessionDay, ...serviceOptions } = options;
  const dataDir = reusedDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-app-'));
  const config: Config = {
    ...loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      KAYOI_DB_PATH: path.join(dataDir, 'kayoi.sqlite'),
      KAYOI_SEED_DEMO: 'false',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      CLIENT_DIST_DIR: clientDistDir ?? path.join('dist', 'client'),
    }),
    ...http,
    tls,
    sessionDay: sessionDay ?? TEST_SESSION_DAY,
  };
  const logger = createLogger(config.logLevel);
  const database = await openTestDatabase(config.dbPath);
  const db = handleOf(database);
  const demo = await ensureDemo(db.db);
  const services = createServices(db.db, config, logger, serviceOptions);
  const app = await buildApp(config, logger, services);

  const inject = (request: InjectOptions): Promise<InjectResponse> => app.inject(request);
  const signIn = async (credentials: { email: string; password: string }) => {
    const response = await inject({ method: 'POST', url: '/api/auth/login', payload: credentials });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    if (!cookie) throw new Error('sign-in answered without a session cookie');
    return `${cookie.name}=${cookie.value}`;
  };
  let closed = false;
  return {
    app,
    db,
    services,
    config,
    demo,
    dataDir,
    origin: 'http://localhost:80',
    signIn,
    login: (role) => signIn(demo.newAccounts.find((a) => a.role === role)!),
    async api<T>(method: string, url: string, options: ApiOptions = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.cookie) headers.cookie = options.cookie;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await inject({
        method: method,
        url,
        headers,
        ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
      });
      return { status: response.statusCode, body: parseBody<T>(response), headers: toHeaders(response.headers) };
    },
    async raw<T>(method: string, url: string, options: RawOptions = {}) {
      const response = await inject({
        method: method,
        url,
        headers: { ...options.headers },
        remoteAddress: options.remoteAddress,
        ...(options.body === undefined ? {} : { payload: Buffer.from(options.body) }),
      });
      return { status: response.statusCode, body: parseBody<T>(response), headers: response.headers as IncomingHttpHeaders };
    },
    async fetch(url: string, init: RequestInit = {}) {
      const response = await inject({
        method: init.method ?? 'GET',
        url,
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        ...(init.body === undefined || init.body === null ? {} : { payload: Buffer.from(await new Response(init.body).arrayBuffer()) }),
      });
      const empty = [101, 204, 205, 304].includes(response.statusCode) || init.method === 'HEAD';
      return new Response(empty ? null : new Uint8Array(response.rawPayload), {
        status: response.statusCode,
        headers: toHeaders(response.headers),
      });
    },
    async listen() {
      return app.listen({ port: 0, host: '127.0.0.1' });
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await services.close();
      await database.close();
      if (!reusedDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The handle tests know; on PostgreSQL a test that reaches for the SQLite connection is told why it cannot. */
function handleOf(database: TestDatabase): DbHandle {
  return {
    db: database.db,
    get sqlite() {
      if (!database.sqlite) throw new Error('this test uses the SQLite connection directly: it cannot run on PostgreSQL');
      return database.sqlite;
    },
    close: () => undefined,
  };
}

function parseBody<T>(response: InjectResponse): T {
  const text = response.body;
  return (text && String(response.headers['content-type']).includes('json') ? JSON.parse(text) : text) as T;
}

function toHeaders(headers: InjectResponse['headers']): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of [value].flat()) result.append(name, String(one));
  }
  return result;
}
