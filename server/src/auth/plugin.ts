import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRole } from '@shared/auth/schemas';
import { AppError } from '../core/errors';
import { SESSION_TTL_MS, type AuthService, type AuthUser } from './service';

export const SESSION_COOKIE = 'kayoi_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | undefined;
  }
}

/** Reads the session cookie on every request and decorates `request.user`. */
export const authPlugin = fp<{ auth: AuthService; secureCookies: boolean }>(async (app, { auth, secureCookies }) => {
  await app.register(fastifyCookie);
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request) => {
    request.user = await auth.userForToken(request.cookies[SESSION_COOKIE]);
  });
  app.decorate('sessionCookie', {
    set(reply: FastifyReply, token: string) {
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: SESSION_TTL_MS / 1000,
      });
    },
    clear(reply: FastifyReply) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookie: { set(reply: FastifyReply, token: string): void; clear(reply: FastifyReply): void };
  }
}

export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.user;
}

export function requireRole(request: FastifyRequest, role: UserRole): AuthUser {
  const user = requireUser(request);
  if (user.role !== role) throw new AppError('NOT_ALLOWED', `Only an ${role} can do this`);
  return user;
}

export type { FastifyInstance };
