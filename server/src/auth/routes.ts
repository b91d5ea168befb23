import type { FastifyInstance } from 'fastify';
import type { authRoutes } from '@shared/auth/routes';
import type { RouteHandlers } from '../core/routes';
import type { AccessLinks } from './accessLinks';
import { requireUser, SESSION_COOKIE } from './plugin';
import type { AuthService } from './service';

/** Sign-in and sign-out set and clear the session cookie (the app's `sessionCookie`, from the auth plugin). */
export function authHandlers(
  app: FastifyInstance,
  { auth, accessLinks }: { auth: AuthService; accessLinks: AccessLinks },
): RouteHandlers<typeof authRoutes> {
  return {
    login: async (request, reply) => {
      const { token, user } = await auth.login(request.body.email, request.body.password, request.ip);
      app.sessionCookie.set(reply, token);
      return user;
    },
    logout: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      app.sessionCookie.clear(reply);
      return { ok: true };
    },
    me: (request) => requireUser(request),
    changePassword: async (request) => {
      const user = requireUser(request);
      await auth.changePassword(user, request.cookies[SESSION_COOKIE] ?? '', request.body.currentPassword, request.body.newPassword);
      return { ok: true };
    },
    accessLink: async (request) => await accessLinks.describe(request.params.token),
    useAccessLink: async (request, reply) => {
      const { token, user } = await accessLinks.setPassword(request.params.token, request.body.password);
      app.sessionCookie.set(reply, token);
      return user;
    },
  };
}
