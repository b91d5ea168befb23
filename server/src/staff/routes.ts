import type { staffRoutes } from '@shared/staff/routes';
import { requireRole, requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { StaffService } from './service';

/** The organisation's staff accounts: organisers only (the contract says so; checked before validation). */
export function staffHandlers({ staff }: { staff: StaffService }): RouteHandlers<typeof staffRoutes> {
  return {
    list: async (request) => await staff.list(requireRole(request, 'organiser')),
    invite: async (request) => await staff.invite(requireRole(request, 'organiser'), request.body),
    resetAccess: async (request) => await staff.resetAccess(requireRole(request, 'organiser'), request.params.userId),
    venueHosts: async (request) => await staff.venueHosts(requireUser(request), request.params.venueId),
    unlock: async (request) => await staff.liftLockout(requireRole(request, 'organiser'), request.params.userId),
    disable: async (request) => await staff.setDisabled(requireRole(request, 'organiser'), request.params.userId, true),
    enable: async (request) => await staff.setDisabled(requireRole(request, 'organiser'), request.params.userId, false),
    setVenues: async (request) =>
      await staff.setHostVenues(requireRole(request, 'organiser'), request.params.userId, request.body.venueIds),
  };
}
