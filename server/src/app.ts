import fs from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { HTTP_LIMITS } from '@shared/limits';
import { authPlugin } from './auth/plugin';
import { authRoutes } from './auth/routes';
import type { AuthService } from './auth/service';
import type { Config } from './core/config';
import { installAccessControl } from './http/access';
import { serveClientApp } from './http/clientApp';
import { installCsrfGuard } from './http/csrf';
import { installErrorHandlers } from './http/errorHandler';
import { proxyTrust } from './http/proxyTrust';
import { installApiRateLimit } from './http/rateLimit';
import type { Logger } from './core/logger';
import { sessionRoutes } from './sessions/routes';
import type { SessionService } from './sessions/service';

export interface AppDeps {
  auth: AuthService;
  sessions: SessionService;
  /** Feature plugins (venues, attendance, reports, …) registered after auth, each with its own services. */
  features?: ((app: FastifyInstance) => PromiseLike<unknown>)[];
}

/**
 * The HTTP application: API routes with OpenAPI, and the built client. Realtime is attached by the server.
 * Every request passes, in this order: the per-address rate limit, the session cookie, the route's access
 * (401/403), the cross-site guard (JSON bodies, same origin), then body parsing and validation.
 */
export async function buildApp(config: Config, logger: Logger, deps: AppDeps): Promise<FastifyInstance> {
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
  await app.register(authPlugin, { auth: deps.auth, secureCookies: config.publicUrl.startsWith('https:') });
  installAccessControl(app);
  installCsrfGuard(app, config.publicUrl);

  const open = { access: 'public' } as const;
  app.get('/api/openapi.json', { config: open, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { config: open, schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(authRoutes, { auth: deps.auth });
  await app.register(sessionRoutes, { sessions: deps.sessions });
  for (const feature of deps.features ?? []) await feature(app);
  await serveClientApp(app, config.clientDistDir);
  return app;
}
