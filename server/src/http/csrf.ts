import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors';
import { hasBody } from './body';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Body media types the route takes instead of JSON (the video upload's video/mp4, video/webm). */
    bodyTypes?: readonly string[];
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = 'application/json';
/** What a browser says for a request its user started (typed address, bookmark) or one from our own pages. */
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Cross-site request forgery guard for every state-changing request, before its body is read:
 * 1. the body must be JSON (or one of the route's `bodyTypes`): a page of another site can send text/plain,
 *    form or multipart bodies without asking, but not JSON; a request without a body needs no type;
 * 2. a browser's request must come from our own pages: `Sec-Fetch-Site` same-origin (or none) when the browser
 *    sends it, else `Origin` equal to the public URL's origin or the request's own (scheme and Host), or in a
 *    cluster another node's or the entry address's (a request forwarded from another node keeps its page's Origin).
 * Clients that send neither header (scripts, tools) are not browsers acting for someone else and pass.
 */
export function installCsrfGuard(app: FastifyInstance, publicUrl: string, clusterOrigins?: () => ReadonlySet<string>): void {
  const publicOrigin = new URL(publicUrl).origin;
  const ours = (origin: string) => origin === publicOrigin || (clusterOrigins?.().has(origin) ?? false);
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.is404) return;
    checkBodyType(request);
    checkSameOrigin(request, ours);
  });
}

function checkBodyType(request: FastifyRequest): void {
  const header = request.headers['content-type'];
  if (header === undefined) {
    if (hasBody(request)) throw new AppError('UNSUPPORTED_TYPE', `Send the body as ${JSON_TYPE}`, 'contentType');
    return;
  }
  const type = header.split(';')[0]!.trim().toLowerCase();
  const allowed = request.routeOptions.config.bodyTypes ?? [JSON_TYPE];
  if (!allowed.includes(type))
    throw new AppError('UNSUPPORTED_TYPE', `This request takes ${allowed.join(' or ')}, not ${type || 'an empty type'}`, 'contentType');
}

function checkSameOrigin(request: FastifyRequest, ours: (origin: string) => boolean): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    if (!ALLOWED_FETCH_SITES.has(site)) throw crossOrigin();
    return;
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!ours(origin) && origin !== `${request.protocol}://${request.host}`) throw crossOrigin();
}

function crossOrigin(): AppError {
  return new AppError('CROSS_ORIGIN', 'This request came from a page of another site; open Kayoi and try again there');
}
