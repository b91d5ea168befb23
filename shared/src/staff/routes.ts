import { defineRoutes } from '../http/routes';

const member = { access: 'organiser', params: 'StaffParams', response: 'StaffMember', tags: ['staff'] } as const;

/**
 * The organisation's staff accounts: organisers only (checked before validation, server/src/http/access.ts: a
 * stranger gets 401 and a host 403, never a schema's details). Each change answers the member as it is now.
 */
export const staffRoutes = defineRoutes({
  list: { method: 'GET', path: '/api/staff', access: 'organiser', response: 'StaffList', tags: ['staff'] },
  unlock: { method: 'POST', path: '/api/staff/:userId/unlock', ...member },
  disable: { method: 'POST', path: '/api/staff/:userId/disable', ...member },
  enable: { method: 'POST', path: '/api/staff/:userId/enable', ...member },
  setVenues: { method: 'PUT', path: '/api/staff/:userId/venues', body: 'SetStaffVenues', ...member },
});
