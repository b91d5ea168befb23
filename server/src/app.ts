import fs from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { attendanceRoutes } from '@shared/attendance/routes';
import { staffLiveRoutes } from '@shared/staffLive/routes';
import { authRoutes } from '@shared/auth/routes';
import { checkinRoutes } from '@shared/checkins/routes';
import { HTTP_LIMITS } from '@shared/limits';
import { letterRoutes } from '@shared/letters/routes';
import { phoneRoutes } from '@shared/phone/routes';
import { captionRoutes } from '@shared/captions/routes';
import { programRoutes } from '@shared/program/routes';
import { reportRoutes } from '@shared/reports/routes';
import { surveyRoutes } from '@shared/survey/routes';
import { sessionRoutes } from '@shared/sessions/routes';
import { staffRoutes } from '@shared/staff/routes';
import { venueRoutes } from '@shared/venues/routes';
import { attendanceHandlers } from './attendance/routes';
import { staffLiveHandlers } from './staffLive/routes';
import { AccessWork, type AccessEvents } from './auth/accessEvents';
import { authPlugin } from './auth/plugin';
import { authHandlers } from './auth/routes';
import { checkinHandlers } from './checkins/routes';
import type { Services } from './composition/services';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import { installAccessControl } from './http/access';
import { letterHandlers } from './letters/routes';
import { serveClientApp } from './http/clientApp';
import { installCsrfGuard } from './http/csrf';
import { installErrorHandlers } from './http/errorHandler';
import { proxyTrust } from './http/proxyTrust';
import { installApiRateLimit } from './http/rateLimit';
import { registerRoutes } from './http/routes';
import { phoneHandlers } from './phone/routes';
import { captionHandlers } from './captions/routes';
import { programHandlers } from './program/routes';
import { reportHandlers } from './reports/routes';
import { surveyHandlers } from './survey/routes';
import { sessionHandlers } from './sessions/routes';
import { staffHandlers } from './staff/routes';
import { venueHandlers } from './venues/routes';

/** Multi-node only (KAYOI_REDIS_URL): what the HTTP app takes from this node's ClusterNode. */
export interface AppCluster {
  /** The live nodes' and the entry address's origins: their pages' requests are our own. */
  origins: () => ReadonlySet<string>;
  /** Installs the forwarding of requests served by the session's node (before the routes are registered). */
  forwardSessionRequests(app: FastifyInstance): Promise<void>;
}

/**
 * The HTTP application: API routes with OpenAPI, and the built client; it does not listen (startServer does,
 * and attaches realtime), so a test can `inject()` requests into it.
 * Every request passes, in this order: the per-address rate limit, the session cookie, the route's access
 * (401/403), the cross-site guard (JSON bodies, same origin), then body parsing and validation.
 */
export async function buildApp(config: Config, logger: Logger, services: Services, cluster?: AppCluster): Promise<FastifyInstance> {
  const https = config.tls ? { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) } : null;
  const app = Fastify({
    loggerInstance: logger,
    https,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 500 },
    bodyLimit: HTTP_LIMITS.jsonBodyBytes,
    trustProxy: proxyTrust(config.trustProxy),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  // JSON is the only body the API reads (the video upload has its own parser); a text/plain body is what a
  // cross-site form can send.
  app.removeContentTypeParser('text/plain');

  await installApiRateLimit(app, config.apiRequestsPerMinute);
  await app.register(fastifySwagger, {
    openapi: { info: { title: 'Kayoi API', version: '1' } },
    transform: jsonSchemaTransform,
  });
  await app.register(authPlugin, { auth: services.auth, secureCookies: config.publicUrl.startsWith('https:') });
  installAccessControl(app);
  installCsrfGuard(app, config.publicUrl, cluster?.origins);
  answerAfterAccessChanges(app, services.access);

  const open = { access: 'public' } as const;
  app.get('/api/openapi.json', { config: open, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { config: open, schema: { hide: true } }, async () => ({ ok: true }));
  await cluster?.forwardSessionRequests(app);
  await registerApiRoutes(app, services);
  await serveClientApp(app, config.clientDistDir);
  return app;
}

/**
 * A change of access takes the affected devices out of the call before the request that made it is answered. Each
 * request waits for the work its own changes started (its hooks and handler run inside `access.runFor`), never for
 * another's: a slow revocation holds only its own answer.
 */
function answerAfterAccessChanges(app: FastifyInstance, access: AccessEvents): void {
  const works = new WeakMap<FastifyRequest, AccessWork>();
  app.addHook('onRequest', (request, _reply, done) => {
    const work = new AccessWork();
    works.set(request, work);
    access.runFor(work, done);
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    await works.get(request)?.settled();
    return payload;
  });
}

/**
 * Every feature's REST routes: its contract (shared/src/<feature>/routes.ts) with its handlers, each given the
 * services it uses. The contracts are listed in shared/src/http/api.ts too (the test that nothing else registers
 * an API route compares with it).
 */
async function registerApiRoutes(app: FastifyInstance, s: Services): Promise<void> {
  await registerRoutes(app, authRoutes, authHandlers(app, { auth: s.auth, accessLinks: s.accessLinks }));
  await registerRoutes(app, sessionRoutes, sessionHandlers({ sessions: s.sessions }));
  await registerRoutes(
    app,
    venueRoutes,
    venueHandlers({
      venues: s.venues,
      schedules: s.schedules,
      participants: s.participants,
      lifecycle: s.participantLifecycle,
      invites: s.invites,
      sessions: s.venueSessions,
    }),
  );
  await registerRoutes(app, attendanceRoutes, attendanceHandlers({ attendance: s.attendance }));
  await registerRoutes(app, staffLiveRoutes, staffLiveHandlers({ staffLive: s.staffLive }));
  await registerRoutes(
    app,
    checkinRoutes,
    checkinHandlers({
      checkins: s.checkins,
      questionnaires: s.questionnaires,
      watch: s.watch,
      wellbeingExport: s.wellbeingExport,
      exportGate: s.exportGate,
    }),
  );
  await registerRoutes(app, reportRoutes, reportHandlers({ reports: s.reports, exportService: s.exports, exportGate: s.exportGate }));
  await registerRoutes(app, surveyRoutes, surveyHandlers({ survey: s.survey, exportGate: s.exportGate }));
  await registerRoutes(app, programRoutes, programHandlers({ programs: s.programs, videos: s.videos, quizzes: s.quizzes }));
  await registerRoutes(app, staffRoutes, staffHandlers({ staff: s.staff }));
  await registerRoutes(app, phoneRoutes, phoneHandlers({ numbers: s.phoneNumbers, callOut: s.phoneCallOut }));
  await registerRoutes(app, letterRoutes, letterHandlers({ messages: s.letterMessages, letters: s.letters, retention: s.letterRetention }));
  await registerRoutes(app, captionRoutes, captionHandlers({ links: s.captionLinks, transcripts: s.captionTranscripts }));
}
