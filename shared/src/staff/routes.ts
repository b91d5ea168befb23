import { defineRoutes } from '../http/routes';

const member = { access: 'organiser', params: 'StaffParams', response: 'StaffMember', tags: ['staff'] } as const;

/**
 * The organisation's staff accounts: organisers only (checked before validation, server/src/http/access.ts: a
 * stranger gets 401 and a host 403, never a schema's details). Each change answers the member as it is now.
 */
export const staffRoutes = defineRoutes({
  list: { method: 'GET', path: '/api/staff', access: 'organiser', response: 'StaffList', tags: ['staff'] },
  invite: {
    method: 'POST',
    path: '/api/staff',
    access: 'organiser',
    body: 'InviteStaff',
    response: 'StaffAccessLink',
    status: 201,
    errors: [400, 401, 403, 404, 409],
    tags: ['staff'],
    description: 'Adds an organiser or host by email and answers their one-time set-password link (24 hours, once).',
  },
  resetAccess: {
    method: 'POST',
    path: '/api/staff/:userId/reset-access',
    access: 'organiser',
    params: 'StaffParams',
    response: 'StaffAccessLink',
    tags: ['staff'],
    description: 'Ends the account’s password and sign-ins (open connections too) and answers a new one-time link.',
  },
  venueHosts: {
    method: 'GET',
    path: '/api/staff/venues/:venueId/hosts',
    access: 'staff',
    params: 'VenueHostsParams',
    response: 'VenueHosts',
    tags: ['staff'],
    description: 'The hosts of a venue, names only: for a host of that venue (or an organiser).',
  },
  unlock: { method: 'POST', path: '/api/staff/:userId/unlock', ...member },
  disable: { method: 'POST', path: '/api/staff/:userId/disable', ...member },
  enable: { method: 'POST', path: '/api/staff/:userId/enable', ...member },
  setVenues: { method: 'PUT', path: '/api/staff/:userId/venues', body: 'SetStaffVenues', ...member },
});
