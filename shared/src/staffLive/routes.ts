import { defineRoutes } from '../http/routes';

/** The live channel's starting point: today's open 困りごと and attendance of the user's venues. */
export const staffLiveRoutes = defineRoutes({
  today: {
    method: 'GET',
    path: '/api/staff-live/today',
    access: 'staff',
    response: 'StaffLiveToday',
    tags: ['staff-live'],
  },
});
