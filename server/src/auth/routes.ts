import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/ack';
import { ChangePasswordRequest, CurrentUser, LoginRequest } from '@shared/auth/schemas';
import { Ok } from '@shared/common';
import { requireUser, SESSION_COOKIE } from './plugin';
import type { AuthService } from './service';

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        body: LoginRequest,
        response: { 200: CurrentUser, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const { token, user } = await auth.login(request.body.email, request.body.password, request.ip);
      app.sessionCookie.set(reply, token);
      return user;
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: Ok } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) auth.logout(token);
      app.sessionCookie.clear(reply);
      return { ok: true as const };
    },
  );

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: CurrentUser, 401: ErrorBody } } }, async (request) =>
    requireUser(request),
  );

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], body: ChangePasswordRequest, response: { 200: Ok, 401: ErrorBody, 503: ErrorBody } } },
    async (request) => {
      const user = requireUser(request);
      await auth.changePassword(user, request.cookies[SESSION_COOKIE] ?? '', request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );
};
