import type { staffRoutes } from '@shared/staff/routes';
import { requireRole, requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { StaffService } from './service';

/** The organisation's staff accounts: organisers only (the contract says so; checked before validation). */
export function staffHandlers({ staff }: { staff: StaffService }): RouteHandlers<typeof staffRoutes> {
  return {
    list: (request) => staff.list(requireRole(request, 'organiser')),
    invite: (request) => staff.invite(requireRole(request, 'organiser'), request.body),
    resetAccess: (request) => staff.resetAccess(requireRole(request, 'organiser'), request.params.userId),
    venueHosts: (request) => staff.venueHosts(requireUser(request), request.params.venueId),
    unlock: (request) => staff.liftLockout(requireRole(request, 'organiser'), request.params.userId),
    disable: (request) => staff.setDisabled(requireRole(request, 'organiser'), request.params.userId, true),
    enable: (request) => staff.setDisabled(requireRole(request, 'organiser'), request.params.userId, false),
    setVenues: (request) => staff.setHostVenues(requireRole(request, 'organiser'), request.params.userId, request.body.venueIds),
  };
}
