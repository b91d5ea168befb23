import type { sessionRoutes } from '@shared/sessions/routes';
import type { RouteHandlers } from '../core/routes';
import type { SessionService } from './service';

/** Read-only lookups the join and venue pages make before the call; public (the token or session id is the key). */
export function sessionHandlers({ sessions }: { sessions: SessionService }): RouteHandlers<typeof sessionRoutes> {
  return {
    invite: async (request) => await sessions.getInviteInfo(request.params.token),
    session: async (request) => await sessions.getSession(request.params.sessionId),
  };
}
