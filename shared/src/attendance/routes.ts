import { defineRoutes } from '../http/routes';

const tags = ['attendance'];

/** The host's roster: mark, undo, correct, walk-ins. PUT and DELETE are idempotent, so a double tap is harmless. */
export const attendanceRoutes = defineRoutes({
  roster: {
    method: 'GET',
    path: '/api/sessions/:sessionId/attendance',
    access: 'staff',
    params: 'SessionIdParams',
    response: 'Roster',
    tags,
  },
  mark: {
    method: 'PUT',
    path: '/api/sessions/:sessionId/attendance/:participantId',
    access: 'staff',
    params: 'AttendanceParams',
    body: 'MarkAttendance',
    response: 'RosterEntry',
    tags,
  },
  unmark: {
    method: 'DELETE',
    path: '/api/sessions/:sessionId/attendance/:participantId',
    access: 'staff',
    params: 'AttendanceParams',
    response: 'RosterEntry',
    tags,
  },
  correct: {
    method: 'PATCH',
    path: '/api/sessions/:sessionId/attendance/:participantId',
    access: 'staff',
    params: 'AttendanceParams',
    body: 'CorrectAttendance',
    response: 'RosterEntry',
    tags,
  },
  walkIn: {
    method: 'POST',
    path: '/api/sessions/:sessionId/walk-ins',
    access: 'staff',
    params: 'SessionIdParams',
    body: 'WalkIn',
    response: 'RosterEntry',
    status: 201,
    tags,
  },
});
