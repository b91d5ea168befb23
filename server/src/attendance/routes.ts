import type { attendanceRoutes } from '@shared/attendance/routes';
import { requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { AttendanceService } from './service';

/** The host's roster: mark, undo, correct, walk-ins. PUT and DELETE are idempotent, so a double tap is harmless. */
export function attendanceHandlers({ attendance }: { attendance: AttendanceService }): RouteHandlers<typeof attendanceRoutes> {
  return {
    roster: async (request) => await attendance.roster(requireUser(request), request.params.sessionId),
    mark: async (request) =>
      await attendance.mark(requireUser(request), request.params.sessionId, request.params.participantId, request.body.mode),
    unmark: async (request) => await attendance.unmark(requireUser(request), request.params.sessionId, request.params.participantId),
    correct: async (request) =>
      await attendance.correct(requireUser(request), request.params.sessionId, request.params.participantId, request.body),
    walkIn: async (request) => await attendance.walkIn(requireUser(request), request.params.sessionId, request.body),
  };
}
