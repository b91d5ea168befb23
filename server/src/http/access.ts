import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Access } from '@shared/http/routes';
import { AppError } from '../core/errors';

/**
 * Who may call a route, declared in its options (`config: { access: 'organiser' }`, set from the REST contract's
 * `access` by registerRoutes):
 * - `public`: anyone (sign-in, health, invite and session lookups, signed video links);
 * - `staff`: any signed-in user (organiser or host); the service then checks venues and organisations;
 * - `organiser`: signed-in organisers only.
 * An API route that declares nothing is `staff`: a new route is closed to strangers unless it says otherwise.
 * Routes outside /api (the built client's files) are public.
 */
export type { Access };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route and who may call it, as registered (HEAD routes included). */
    routeAccess: readonly RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

/**
 * Checks the route's access on every request, right after the session cookie is read and before the body is
 * parsed or anything is validated: a stranger gets 401 and a host on an organiser's route 403, never a schema's
 * details. Install after the auth plugin (it sets `request.user`) and before any route.
 */
export function installAccessControl(app: FastifyInstance): void {
  const table: RouteAccess[] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route) => {
    const access = accessOf(route);
    route.config = { ...route.config, access };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    checkAccess(request, request.routeOptions.config.access ?? 'staff');
  });
}

function accessOf(route: RouteOptions): Access {
  const declared = route.config?.access;
  if (declared) return declared;
  return route.url.startsWith('/api/') ? 'staff' : 'public';
}

function checkAccess(request: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (access === 'organiser' && request.user.role !== 'organiser') throw new AppError('NOT_ALLOWED', 'Only an organiser can do this');
}
