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
});
