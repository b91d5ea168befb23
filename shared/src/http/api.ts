import { attendanceRoutes } from '../attendance/routes';
import { authRoutes } from '../auth/routes';
import { captionRoutes } from '../captions/routes';
import { checkinRoutes } from '../checkins/routes';
import { letterRoutes } from '../letters/routes';
import { phoneRoutes } from '../phone/routes';
import { programRoutes } from '../program/routes';
import { reportRoutes } from '../reports/routes';
import { sessionRoutes } from '../sessions/routes';
import { staffRoutes } from '../staff/routes';
import { staffLiveRoutes } from '../staffLive/routes';
import { surveyRoutes } from '../survey/routes';
import { venueRoutes } from '../venues/routes';

/**
 * Every feature's REST contract, by feature: the whole API. The server registers each (server/src/app.ts) and a test
 * checks that it registers nothing else. Pages import their feature's table, not this one.
 */
export const API_ROUTES = {
  auth: authRoutes,
  sessions: sessionRoutes,
  venues: venueRoutes,
  attendance: attendanceRoutes,
  checkins: checkinRoutes,
  reports: reportRoutes,
  program: programRoutes,
  staff: staffRoutes,
  staffLive: staffLiveRoutes,
  survey: surveyRoutes,
  phone: phoneRoutes,
  letters: letterRoutes,
  captions: captionRoutes,
} as const;
