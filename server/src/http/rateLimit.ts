import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RetryLaterError } from '../core/errors';

const WINDOW_MS = 60_000;

/**
 * A ceiling per client address (`request.ip`, so set KAYOI_TRUST_PROXY behind a reverse proxy) on the whole API:
 * `perMinute` requests in a fixed minute, then 429 RATE_LIMITED with Retry-After until the minute is over.
 * Runs first on every request, before the session is looked up. Not counted: /api/health (monitors) and
 * everything outside /api (the client's files and pages, which a venue full of devices loads at once).
 */
export async function installApiRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    max: perMinute,
    timeWindow: WINDOW_MS,
    allowList: (request) => !countsTowardLimit(request),
    errorResponseBuilder: (_request, context) =>
      new RetryLaterError(
        'RATE_LIMITED',
        `Too many requests from this address: at most ${context.max} a minute; try again in ${context.after}`,
        context.ttl,
      ),
  });
  app.addHook('onRequest', app.rateLimit());
}

function countsTowardLimit(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0]!;
  return path.startsWith('/api/') && path !== '/api/health';
}
