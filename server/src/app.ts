import fs from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { HTTP_LIMITS } from '@shared/limits';
import { attendanceRoutes } from './attendance/routes';
import { authPlugin } from './auth/plugin';
import { authRoutes } from './auth/routes';
import { checkinRoutes } from './checkins/routes';
import type { Services } from './composition/services';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import { installAccessControl } from './http/access';
import { serveClientApp } from './http/clientApp';
import { installCsrfGuard } from './http/csrf';
import { installErrorHandlers } from './http/errorHandler';
import { proxyTrust } from './http/proxyTrust';
import { installApiRateLimit } from './http/rateLimit';
import { programRoutes } from './program/routes';
import { reportRoutes } from './reports/routes';
import { sessionRoutes } from './sessions/routes';
import { staffRoutes } from './staff/routes';
import { venueRoutes } from './venues/routes';

/**
 * The HTTP application: API routes with OpenAPI, and the built client; it does not listen (startServer does,
 * and attaches realtime), so a test can `inject()` requests into it.
 * Every request passes, in this order: the per-address rate limit, the session cookie, the route's access
 * (401/403), the cross-site guard (JSON bodies, same origin), then body parsing and validation.
 */
export async function buildApp(config: Config, logger: Logger, services: Services): Promise<FastifyInstance> {
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
  installCsrfGuard(app, config.publicUrl);

  const open = { access: 'public' } as const;
  app.get('/api/openapi.json', { config: open, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { config: open, schema: { hide: true } }, async () => ({ ok: true }));
  await registerApiRoutes(app, services);
  await serveClientApp(app, config.clientDistDir);
  return app;
}

/** Every feature's REST routes, each plugin given the services it uses. */
async function registerApiRoutes(app: FastifyInstance, s: Services): Promise<void> {
  await app.register(authRoutes, { auth: s.auth });
  await app.register(sessionRoutes, { sessions: s.sessions });
  await app.register(venueRoutes, {
    venues: s.venues,
    schedules: s.schedules,
    participants: s.participants,
    invites: s.invites,
    sessions: s.venueSessions,
  });
  await app.register(attendanceRoutes, { attendance: s.attendance });
  await app.register(checkinRoutes, {
    checkins: s.checkins,
    questionnaires: s.questionnaires,
    watch: s.watch,
    wellbeingExport: s.wellbeingExport,
    exportGate: s.exportGate,
  });
  await app.register(reportRoutes, { reports: s.reports, exportService: s.exports, exportGate: s.exportGate });
  await app.register(programRoutes, { programs: s.programs, videos: s.videos, quizzes: s.quizzes });
  await app.register(staffRoutes, { staff: s.staff });
}
