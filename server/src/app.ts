import fs from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { serveClientApp } from './http/clientApp';
import { installErrorHandlers } from './http/errorHandler';
import type { Logger } from './logger';
import { sessionRoutes } from './sessions/routes';
import type { SessionService } from './sessions/service';

export interface AppDeps {
  sessions: SessionService;
}

/** The HTTP application: API routes and the built client. Realtime is attached by the server. */
export async function buildApp(config: Config, logger: Logger, deps: AppDeps): Promise<FastifyInstance> {
  const https = config.tls
    ? { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) }
    : null;
  const app = Fastify({ loggerInstance: logger, https, logController: new LogController({ disableRequestLogging: true }), routerOptions: { maxParamLength: 500 } }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);

  app.get('/api/health', async () => ({ ok: true }));
  await app.register(sessionRoutes, deps);
  await serveClientApp(app, config.clientDistDir);
  return app;
}
