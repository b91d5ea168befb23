import { defineRoutes } from '../http/routes';

/** Sign-in, sign-out, who is signed in, changing one's password. */
export const authRoutes = defineRoutes({
  login: {
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    body: 'LoginRequest',
    response: 'CurrentUser',
    errors: [401, 403, 429, 503],
    tags: ['auth'],
  },
  logout: { method: 'POST', path: '/api/auth/logout', access: 'public', response: 'Ok', errors: [], tags: ['auth'] },
  me: { method: 'GET', path: '/api/auth/me', access: 'staff', response: 'CurrentUser', errors: [401], tags: ['auth'] },
  changePassword: {
    method: 'POST',
    path: '/api/auth/password',
    access: 'staff',
    body: 'ChangePasswordRequest',
    response: 'Ok',
    errors: [401, 503],
    tags: ['auth'],
  },
  accessLink: {
    method: 'GET',
    path: '/api/auth/links/:token',
    access: 'public',
    params: 'AccessLinkParams',
    response: 'AccessLinkInfo',
    errors: [400, 404],
    tags: ['auth'],
    description: 'Whose one-time set-password link this is, and whether it still works (valid, used, expired).',
  },
  useAccessLink: {
    method: 'POST',
    path: '/api/auth/links/:token',
    access: 'public',
    params: 'AccessLinkParams',
    body: 'SetPasswordWithLink',
    response: 'CurrentUser',
    errors: [400, 403, 404, 409, 429, 503],
    tags: ['auth'],
    description: 'Sets the password with a one-time link (once, within 24 hours) and signs in.',
  },
});
