import { defineRoutes } from '../http/routes';

/** Read-only lookups the join and venue pages make before the call; public (the token or session id is the key). */
export const sessionRoutes = defineRoutes({
  invite: { method: 'GET', path: '/api/invites/:token', access: 'public', params: 'InviteParams', response: 'InviteInfo', errors: [404] },
  session: {
    method: 'GET',
    path: '/api/sessions/:sessionId',
    access: 'public',
    params: 'SessionParams',
    response: 'VenueSessionInfo',
    errors: [404],
  },
});
