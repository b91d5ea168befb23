import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/ack';
import { InviteInfo, InviteParams, SessionParams, VenueSessionInfo } from '@shared/sessions/schemas';
import type { SessionService } from './service';

/** Read-only lookups the join and venue pages make before the call; public (the token or session id is the key). */
export const sessionRoutes: FastifyPluginAsyncZod<{ sessions: SessionService }> = async (app, { sessions }) => {
  const config = { access: 'public' } as const;
  app.get(
    '/api/invites/:token',
    { config, schema: { params: InviteParams, response: { 200: InviteInfo, 404: ErrorBody } } },
    async (request) => sessions.getInviteInfo(request.params.token),
  );

  app.get(
    '/api/sessions/:sessionId',
    { config, schema: { params: SessionParams, response: { 200: VenueSessionInfo, 404: ErrorBody } } },
    async (request) => sessions.getSession(request.params.sessionId),
  );
};
